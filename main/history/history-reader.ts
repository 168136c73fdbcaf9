/**
 * The read side of a history database: connections, a topic's messages paged by key, one message,
 * payload bytes in pages, and rows for export. Every query is bounded (LIMIT, key ranges): none
 * uses OFFSET or counts rows per page.
 */
import type Database from 'better-sqlite3';
import type { HistoryConnection, HistoryItem, HistoryPage } from '../../shared/model/history';
import { MAX_PREVIEW_BYTES, type MessageProperties } from '../../shared/model/message';
import { propertiesFromJson } from '../../shared/model/message-json';
import type { QoS } from '../../shared/mqtt/protocol';
import { FLAG_DUP, FLAG_OUT, FLAG_RETAIN } from './batch-codec';
import { PAYLOAD_CHUNK_BYTES, PAYLOAD_INLINE_BYTES } from './history-writer';

/** A message row as queries return it (payload: a preview or the inline part). */
export interface MessageRow {
	readonly id: number;
	readonly topic_id: number;
	readonly time_us: number;
	readonly flags: number;
	readonly size: number;
	readonly payload: Buffer;
	readonly properties: string | null;
}

export interface TopicInfo {
	readonly name: string;
	readonly connectionId: number;
}

export const MAX_PAGE_ITEMS = 1000;
/** The largest slice of a payload one request returns. */
export const MAX_PAYLOAD_SLICE = 4 * 1024 * 1024;

export function parseProperties(json: string | null): MessageProperties | undefined {
	if (json === null) return undefined;
	const parsed = propertiesFromJson(JSON.parse(json) as unknown);
	// Stored by our writer from checked values: a failure here is a damaged row.
	if (!parsed.ok) throw new Error(`stored properties do not parse: ${parsed.error.message}`);
	return parsed.value;
}

export class HistoryReader {
	readonly db: Database.Database;
	readonly #sql: ReturnType<typeof prepare>;
	readonly #topics = new Map<number, TopicInfo>();
	#connections = new Map<number, HistoryConnection>();

	constructor(db: Database.Database) {
		this.db = db;
		this.#sql = prepare(db);
	}

	connections(): HistoryConnection[] {
		const rows = this.#sql.connections.all();
		this.#connections = new Map(rows.map((row) => [row.id, row]));
		return rows;
	}

	connection(id: number): HistoryConnection | undefined {
		if (!this.#connections.has(id)) this.connections();
		return this.#connections.get(id);
	}

	connectionByKey(key: string): HistoryConnection | undefined {
		return this.connections().find((connection) => connection.key === key);
	}

	topic(id: number): TopicInfo | undefined {
		let topic = this.#topics.get(id);
		if (topic === undefined) {
			const row = this.#sql.topic.get(id);
			if (row === undefined) return undefined;
			topic = { name: row.name, connectionId: row.connection_id };
			this.#topics.set(id, topic);
		}
		return topic;
	}

	/** Every topic id with its name and connection, for matching a filter once per search. */
	allTopics(): { id: number; name: string; connectionId: number }[] {
		return this.#sql.allTopics
			.all()
			.map((row) => ({ id: row.id, name: row.name, connectionId: row.connection_id }));
	}

	topicId(connectionId: number, name: string): number | undefined {
		return this.#sql.topicId.get(connectionId, name)?.id;
	}

	/** A topic's messages, newest first, from before `beforeId`. */
	topicPage(
		connectionId: number,
		topic: string,
		beforeId: number | null,
		limit: number,
		previewBytes: number,
	): HistoryPage {
		const topicId = this.topicId(connectionId, topic);
		if (topicId === undefined) return { items: [], nextBeforeId: null };
		const count = Math.min(limit, MAX_PAGE_ITEMS);
		const rows = this.#sql.topicPage.all(
			previewBytes,
			topicId,
			beforeId ?? Number.MAX_SAFE_INTEGER,
			count,
		);
		const items = rows.map((row) => this.toItem(row));
		const last = rows.at(-1);
		return { items, nextBeforeId: rows.length === count && last !== undefined ? last.id : null };
	}

	/** One message with a preview of up to `previewBytes` (64 KiB by default). */
	message(id: number, previewBytes = MAX_PREVIEW_BYTES): HistoryItem | undefined {
		const row = this.#sql.one.get(previewBytes, id);
		return row === undefined ? undefined : this.toItem(row);
	}

	/** Rows by id (for search candidates), with previews. */
	messagesByIds(ids: readonly number[], previewBytes: number): MessageRow[] {
		return this.#sql.byIds.all(previewBytes, JSON.stringify(ids));
	}

