/**
 * The write side of a history database: batches in, rows out, one transaction per batch.
 *
 * Runs in the writer worker (history-worker.ts) for the app and `topicscope record`, and directly
 * in `topicscope history import` and tests. Statements are prepared once; topics and connections
 * are interned once per writer and cached.
 */
import type Database from 'better-sqlite3';
import { decodeBatch, type HistorySource } from './batch-codec';

/** Payload bytes kept in the messages row; the rest goes to payload_chunks. */
export const PAYLOAD_INLINE_BYTES = 256 * 1024;
export const PAYLOAD_CHUNK_BYTES = 1024 * 1024;
/** What a row costs beyond its payload and properties (ids, flags, time, index entry), roughly. */
export const ROW_OVERHEAD_BYTES = 48;

export interface StoredMessage {
	readonly timeUs: number;
	readonly flags: number;
	readonly payload: Uint8Array;
	readonly propertiesJson: string | null;
}

function asBuffer(bytes: Uint8Array): Buffer {
	// better-sqlite3 binds Buffers as BLOBs; this is a view, not a copy.
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The estimated bytes of one row, as retention counts them. */
export function rowBytes(size: number, propertiesLength: number): number {
	return size + propertiesLength + ROW_OVERHEAD_BYTES;
}

export class HistoryWriter {
	readonly #db: Database.Database;
	readonly #sql: ReturnType<typeof prepare>;
	/** Batch-local source ids → database connection ids. */
	readonly #sources = new Map<number, number>();
	/** Batch-local topic ids → database topic ids. */
	readonly #topics = new Map<number, number>();
	/** `${connectionId}\n${name}` → topic id, for direct writes. */
	readonly #topicNames = new Map<string, number>();
	#lastId = 0;

	constructor(db: Database.Database) {
		this.#db = db;
		this.#sql = prepare(db);
	}

	/** Writes one encoded batch in one transaction; returns how many messages it stored. */
	writeBatch(buffer: ArrayBuffer, byteLength: number): number {
		let count = 0;
		const totals = new Map<number, { rows: number; bytes: number }>();
		this.#db
			.transaction(() => {
				for (const record of decodeBatch(buffer, byteLength)) {
					if (record.kind === 'message') {
						const connectionId = this.#sources.get(record.connection);
						const topicId = this.#topics.get(record.topic);
						if (connectionId === undefined || topicId === undefined) {
							throw new Error('history batch names an undeclared source or topic');
						}
						this.#insert(topicId, record, totals, connectionId);
						count++;
					} else if (record.kind === 'topic') {
						const connectionId = this.#sources.get(record.connection);
						if (connectionId === undefined)
							throw new Error('history batch: topic of an unknown source');
						this.#topics.set(record.id, this.topicId(connectionId, record.name));
					} else {
						this.#sources.set(record.id, this.sourceId(record.source));
					}
				}
				this.#addTotals(totals);
			})
			.immediate();
		return count;
	}

	/** Writes messages of one connection and topic-by-name in one transaction (imports, tests). */
	writeMessages(
		connectionId: number,
		messages: readonly (StoredMessage & { readonly topic: string })[],
	): void {
		const totals = new Map<number, { rows: number; bytes: number }>();
		this.#db
			.transaction(() => {
				for (const message of messages) {
					this.#insert(this.topicId(connectionId, message.topic), message, totals, connectionId);
				}
				this.#addTotals(totals);
			})
			.immediate();
	}

	/** The database id of a source, created (or renamed) as needed. */
	sourceId(source: HistorySource): number {
		const row = this.#sql.upsertSource.get(source.key, source.name, source.kind, Date.now() * 1000);
		if (row === undefined) throw new Error('upserting a history connection returned no id');
		return row.id;
	}

	topicId(connectionId: number, name: string): number {
		const key = `${connectionId}\n${name}`;
		const cached = this.#topicNames.get(key);
		if (cached !== undefined) return cached;
		this.#sql.insertTopic.run(connectionId, name);
		const row = this.#sql.topicId.get(connectionId, name);
		if (row === undefined) throw new Error('interning a topic returned no id');
		this.#topicNames.set(key, row.id);
		return row.id;
	}

	/** Removes a connection and everything stored for it (a failed import is undone this way). */
	removeConnection(connectionId: number): void {
		this.#db
			.transaction(() => {
				this.#sql.deleteFtsOfConnection.run(connectionId);
				this.#sql.deleteChunksOfConnection.run(connectionId);
				this.#sql.deleteMessagesOfConnection.run(connectionId);
				this.#sql.deleteTopicsOfConnection.run(connectionId);
				this.#sql.deleteConnection.run(connectionId);
			})
			.immediate();
		for (const [key] of this.#topicNames) {
			if (key.startsWith(`${connectionId}\n`)) this.#topicNames.delete(key);
		}
	}

	/** The id of the last message written by this writer (0 before any). */
	get lastId(): number {
		return this.#lastId;
	}

	#insert(
		topicId: number,
		message: StoredMessage,
		totals: Map<number, { rows: number; bytes: number }>,
		connectionId: number,
	): void {
		const { payload } = message;
		const inline =
			payload.length > PAYLOAD_INLINE_BYTES ? payload.subarray(0, PAYLOAD_INLINE_BYTES) : payload;
		const id = Number(
			this.#sql.insertMessage.run(
				topicId,
				message.timeUs,
				message.flags,
				payload.length,
				asBuffer(inline),
				message.propertiesJson,
			).lastInsertRowid,
		);
		for (
			let at = PAYLOAD_INLINE_BYTES, seq = 1;
			at < payload.length;
			at += PAYLOAD_CHUNK_BYTES, seq++
		) {
			this.#sql.insertChunk.run(id, seq, asBuffer(payload.subarray(at, at + PAYLOAD_CHUNK_BYTES)));
		}
		this.#lastId = id;
		let total = totals.get(connectionId);
		if (total === undefined) {
			total = { rows: 0, bytes: 0 };
			totals.set(connectionId, total);
		}
		total.rows++;
		total.bytes += rowBytes(payload.length, message.propertiesJson?.length ?? 0);
	}

	#addTotals(totals: ReadonlyMap<number, { rows: number; bytes: number }>): void {
		for (const [connectionId, { rows, bytes }] of totals) {
			this.#sql.addTotals.run(rows, bytes, connectionId);
		}
	}
}

