/**
 * The retained messages of one connection: the index of what was seen, the dry run of a clear,
 * the clear itself (snapshotted first) and its undo.
 *
 * A clear only ever touches topics seen *as retained*: the topics asked for are checked against
 * the index, and the count the user confirmed must be the count sent, or nothing happens.
 * Snapshots are kept while the app runs.
 */
import type {
	RetainedClearPlan,
	RetainedOperationReport,
	RetainedSnapshotView,
} from '../../shared/model/retained';
import { err, ok, type Result } from '../../shared/result';
import type { Connection } from '../connections/connection';
import type { StoredMessage, TopicTree } from '../topics/topic-tree';
import { clearRetained, restoreRetained, type RetainedSnapshotItem } from './retained-clear';
import { RetainedIndex } from './retained-index';

interface Snapshot {
	readonly id: number;
	readonly atMs: number;
	readonly below: string;
	/** Only the topics whose clear the broker accepted. */
	readonly items: readonly RetainedSnapshotItem[];
	restoredAt: number | null;
}

/** Topics a single clear may cover; larger subtrees are cleared in parts. */
export const MAX_CLEAR_TOPICS = 100_000;

export class RetainedManager {
	readonly index: RetainedIndex;
	readonly #snapshots: Snapshot[] = [];
	#nextId = 1;
	#busy = false;
	/** Bumped when the snapshots change (the index has its own version). */
	snapshotsVersion = 0;

	constructor(
		readonly connection: Connection,
		tree: TopicTree,
	) {
		this.index = new RetainedIndex(tree);
	}

	/** The dry run: exactly the topics seen as retained at or below `below`. */
	plan(below: string): RetainedClearPlan {
		return {
			below,
			topics: this.index.topicsBelow(below).map((topic) => ({
				topic,
				sizeBytes: this.index.get(topic)?.payload.length ?? 0,
			})),
		};
	}

	/**
	 * Clears `topics` (as listed by a plan) after checking each was seen as retained and that the
	 * user confirmed this many. The messages are snapshotted before the first publish.
	 */
	async clear(
		below: string,
		topics: readonly string[],
		confirmedCount: number,
	): Promise<Result<RetainedOperationReport>> {
		if (confirmedCount !== topics.length) {
			return err(
				'invalid-request',
				`The confirmation says ${confirmedCount} topics but ${topics.length} were sent: nothing was cleared. Review the list again.`,
			);
		}
		const items: RetainedSnapshotItem[] = [];
		const originals = new Map<string, StoredMessage>();
		for (const topic of new Set(topics)) {
			const message = this.index.get(topic);
			if (message === undefined) {
				return err(
					'not-found',
					`${topic} has no retained message seen on this connection (cleared meanwhile?): nothing was cleared. Make the list again.`,
				);
			}
			originals.set(topic, message);
			items.push({
				topic,
				payload: message.payload,
				qos: message.qos,
				properties: message.properties,
			});
		}
		if (this.connection.state.kind !== 'connected') {
			return err(
				'not-connected',
				'Not connected: clear retained messages once the connection is up.',
			);
		}
		return this.#exclusive(async () => {
			const results = await clearRetained(
				this.connection,
				items.map((item) => item.topic),
			);
			const cleared = items.filter((_, i) => results[i]?.isOk === true);
			// The index dropped each topic as its empty message went out; a refused one is still retained.
			for (const [i, item] of items.entries()) {
				const original = originals.get(item.topic);
				if (results[i]?.isOk !== true && original !== undefined)
					this.index.set(item.topic, original);
			}
			const snapshot: Snapshot = {
				id: this.#nextId++,
				atMs: Date.now(),
				below,
				items: cleared,
				restoredAt: null,
			};
			this.#snapshots.unshift(snapshot);
			this.snapshotsVersion += 1;
			return ok({ snapshotId: snapshot.id, results });
		});
	}

	/** Publishes a clear's messages again, as they were. */
	async undo(snapshotId: number): Promise<Result<RetainedOperationReport>> {
		const snapshot = this.#snapshots.find((s) => s.id === snapshotId);
		if (snapshot === undefined) return err('not-found', `No clear numbered ${snapshotId} is kept.`);
		if (snapshot.restoredAt !== null) {
			return err('invalid-request', 'This clear was undone already.');
		}
		if (this.connection.state.kind !== 'connected') {
			return err('not-connected', 'Not connected: undo once the connection is up.');
		}
		return this.#exclusive(async () => {
			const results = await restoreRetained(this.connection, snapshot.items);
			snapshot.restoredAt = Date.now();
			this.snapshotsVersion += 1;
			return ok({ snapshotId, results });
		});
	}

	snapshots(): RetainedSnapshotView[] {
		return this.#snapshots.map((s) => ({
			id: s.id,
			atMs: s.atMs,
			below: s.below,
			clearedCount: s.items.length,
			restoredAt: s.restoredAt,
		}));
	}

	/** One clear or undo at a time per connection: two would race on the same topics. */
	async #exclusive<T>(action: () => Promise<Result<T>>): Promise<Result<T>> {
		if (this.#busy) {
			return err(
				'invalid-request',
				'A clear or an undo is still running on this connection: wait for it.',
			);
		}
		this.#busy = true;
		try {
			return await action();
		} finally {
			this.#busy = false;
		}
	}
}