	/** `length` bytes of a payload from `offset` (bounded), reading only the chunks needed. */
	payloadSlice(
		id: number,
		offset: number,
		length: number,
	): { bytes: Uint8Array; sizeBytes: number } | undefined {
		const head = this.#sql.head.get(id);
		if (head === undefined) return undefined;
		const end = Math.min(head.size, offset + Math.min(length, MAX_PAYLOAD_SLICE));
		if (offset >= end) return { bytes: new Uint8Array(0), sizeBytes: head.size };
		const out = new Uint8Array(end - offset);
		let written = 0;
		if (offset < PAYLOAD_INLINE_BYTES) {
			const inline = this.#sql.inlineSlice.get(
				offset + 1,
				Math.min(end, PAYLOAD_INLINE_BYTES) - offset,
				id,
			);
			if (inline !== undefined) {
				out.set(inline.bytes, 0);
				written = inline.bytes.length;
			}
		}
		while (offset + written < end) {
			const at = offset + written;
			const seq = Math.floor((at - PAYLOAD_INLINE_BYTES) / PAYLOAD_CHUNK_BYTES) + 1;
			const chunkStart = PAYLOAD_INLINE_BYTES + (seq - 1) * PAYLOAD_CHUNK_BYTES;
			const chunk = this.#sql.chunkSlice.get(at - chunkStart + 1, end - at, id, seq);
			if (chunk === undefined || chunk.bytes.length === 0)
				throw new Error(`payload chunk ${seq} of message ${id} is missing`);
			out.set(chunk.bytes, written);
			written += chunk.bytes.length;
		}
		return { bytes: out, sizeBytes: head.size };
	}

	/** The whole payload of a row whose inline part is at hand (exports, replay, save to file). */
	fullPayload(row: Pick<MessageRow, 'id' | 'size' | 'payload'>): Uint8Array {
		if (row.size <= row.payload.length) return row.payload;
		const out = new Uint8Array(row.size);
		out.set(row.payload, 0);
		let at = row.payload.length;
		for (const chunk of this.#sql.chunks.iterate(row.id)) {
			out.set(chunk.bytes, at);
			at += chunk.bytes.length;
		}
		if (at !== row.size) throw new Error(`message ${row.id} is missing payload chunks`);
		return out;
	}

	/** One row with its inline payload part, or undefined. */
	row(id: number): MessageRow | undefined {
		return this.#sql.after.get(id - 1, 1);
	}

	/** Up to `limit` whole rows with ids above `afterId`, oldest first (exports, replay). */
	rowsAfter(afterId: number, limit: number): MessageRow[] {
		return this.#sql.after.all(afterId, limit);
	}

	/** Rows with ids below `beforeId`, newest first, with previews (search scans). */
	rowsBefore(beforeId: number, limit: number, previewBytes: number): MessageRow[] {
		return this.#sql.before.all(previewBytes, beforeId, limit);
	}

	/** Rows of one topic below `beforeId`, newest first (search over a few topics). */
	topicRowsBefore(
		topicId: number,
		beforeId: number,
		limit: number,
		previewBytes: number,
	): MessageRow[] {
		return this.#sql.topicPage.all(previewBytes, topicId, beforeId, limit);
	}

	maxId(): number {
		return this.#sql.maxId.get()?.id ?? 0;
	}

	toItem(row: MessageRow): HistoryItem {
		const topic = this.topic(row.topic_id);
		const connectionId = topic?.connectionId ?? 0;
		const preview = new Uint8Array(
			row.payload.buffer,
			row.payload.byteOffset,
			row.payload.byteLength,
		);
		return {
			id: row.id,
			connectionId,
			connectionName: this.connection(connectionId)?.name ?? '',
			topic: topic?.name ?? '',
			timeUs: row.time_us,
			qos: (row.flags & 3) as QoS,
			retain: (row.flags & FLAG_RETAIN) !== 0,
			dup: (row.flags & FLAG_DUP) !== 0,
			direction: (row.flags & FLAG_OUT) !== 0 ? 'out' : 'in',
			sizeBytes: row.size,
			payloadPreview: preview,
			truncated: preview.length < row.size,
			properties: parseProperties(row.properties),
		};
	}
}

const COLUMNS = 'id, topic_id, time_us, flags, size, properties';

function prepare(db: Database.Database) {
	return {
		connections: db.prepare<[], HistoryConnection>(
			'SELECT id, key, name, kind, rows, bytes FROM connections ORDER BY id',
		),
		topic: db.prepare<[number], { name: string; connection_id: number }>(
			'SELECT name, connection_id FROM topics WHERE id = ?',
		),
		allTopics: db.prepare<[], { id: number; name: string; connection_id: number }>(
			'SELECT id, name, connection_id FROM topics',
		),
		topicId: db.prepare<[number, string], { id: number }>(
			'SELECT id FROM topics WHERE connection_id = ? AND name = ?',
		),
		topicPage: db.prepare<[number, number, number, number], MessageRow>(
			`SELECT ${COLUMNS}, substr(payload, 1, ?) AS payload FROM messages
			WHERE topic_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
		),
		one: db.prepare<[number, number], MessageRow>(
			`SELECT ${COLUMNS}, substr(payload, 1, ?) AS payload FROM messages WHERE id = ?`,
		),
		byIds: db.prepare<[number, string], MessageRow>(
			`SELECT ${COLUMNS}, substr(payload, 1, ?) AS payload FROM messages
			WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id DESC`,
		),
		before: db.prepare<[number, number, number], MessageRow>(
			`SELECT ${COLUMNS}, substr(payload, 1, ?) AS payload FROM messages
			WHERE id < ? ORDER BY id DESC LIMIT ?`,
		),
		after: db.prepare<[number, number], MessageRow>(
			`SELECT ${COLUMNS}, payload FROM messages WHERE id > ? ORDER BY id LIMIT ?`,
		),
		head: db.prepare<[number], { size: number }>('SELECT size FROM messages WHERE id = ?'),
		inlineSlice: db.prepare<[number, number, number], { bytes: Buffer }>(
			'SELECT substr(payload, ?, ?) AS bytes FROM messages WHERE id = ?',
		),
		chunkSlice: db.prepare<[number, number, number, number], { bytes: Buffer }>(
			'SELECT substr(bytes, ?, ?) AS bytes FROM payload_chunks WHERE message_id = ? AND seq = ?',
		),
		chunks: db.prepare<[number], { bytes: Buffer }>(
			'SELECT bytes FROM payload_chunks WHERE message_id = ? ORDER BY seq',
		),
		maxId: db.prepare<[], { id: number }>('SELECT max(id) AS id FROM messages'),
	};
}
