/** History as main and the renderer both see it: retention, rows, pages, search, jobs. */
import type { QoS } from '../mqtt/protocol';
import type { MessageDirection, MessageProperties } from './message';

/** Limits on what history keeps; absent means no limit of that kind. */
export interface RetentionLimits {
	readonly maxAgeMs?: number;
	/** Estimated bytes a message takes: payload + properties + a fixed row overhead. */
	readonly maxBytes?: number;
	readonly maxRows?: number;
	/** Never prune a topic below this many newest messages, whatever the other limits say. */
	readonly keepPerTopic?: number;
}

/** Global limits, plus limits per history connection (by its key). */
export interface RetentionPolicy {
	readonly global: RetentionLimits;
	readonly connections: Readonly<Record<string, RetentionLimits>>;
}

export const NO_RETENTION: RetentionPolicy = { global: {}, connections: {} };

/** A connection as history files it: a live connection, a recorder, or an import. */
export interface HistoryConnection {
	readonly id: number;
	readonly key: string;
	readonly name: string;
	readonly kind: 'live' | 'record' | 'import';
	readonly rows: number;
	readonly bytes: number;
}

/** One stored message as the renderer gets it: a preview, never the whole of a large payload. */
export interface HistoryItem {
	/** Its id in the history (ascending in the order messages were stored). */
	readonly id: number;
	readonly connectionId: number;
	readonly connectionName: string;
	readonly topic: string;
	readonly timeUs: number;
	readonly qos: QoS;
	readonly retain: boolean;
	readonly dup: boolean;
	readonly direction: MessageDirection;
	readonly sizeBytes: number;
	readonly payloadPreview: Uint8Array;
	/** True when `payloadPreview` holds fewer bytes than the message had. */
	readonly truncated: boolean;
	readonly properties: MessageProperties | undefined;
}

/** A page, newest first; `nextBeforeId` continues it (null: nothing older). */
export interface HistoryPage {
	readonly items: readonly HistoryItem[];
	readonly nextBeforeId: number | null;
}

export interface HistorySearchQuery {
	/** MQTT topic filter (`+`, `#`, the `$` rule); absent: every topic. */
	readonly topicFilter?: string;
	/** Substring, case-insensitive, in the topic, the payload text or user properties. */
	readonly text?: string;
	readonly connectionIds?: readonly number[];
	readonly sinceUs?: number;
	readonly untilUs?: number;
	readonly qos?: readonly QoS[];
	readonly retain?: boolean;
	readonly direction?: MessageDirection;
}

export interface HistorySearchPage extends HistoryPage {
	/** Messages looked at for this page (bounded, so a page never stalls main). */
	readonly scanned: number;
	/** True when nothing older is left to look at. */
	readonly isDone: boolean;
}

/** What history reports about itself: where, how big, what is kept, and what the writer lags. */
export interface HistoryInfo {
	readonly path: string;
	readonly fileBytes: number;
	readonly rows: number;
	readonly bytes: number;
	readonly connections: readonly HistoryConnection[];
	readonly retention: RetentionPolicy;
	/** Messages handed to the writer and not yet committed. */
	readonly backlogMessages: number;
	readonly backlogBytes: number;
	/** Messages dropped because the writer could not keep up (never silent: shown here). */
	readonly shed: number;
	readonly written: number;
	/** Highest message id covered by the full-text index (newer ones are searched by scanning). */
	readonly indexedUpToId: number;
}
