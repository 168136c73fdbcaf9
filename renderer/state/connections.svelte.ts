/** The app's connections as main reports them, and which one is on screen. */
import { createContext } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import type { ConnectionSummary } from '../../shared/model/connection';
import { api } from '../lib/api';

export class ConnectionsState {
	#list = $state.raw<readonly ConnectionSummary[]>([]);
	selectedId = $state<string | null>(null);
	/** True while the user is on the "new connection" page rather than a connection's view. */
	isCreating = $state(true);
	/** True while the codec panel is on screen; choosing a connection or a new one leaves it. */
	isCodecOpen = $state(false);
	/** True while the history page (search, charts, export, settings) is on screen. */
	isHistoryOpen = $state(false);

	readonly #removedListeners: ((id: string) => void)[] = [];

	#listen = createSubscriber(() =>
		api.subscribe('connections:state', {}, ({ connections }) => {
			const before = this.#list;
			this.#list = connections;
			// A handful of connections: a scan per entry costs nothing.
			for (const { id } of before) {
				if (connections.some((connection) => connection.id === id)) continue;
				for (const listener of this.#removedListeners) listener(id);
			}
		}),
	);

	/** Calls `listener` with the id of each connection that leaves the list (closed and removed). */
	onRemoved(listener: (id: string) => void): void {
		this.#removedListeners.push(listener);
	}

	get list(): readonly ConnectionSummary[] {
		this.#listen();
		return this.#list;
	}

	get selected(): ConnectionSummary | null {
		return this.list.find((connection) => connection.id === this.selectedId) ?? null;
	}

	show(id: string): void {
		this.selectedId = id;
		this.isCreating = false;
		this.isCodecOpen = false;
		this.isHistoryOpen = false;
	}

	startNew(): void {
		this.isCreating = true;
		this.isCodecOpen = false;
		this.isHistoryOpen = false;
	}

	openCodec(): void {
		this.isCodecOpen = true;
		this.isHistoryOpen = false;
	}

	openHistory(): void {
		this.isHistoryOpen = true;
		this.isCodecOpen = false;
	}

	async disconnect(id: string): Promise<void> {
		await api.invoke('connections:disconnect', { connectionId: id });
	}

	/** Opens a closed or failed connection again; its error, if any, shows on the connection. */
	async reconnect(id: string): Promise<void> {
		await api.invoke('connections:reconnect', { connectionId: id });
	}

	async remove(id: string): Promise<void> {
		await api.invoke('connections:remove', { connectionId: id });
		if (this.selectedId === id) {
			this.selectedId = null;
			this.isCreating = true;
		}
	}
}

export const [getConnections, setConnections] = createContext<ConnectionsState>();
