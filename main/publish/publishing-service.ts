/**
 * Publishing, request/response and retained messages for every connection: a publisher and a
 * retained manager per connection (attached by Core beside the tree), and the store of the saved
 * messages and the publish history.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionId } from '../../shared/model/connection';
import { err, type Result } from '../../shared/result';
import type { Connection } from '../connections/connection';
import { createLogger } from '../log/logger';
import { RetainedManager } from '../retained/retained-manager';
import type { TopicTree } from '../topics/topic-tree';
import { PublishStore } from './publish-store';
import { Publisher } from './publisher';

const log = createLogger('publish');

export interface PublishingOptions {
	/** Where the library and history live; without it they are not kept. */
	readonly dataDir?: string;
	readonly sqliteNativeBinding?: string;
}

function openStore(options: PublishingOptions): Result<PublishStore> {
	if (options.dataDir === undefined) {
		return err('not-found', 'Saved messages and the publish history are not kept in this mode.');
	}
	mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
	const store = PublishStore.open(join(options.dataDir, 'publish.sqlite'), {
		...(options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {}),
	});
	if (!store.ok) log.error('publish store unavailable', { problem: store.error.message });
	return store;
}

export class PublishingService {
	readonly #publishers = new Map<ConnectionId, Publisher>();
	readonly #retained = new Map<ConnectionId, RetainedManager>();
	/** The library and the history, or why they are unavailable. */
	readonly store: Result<PublishStore>;

	constructor(options: PublishingOptions) {
		this.store = openStore(options);
	}

	/** Attaches to a new connection; call after its tree's listener (the index reads the tree). */
	attach(connection: Connection, tree: TopicTree): void {
		const store = this.store;
		this.#publishers.set(
			connection.id,
			new Publisher(connection, (entry) => {
				if (store.ok) store.value.addHistory(entry);
			}),
		);
		const retained = new RetainedManager(connection, tree);
		this.#retained.set(connection.id, retained);
		connection.onMessage((message) => retained.index.ingest(message));
	}

	detach(connectionId: ConnectionId): void {
		this.#publishers.get(connectionId)?.dispose();
		this.#publishers.delete(connectionId);
		this.#retained.delete(connectionId);
	}

	publisher(connectionId: ConnectionId): Publisher | undefined {
		return this.#publishers.get(connectionId);
	}

	retained(connectionId: ConnectionId): RetainedManager | undefined {
		return this.#retained.get(connectionId);
	}

	close(): void {
		for (const publisher of this.#publishers.values()) publisher.dispose();
		if (this.store.ok) this.store.value.close();
	}
}
