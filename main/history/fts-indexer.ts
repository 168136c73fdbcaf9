/**
 * Fills the full-text index behind the writer, in small chunks, so indexing never slows ingest:
 * a trigram index on every row inside the ingest transaction would cost several times the insert
 * (DESIGN §2). Rows past `indexedUpTo` are searched by scanning until the indexer reaches them.
 */
import type Database from 'better-sqlite3';
import { searchableBody, searchableProperties } from './search-text';

const WATERMARK_KEY = 'fts_indexed_up_to';

/** The highest message id covered by the index. */
export function readIndexedUpTo(db: Database.Database): number {
	const row = db
		.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
		.get(WATERMARK_KEY);
	return row === undefined ? 0 : Number(row.value);
}

export class FtsIndexer {
	readonly #db: Database.Database;
	readonly #next: Database.Statement<
		[number, number],
		{
			id: number;
			topic: string;
			payload: Buffer;
			properties: string | null;
		}
	>;
	readonly #insert: Database.Statement<[number, string, string, string]>;
	readonly #save: Database.Statement<[string, string]>;
	#upTo: number;

	constructor(db: Database.Database) {
		this.#db = db;
		this.#next = db.prepare(
			`SELECT m.id, t.name AS topic, substr(m.payload, 1, 65536) AS payload, m.properties
			FROM messages m JOIN topics t ON t.id = m.topic_id WHERE m.id > ? ORDER BY m.id LIMIT ?`,
		);
		this.#insert = db.prepare(
			'INSERT INTO messages_fts (rowid, topic, body, props) VALUES (?, ?, ?, ?)',
		);
		this.#save = db.prepare(
			'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
		);
		this.#upTo = readIndexedUpTo(db);
	}

	get indexedUpTo(): number {
		return this.#upTo;
	}

	/** Indexes up to `maxRows` rows in one transaction; returns how many it indexed. */
	indexSome(maxRows: number): number {
		let count = 0;
		this.#db
			.transaction(() => {
				for (const row of this.#next.all(this.#upTo, maxRows)) {
					this.#insert.run(
						row.id,
						row.topic,
						searchableBody(row.payload),
						searchableProperties(row.properties),
					);
					this.#upTo = row.id;
					count++;
				}
				if (count > 0) this.#save.run(WATERMARK_KEY, String(this.#upTo));
			})
			.immediate();
		return count;
	}
}
