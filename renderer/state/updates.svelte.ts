/** The app's own update status, from main's `updates:state` stream, and what the user can do. */
import { createContext } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import type { UpdateStatus } from '../../shared/model/updates';
import { api } from '../lib/api';

export class UpdatesState {
	#status = $state.raw<UpdateStatus | null>(null);
	/** The user said "Later" to this version's offer: not offered again while the app runs. */
	dismissedVersion = $state<string | null>(null);
	readonly #listen = createSubscriber(() =>
		api.subscribe('updates:state', {}, (status) => {
			this.#status = status;
		}),
	);

	get status(): UpdateStatus | null {
		this.#listen();
		return this.#status;
	}

	/** A check the user asked for: its outcome is shown, offline included. */
	async check(): Promise<void> {
		const answer = await api.invoke('updates:check', {});
		if (answer.ok) this.#status = answer.value;
	}

	/** The user agreed to download the release found. */
	async download(): Promise<void> {
		await api.invoke('updates:download', {});
	}

	async install(): Promise<void> {
		await api.invoke('updates:install', {});
	}
}

export const [getUpdates, setUpdates] = createContext<UpdatesState>();