function prepare(db: Database.Database) {
	return {
		upsertSource: db.prepare<[string, string, string, number], { id: number }>(
			`INSERT INTO connections (key, name, kind, created_us) VALUES (?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET name = excluded.name RETURNING id`,
		),
		insertTopic: db.prepare<[number, string]>(
			'INSERT OR IGNORE INTO topics (connection_id, name) VALUES (?, ?)',
		),
		topicId: db.prepare<[number, string], { id: number }>(
			'SELECT id FROM topics WHERE connection_id = ? AND name = ?',
		),
		insertMessage: db.prepare<[number, number, number, number, Buffer, string | null]>(
			'INSERT INTO messages (topic_id, time_us, flags, size, payload, properties) VALUES (?, ?, ?, ?, ?, ?)',
		),
		insertChunk: db.prepare<[number, number, Buffer]>(
			'INSERT INTO payload_chunks (message_id, seq, bytes) VALUES (?, ?, ?)',
		),
		addTotals: db.prepare<[number, number, number]>(
			'UPDATE connections SET rows = rows + ?, bytes = bytes + ? WHERE id = ?',
		),
		deleteFtsOfConnection: db.prepare<[number]>(
			`DELETE FROM messages_fts WHERE rowid IN (SELECT m.id FROM messages m
			JOIN topics t ON t.id = m.topic_id WHERE t.connection_id = ?)`,
		),
		deleteChunksOfConnection: db.prepare<[number]>(
			`DELETE FROM payload_chunks WHERE message_id IN (SELECT m.id FROM messages m
			JOIN topics t ON t.id = m.topic_id WHERE t.connection_id = ?)`,
		),
		deleteMessagesOfConnection: db.prepare<[number]>(
			'DELETE FROM messages WHERE topic_id IN (SELECT id FROM topics WHERE connection_id = ?)',
		),
		deleteTopicsOfConnection: db.prepare<[number]>('DELETE FROM topics WHERE connection_id = ?'),
		deleteConnection: db.prepare<[number]>('DELETE FROM connections WHERE id = ?'),
	};
}
