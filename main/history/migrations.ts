/**
 * Schema of the history database, one entry per version, applied in order in one transaction and
 * recorded in `PRAGMA user_version`; the file is copied aside (VACUUM INTO) before a migration.
 *
 * The SQL lives here rather than in .sql files so esbuild bundles it into the main and worker
 * files; each entry keeps the name it would have had as a file. Never edit a shipped entry: add one.
 *
 * Designed for write throughput (DESIGN §2): topics are interned (integer ids), the only index on
 * messages is (topic_id, id), the payload is a BLOB, flags are packed in one integer. Full text is
 * a contentless FTS5 trigram index filled behind the writer (see fts-indexer.ts), never per row in
 * the ingest transaction. `detail = none` keeps it about a quarter of the size of a full one (about
 * 100 bytes per 100-byte message instead of 390); searches then ask for all of a text's trigrams and
 * confirm the substring on the few candidates (search.ts).
 */
import { existsSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../../shared/result';
import { createLogger } from '../log/logger';

const log = createLogger('history');

export interface Migration {
	readonly name: string;
	readonly sql: string;
}

/** 'TSHi': marks a SQLite file as a Topicscope history (PRAGMA application_id). */
export const HISTORY_APPLICATION_ID = 0x54534869;

export const MIGRATIONS: readonly Migration[] = [
	{
		name: '0001-create-history.sql',
		sql: `
			-- One row per source of messages: a live connection (by saved profile or broker
			-- address), a recorder, or an import. Counters are kept by the writer and retention so
			-- sizes never need a COUNT(*) or SUM over messages.
			CREATE TABLE connections (
				id INTEGER PRIMARY KEY,
				key TEXT NOT NULL UNIQUE,
				name TEXT NOT NULL,
				kind TEXT NOT NULL,
				created_us INTEGER NOT NULL,
				rows INTEGER NOT NULL DEFAULT 0,
				bytes INTEGER NOT NULL DEFAULT 0
			) STRICT;
			CREATE TABLE topics (
				id INTEGER PRIMARY KEY,
				connection_id INTEGER NOT NULL REFERENCES connections (id),
				name TEXT NOT NULL,
				UNIQUE (connection_id, name)
			) STRICT;
			-- flags: bits 0-1 QoS, bit 2 retain, bit 3 dup, bit 4 outgoing.
			-- payload: the whole payload up to 256 KiB; longer ones keep their first 256 KiB here
			-- and the rest in payload_chunks, so a preview never reads 100 MB.
			CREATE TABLE messages (
				id INTEGER PRIMARY KEY,
				topic_id INTEGER NOT NULL,
				time_us INTEGER NOT NULL,
				flags INTEGER NOT NULL,
				size INTEGER NOT NULL,
				payload BLOB NOT NULL,
				properties TEXT
			) STRICT;
			CREATE INDEX messages_by_topic ON messages (topic_id, id);
			CREATE TABLE payload_chunks (
				message_id INTEGER NOT NULL,
				seq INTEGER NOT NULL,
				bytes BLOB NOT NULL,
				PRIMARY KEY (message_id, seq)
			) STRICT, WITHOUT ROWID;
			CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
			CREATE VIRTUAL TABLE messages_fts USING fts5 (
				topic, body, props, content = '', contentless_delete = 1, tokenize = 'trigram',
				detail = none
			);
		`,
	},
];

/** The schema version a fully migrated database records in `PRAGMA user_version`. */
export const SCHEMA_VERSION = MIGRATIONS.length;

function pragmaNumber(db: Database.Database, name: string): number {
	const value: unknown = db.pragma(name, { simple: true });
	if (typeof value !== 'number') throw new Error(`PRAGMA ${name} did not return a number`);
	return value;
}

/** Why this file must not be touched (not a history, or a newer one), or null when it may be. */
export function refusal(
	db: Database.Database,
	dbPath: string,
	version = SCHEMA_VERSION,
): Result<never> | null {
	const applicationId = pragmaNumber(db, 'application_id');
	const current = pragmaNumber(db, 'user_version');
	const tableCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM sqlite_schema').get();
	const isEmpty = applicationId === 0 && current === 0 && (tableCount?.n ?? 0) === 0;
	if (applicationId !== HISTORY_APPLICATION_ID && !isEmpty) {
		return err(
			'invalid-request',
			`${dbPath} is a SQLite database but not a Topicscope history: it was left unchanged. Give another file, or a new one.`,
		);
	}
	if (current > version) {
		return err(
			'invalid-request',
			`The history ${dbPath} was written by a newer Topicscope (schema ${current}, this version knows ${version}): it was left unchanged. Update Topicscope to use it.`,
		);
	}
	return null;
}

/**
 * Brings the database to the last of `migrations` (the shipped ones unless a test gives others),
 * or refuses: a file that is not a Topicscope history, or one from a newer Topicscope, is left
 * exactly as it was. A migration that fails rolls back whole; the copy made before it stays.
 */
export function migrate(
	db: Database.Database,
	dbPath: string,
	migrations: readonly Migration[] = MIGRATIONS,
): Result<null> {
	const target = migrations.length;
	const refused = refusal(db, dbPath, target);
	if (refused !== null) return refused;
	const current = pragmaNumber(db, 'user_version');
	if (current === target) return ok(null);
	if (current > 0) {
		// A copy before touching a schema that holds data: a failed or regretted migration is undone
		// by putting it back. VACUUM INTO writes a consistent copy even in WAL mode.
		const backup = `${dbPath}.schema-${current}.bak`;
		if (existsSync(backup)) rmSync(backup);
		db.prepare('VACUUM INTO ?').run(backup);
		log.info('backed up history before migrating', { from: current, backup });
	}
	db.transaction(() => {
		for (const migration of migrations.slice(current)) db.exec(migration.sql);
		// Both live in the database header, so they commit or roll back with the rest.
		db.pragma(`application_id = ${HISTORY_APPLICATION_ID}`);
		db.pragma(`user_version = ${target}`);
	})();
	log.info('migrated history database', { from: current, to: target });
	return ok(null);
}
