/** Every open connection of this app, by id, and the list the renderer shows. */
import { randomUUID } from 'node:crypto';
import type { Result } from '../../shared/result';
import type { ConnectionId, ConnectionSummary } from '../../shared/model/connection';
import type { Profile } from '../../shared/model/profile';
import { Connection, type ConnectionExtras } from './connection';
import type { WireTap } from './tap';
import { validateConnectOptions } from './validate-options';

export type ListListener = () => void;

export interface ConnectionManagerHooks {
	/** A wire tap for a new connection (the frame log), or undefined to capture nothing. */
	readonly wireTapFor?: (connectionId: ConnectionId) => WireTap | undefined;
	/** A connection was removed: drop what was kept for it. */
	readonly onRemoved?: (connectionId: ConnectionId) => void;
}

export class ConnectionManager {
	readonly #connections = new Map<ConnectionId, Connection>();
	readonly #listeners = new Set<ListListener>();

	constructor(readonly hooks: ConnectionManagerHooks = {}) {}

	/**
	 * Opens a new connection; resolves once it is connected and subscribed, or has failed (then it
	 * is not kept).
	 */
	async connect(
		profile: Profile,
		extras: ConnectionExtras = {},
	): Promise<Result<ConnectionSummary>> {
		const problem = validateConnectOptions(profile);
		if (problem) return { ok: false, error: problem };
		const id = randomUUID();
		const wireTap = extras.wireTap ?? this.hooks.wireTapFor?.(id);
		const connection = new Connection(id, profile, { ...extras, ...(wireTap ? { wireTap } : {}) });
		this.#connections.set(connection.id, connection);
		connection.onStateChange(() => this.#changed());
		this.#changed();
		const opened = await connection.open();
		// A connection that never opened is not kept: its error is the answer, shown where the
		// user asked. (A refused subscription leaves an open connection, which stays.)
		if (!opened.ok && connection.state.kind === 'failed') {
			this.#connections.delete(id);
			this.hooks.onRemoved?.(id);
			this.#changed();
		}
		return opened;
	}

	get(id: ConnectionId): Connection | undefined {
		return this.#connections.get(id);
	}

	list(): ConnectionSummary[] {
		return [...this.#connections.values()].map((connection) => connection.summary());
	}

	async disconnect(id: ConnectionId): Promise<Result<ConnectionSummary>> {
		const connection = this.#connections.get(id);
		if (!connection) return notFound(id);
		await connection.close();
		return { ok: true, value: connection.summary() };
	}

	async remove(id: ConnectionId): Promise<Result<null>> {
		const connection = this.#connections.get(id);
		if (!connection) return notFound(id);
		await connection.close();
		this.#connections.delete(id);
		this.hooks.onRemoved?.(id);
		this.#changed();
		return { ok: true, value: null };
	}

	onChange(listener: ListListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	async closeAll(): Promise<void> {
		await Promise.all([...this.#connections.values()].map((connection) => connection.close()));
	}

	#changed(): void {
		for (const listener of this.#listeners) listener();
	}
}

function notFound(id: ConnectionId): { ok: false; error: { code: 'not-found'; message: string } } {
	return { ok: false, error: { code: 'not-found', message: `No connection with id ${id}.` } };
}
