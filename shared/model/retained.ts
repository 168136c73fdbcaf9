/**
 * Retained messages as the retained view shows them, and what clearing them (and undoing a clear)
 * did, topic by topic.
 */

/** One topic seen with a retained message. */
export interface RetainedRow {
	readonly topic: string;
	readonly sizeBytes: number;
	/** Up to 80 characters of text, or `<n bytes>` when the payload is not text. */
	readonly preview: string;
	readonly qos: 0 | 1 | 2;
	/** When the retained message was received (or published by us), ms since the epoch. */
	readonly receivedAt: number;
}

/** A clear that can be undone: what was cleared, kept with its bytes in main. */
export interface RetainedSnapshotView {
	readonly id: number;
	readonly atMs: number;
	/** The subtree asked for ('' for every topic), or the one topic. */
	readonly below: string;
	/** Topics whose clear succeeded: what an undo publishes again. */
	readonly clearedCount: number;
	/** Set once undone. */
	readonly restoredAt: number | null;
}

/** The retained view of one connection: a window of the sorted rows, and the clears made. */
export interface RetainedListView {
	readonly below: string;
	/** Rows at or below `below`. */
	readonly totalMatching: number;
	/** Every topic seen with a retained message on this connection. */
	readonly totalCount: number;
	readonly offset: number;
	readonly rows: readonly RetainedRow[];
	readonly snapshots: readonly RetainedSnapshotView[];
}

/** The dry run of a clear: exactly the topics that would get a zero-byte retained message. */
export interface RetainedClearPlan {
	readonly below: string;
	readonly topics: readonly { readonly topic: string; readonly sizeBytes: number }[];
}

/** What became of one topic in a clear or an undo. */
export interface RetainedTopicResult {
	readonly topic: string;
	readonly isOk: boolean;
	/** "acknowledged (Success)", "sent (QoS 0: no acknowledgement)", or why it failed. */
	readonly message: string;
}

export interface RetainedOperationReport {
	readonly snapshotId: number;
	readonly results: readonly RetainedTopicResult[];
}
