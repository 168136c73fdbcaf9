/** Every open connection of this app, by id; tells its listeners when one is added or removed. */
import { randomUUID } from 'node:crypto';
import { err, ok, type Result } from '../../shared/result';
import type { ConnectionId, ConnectionSummary } from '../../shared/model/connection';
import type { Profile } from '../../shared/model/profile';
import { Connection, type ConnectionExtras } from './connection';
import { validateConnectOptions } from './validate-options';

export interface ConnectionLifecycle {
	/** A connection was made and is about to open: attach listeners now to miss nothing. */
	added?(connection: Connection): void;
	/** A connection was removed for good: drop what was kept for it. */
	removed?(connectionId: ConnectionId): void;
	/** The list or a connection's state changed. */
	changed?(): void;
}

/**
 * Another live connection of ours to the same broker with the same client id, if any: the broker
 * would let each take the session from the other in turn.
 */
function sameClientId(
	connections: Iterable<Connection>,
	profile: Profile,
	exceptId?: ConnectionId,
): Connection | undefined {
	if (profile.clientId === '') return undefined;
	for (const other of connections) {
		const p = other.profile;
		if (
			other.id !== exceptId &&
			other.isLive &&
			p.clientId === profile.clientId &&
			p.host.toLowerCase() === profile.host.toLowerCase() &&
			p.port === profile.port
		) {
			return other;
		}
	}
	return undefined;
}

export class ConnectionManager {
	readonly #connections = new Map<ConnectionId, Connection>();
	readonly #lifecycle = new Set<ConnectionLifecycle>();

	/** Listens to connections being added and removed; returns the function that stops it. */
	observe(lifecycle: ConnectionLifecycle): () => void {
		this.#lifecycle.add(lifecycle);
		return () => this.#lifecycle.delete(lifecycle);
	}

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
		const rival = sameClientId(this.#connections.values(), profile);
		if (rival) return clientIdInUse(rival);
		const connection = new Connection(randomUUID(), profile, extras);
		this.#connections.set(connection.id, connection);
		connection.onStateChange(() => this.#changed());
		for (const lifecycle of this.#lifecycle) lifecycle.added?.(connection);
		this.#changed();
		return this.#open(connection);
	}

	/** Opens a closed or failed connection again, keeping its id, tree and frames. */
	async reconnect(id: ConnectionId): Promise<Result<ConnectionSummary>> {
		const connection = this.#connections.get(id);
		if (!connection) return notFound(id);
		if (connection.isLive) return ok(connection.summary());
		const rival = sameClientId(this.#connections.values(), connection.profile, id);
		if (rival) return clientIdInUse(rival);
		return connection.open();
	}

	async #open(connection: Connection): Promise<Result<ConnectionSummary>> {
		const opened = await connection.open();
		// A connection that never opened is not kept: its error is the answer, shown where the
		// user asked. (A refused subscription leaves an open connection, which stays.)
		if (!opened.ok && connection.state.kind === 'failed') this.#drop(connection.id);
		return opened;
	}

	get(id: ConnectionId): Connection | undefined {
		return this.#connections.get(id);
	}

	/** The connection opened from a saved profile, if one is kept. */
	findByProfile(profileId: string): Connection | undefined {
		for (const connection of this.#connections.values()) {
			if (connection.extras.profileId === profileId) return connection;
		}
		return undefined;
	}

	all(): readonly Connection[] {
		return [...this.#connections.values()];
	}

	list(): ConnectionSummary[] {
		return [...this.#connections.values()].map((connection) => connection.summary());
	}

	async disconnect(id: ConnectionId): Promise<Result<ConnectionSummary>> {
		const connection = this.#connections.get(id);
		if (!connection) return notFound(id);
		await connection.close();
		return ok(connection.summary());
	}

	async remove(id: ConnectionId): Promise<Result<null>> {
		const connection = this.#connections.get(id);
		if (!connection) return notFound(id);
		await connection.close();
		this.#drop(id);
		return ok(null);
	}

	async closeAll(): Promise<void> {
		await Promise.all([...this.#connections.values()].map((connection) => connection.close()));
	}

	#drop(id: ConnectionId): void {
		if (!this.#connections.delete(id)) return;
		for (const lifecycle of this.#lifecycle) lifecycle.removed?.(id);
		this.#changed();
	}

	#changed(): void {
		for (const lifecycle of this.#lifecycle) lifecycle.changed?.();
	}
}

function notFound(id: ConnectionId): Result<never> {
	return err('not-found', `No connection with id ${id}.`);
}

function clientIdInUse(rival: Connection): Result<never> {
	const { clientId, host, port } = rival.profile;
	return err(
		'client-id-in-use',
		`"${rival.profile.name || `${host}:${port}`}" is already connected to ${host}:${port} with client id ${clientId}. The broker keeps one session per client id: a second connection would take it over, and each would keep disconnecting the other. Give this connection its own client id, or disconnect the other first.`,
	);
}
