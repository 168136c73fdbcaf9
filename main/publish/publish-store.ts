/**
 * The publish panel's own SQLite file in the data folder: the saved-message library and the
 * publish history. Its own file (not the profiles database) so neither schema waits on the other.
 *
 * Drafts are stored as msgpack blobs (payload and correlation bytes stay bytes) and validated
 * against the contract's schema when read back: a damaged row is logged and left out, never shown
 * half-read.
 */
import { randomUUID } from 'node:crypto';
import { decode, encode } from '@msgpack/msgpack';
import Database from 'better-sqlite3';
import * as v from 'valibot';
import {
	PublishDraftSchema,
	type PublishDraft,
	type PublishHistoryEntry,
	type SavedMessage,
} from '../../shared/model/publish-draft';
import { err, ok, type Result } from '../../shared/result';
import { createLogger } from '../log/logger';

const log = createLogger('publish');

/** History keeps the newest entries only. */
export const MAX_HISTORY_ENTRIES = 1_000;
/** A payload larger than this is left out of the history entry (its size is kept). */
export const MAX_HISTORY_PAYLOAD_BYTES = 1024 * 1024;

const MIGRATIONS: readonly string[] = [
	`CREATE TABLE saved_messages (
		id TEXT PRIMARY KEY NOT NULL,
		name TEXT NOT NULL,
		folder TEXT NOT NULL DEFAULT '',
		draft BLOB NOT NULL,
		updated_at INTEGER NOT NULL
	) STRICT;
	CREATE TABLE publish_history (
		id INTEGER PRIMARY KEY AUTOINCREMENT,
		at_ms INTEGER NOT NULL,
		connection_name TEXT NOT NULL,
		draft BLOB NOT NULL,
		payload_omitted_bytes INTEGER,
		-- The result as JSON (no bytes in it).
		result TEXT NOT NULL
	) STRICT;`,
];

interface SavedRow {
	readonly id: string;
	readonly name: string;
	readonly folder: string;
	readonly draft: Buffer;
	readonly updated_at: number;
}

interface HistoryRow {
	readonly id: number;
	readonly at_ms: number;
	readonly connection_name: string;
	readonly draft: Buffer;
	readonly payload_omitted_bytes: number | null;
	readonly result: string;
}

