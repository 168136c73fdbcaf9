/**
 * Per-connection view state that outlives the view on screen: the tree's expansion, selection and
 * scroll, the active tab, the frames filter. Kept while the app runs (switching connection or
 * opening the codec panel unmounts the view, not this), dropped when the connection is removed.
 *
 * Generic so app-wide state does not import the features whose state it keeps.
 */
/** Where removals are heard (ConnectionsState). */
export interface ConnectionRemovals {
	onRemoved(listener: (connectionId: string) => void): void;
}

export class ConnectionViews<View> {
	readonly #views = new Map<string, View>();

	constructor(
		connections: ConnectionRemovals,
		readonly create: (connectionId: string) => View,
	) {
		connections.onRemoved((id) => this.#views.delete(id));
	}

	/** The view state of a connection, made the first time it is shown. */
	of(connectionId: string): View {
		let view = this.#views.get(connectionId);
		if (view === undefined) {
			view = this.create(connectionId);
			this.#views.set(connectionId, view);
		}
		return view;
	}

	has(connectionId: string): boolean {
		return this.#views.has(connectionId);
	}
}
