/**
 * The status bar's figures for one connection: messages and bytes per second, and what main
 * coalesced or shed for this window. Runs while the bar is on screen.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { TrafficStats } from '../../../shared/model/traffic';
import { api } from '../../lib/api';

export class TrafficState {
	#stats = $state.raw<TrafficStats | null>(null);
	readonly #listen = createSubscriber(() =>
		api.subscribe('connection:traffic', { connectionId: this.connectionId }, (stats) => {
			this.#stats = stats;
		}),
	);

	constructor(readonly connectionId: string) {}

	/** Null until main's first answer: nothing is shown rather than zeros that are not true. */
	get stats(): TrafficStats | null {
		this.#listen();
		return this.#stats;
	}
}