function encodeDraft(draft: PublishDraft): Buffer {
	const bytes = encode(draft, { ignoreUndefined: true });
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function decodeDraft(blob: Buffer): PublishDraft | null {
	let value: unknown;
	try {
		value = decode(blob);
	} catch {
		// A damaged blob: the caller logs the row and leaves it out.
		return null;
	}
	const parsed = v.safeParse(PublishDraftSchema, value);
	return parsed.success ? parsed.output : null;
}

function prepareStatements(db: Database.Database) {
	return {
		saved: db.prepare<[], SavedRow>(
			'SELECT * FROM saved_messages ORDER BY folder COLLATE NOCASE, name COLLATE NOCASE',
		),
		savedById: db.prepare<[string], SavedRow>('SELECT * FROM saved_messages WHERE id = ?'),
		upsertSaved: db.prepare(
			`INSERT INTO saved_messages (id, name, folder, draft, updated_at) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (id) DO UPDATE SET name = excluded.name, folder = excluded.folder,
			 draft = excluded.draft, updated_at = excluded.updated_at`,
		),
		removeSaved: db.prepare('DELETE FROM saved_messages WHERE id = ?'),
		addHistory: db.prepare(
			`INSERT INTO publish_history (at_ms, connection_name, draft, payload_omitted_bytes, result)
			 VALUES (?, ?, ?, ?, ?)`,
		),
		trimHistory: db.prepare(
			`DELETE FROM publish_history WHERE id <= (
				SELECT id FROM publish_history ORDER BY id DESC LIMIT 1 OFFSET ${MAX_HISTORY_ENTRIES}
			)`,
		),
		history: db.prepare<[number, number], HistoryRow>(
			'SELECT * FROM publish_history WHERE id < ? ORDER BY id DESC LIMIT ?',
		),
		clearHistory: db.prepare('DELETE FROM publish_history'),
	};
}

export class PublishStore {
	readonly #db: Database.Database;
	readonly #sql: ReturnType<typeof prepareStatements>;

	private constructor(db: Database.Database) {
		this.#db = db;
		this.#sql = prepareStatements(db);
	}

	/** Opens (creating and migrating when needed) the store at `dbPath`. */
	static open(
		dbPath: string,
		options: { readonly nativeBinding?: string } = {},
	): Result<PublishStore> {
		let db: Database.Database;
		try {
			db = new Database(
				dbPath,
				options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
			);
			db.pragma('journal_mode = WAL');
			const current: unknown = db.pragma('user_version', { simple: true });
			if (typeof current !== 'number') throw new Error('PRAGMA user_version is not a number');
			if (current > MIGRATIONS.length) {
				db.close();
				return err(
					'internal',
					`The publish database ${dbPath} was written by a newer Topicscope (schema ${current}). Update Topicscope to use it.`,
				);
			}
			if (current < MIGRATIONS.length) {
				db.transaction(() => {
					for (const sql of MIGRATIONS.slice(current)) db.exec(sql);
					db.pragma(`user_version = ${MIGRATIONS.length}`);
				})();
				log.info('migrated publish database', { from: current, to: MIGRATIONS.length });
			}
		} catch (error) {
			const detail = error instanceof Error ? error.message : String(error);
			return err(
				'internal',
				`The publish database ${dbPath} cannot be opened (${detail}). Move it away to start with an empty library and history.`,
				{ detail },
			);
		}
		return ok(new PublishStore(db));
	}

	/** The library, by folder then name. */
	savedMessages(): SavedMessage[] {
		const out: SavedMessage[] = [];
		for (const row of this.#sql.saved.all()) {
			const saved = this.#toSaved(row);
			if (saved) out.push(saved);
		}
		return out;
	}

	/** Creates (no id) or replaces a saved message. */
	saveMessage(input: {
		readonly id?: string | undefined;
		readonly name: string;
		readonly folder: string;
		readonly draft: PublishDraft;
	}): Result<SavedMessage> {
		if (input.id !== undefined && this.#sql.savedById.get(input.id) === undefined) {
			return err('not-found', 'That saved message no longer exists: save it as a new one.');
		}
		const id = input.id ?? randomUUID();
		const folder = input.folder
			.split('/')
			.map((part) => part.trim())
			.filter((part) => part !== '')
			.join('/');
		this.#sql.upsertSaved.run(id, input.name, folder, encodeDraft(input.draft), Date.now());
		const row = this.#sql.savedById.get(id);
		const saved = row === undefined ? null : this.#toSaved(row);
		return saved ? ok(saved) : err('internal', 'The message was not saved.');
	}

	removeSaved(id: string): Result<null> {
		const removed = this.#sql.removeSaved.run(id);
		return removed.changes === 0
			? err('not-found', 'That saved message no longer exists.')
			: ok(null);
	}

	/** Records one publish (or one repeat run); keeps the newest MAX_HISTORY_ENTRIES. */
	addHistory(entry: Omit<PublishHistoryEntry, 'id' | 'payloadOmittedBytes'>): void {
		const { draft } = entry;
		const size =
			draft.payload.kind === 'bytes'
				? draft.payload.bytes.length
				: Buffer.byteLength(draft.payload.text);
		const isTooLarge = size > MAX_HISTORY_PAYLOAD_BYTES;
		const kept: PublishDraft = isTooLarge
			? { ...draft, payload: { kind: 'bytes', bytes: new Uint8Array(0) } }
			: draft;
		this.#db.transaction(() => {
			this.#sql.addHistory.run(
				entry.atMs,
				entry.connectionName,
				encodeDraft(kept),
				isTooLarge ? size : null,
				JSON.stringify(entry.result),
			);
			this.#sql.trimHistory.run();
		})();
	}

	/** The newest entries first, `limit` of them, older than `beforeId` when given. */
	history(limit: number, beforeId?: number): PublishHistoryEntry[] {
		const out: PublishHistoryEntry[] = [];
		for (const row of this.#sql.history.all(beforeId ?? Number.MAX_SAFE_INTEGER, limit)) {
			const draft = decodeDraft(row.draft);
			if (draft === null) {
				log.error('skipped a damaged history entry', { id: row.id });
				continue;
			}
			out.push({
				id: row.id,
				atMs: row.at_ms,
				connectionName: row.connection_name,
				draft,
				payloadOmittedBytes: row.payload_omitted_bytes,
				result: JSON.parse(row.result) as PublishHistoryEntry['result'],
			});
		}
		return out;
	}

	clearHistory(): void {
		this.#sql.clearHistory.run();
	}

	close(): void {
		this.#db.close();
	}

	#toSaved(row: SavedRow): SavedMessage | null {
		const draft = decodeDraft(row.draft);
		if (draft === null) {
			log.error('skipped a damaged saved message', { id: row.id });
			return null;
		}
		return { id: row.id, name: row.name, folder: row.folder, draft, updatedAt: row.updated_at };
	}
}
