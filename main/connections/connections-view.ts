/**
 * The connection list as a renderer sees it: sent whole (it is small) when a connection is added,
 * removed or changes state. Nothing per message: no view reads message counters from it.
 */
import type { ConnectionSummary } from '../../shared/model/connection';
import type { StreamView } from '../core/stream-view';
import type { ConnectionManager } from './connection-manager';

export interface ConnectionsMessage {
	readonly connections: readonly ConnectionSummary[];
}

export class ConnectionsView implements StreamView<ConnectionsMessage, never> {
	#isDirty = false;
	readonly #stopObserving: () => void;

	constructor(readonly manager: ConnectionManager) {
		this.#stopObserving = manager.observe({
			changed: () => {
				this.#isDirty = true;
			},
		});
	}

	snapshot(): ConnectionsMessage {
		this.#isDirty = false;
		return { connections: this.manager.list() };
	}

	poll(): ConnectionsMessage | null {
		return this.#isDirty ? this.snapshot() : null;
	}

	/** Stops listening to the manager (the stream ended). */
	dispose(): void {
		this.#stopObserving();
	}
}
