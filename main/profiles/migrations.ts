/**
 * Schema of the profiles database, one entry per version, applied in order.
 *
 * The SQL lives here rather than in .sql files so esbuild bundles it into the single CJS main file;
 * each entry keeps the name it would have had as a file. Never edit a shipped entry: add one.
 */
import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../../shared/result';
import { createLogger } from '../log/logger';

const log = createLogger('profiles');

export interface Migration {
	readonly name: string;
	readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
	{
		name: '0001-create-profiles.sql',
		sql: `
			CREATE TABLE profiles (
				id TEXT PRIMARY KEY NOT NULL,
				name TEXT NOT NULL,
				folder TEXT NOT NULL DEFAULT '',
				-- The profile without name, folder and secret fields, as JSON.
				json TEXT NOT NULL,
				-- One sealed JSON object holding the secret fields; NULL when none is set.
				secrets BLOB,
				-- Names of the secret fields that are set (never their values), so listing needs no decryption.
				secrets_set TEXT NOT NULL DEFAULT '[]',
				created_at INTEGER NOT NULL,
				updated_at INTEGER NOT NULL
			) STRICT;
			CREATE INDEX profiles_by_folder ON profiles (folder, name);
		`,
	},
];

/** The schema version a fully migrated database records in `PRAGMA user_version`. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database to `SCHEMA_VERSION` in one transaction; refuses one from a newer app. */
export function migrate(db: Database.Database, dbPath: string): Result<null> {
	const current: unknown = db.pragma('user_version', { simple: true });
	if (typeof current !== 'number') throw new Error('PRAGMA user_version did not return a number');
	if (current > SCHEMA_VERSION) {
		return err(
			'internal',
			`The profiles database ${dbPath} was written by a newer Topicscope (schema ${current}, this version knows ${SCHEMA_VERSION}). Update Topicscope to use it.`,
		);
	}
	if (current === SCHEMA_VERSION) return ok(null);
	db.transaction(() => {
		for (const migration of MIGRATIONS.slice(current)) db.exec(migration.sql);
		// user_version is part of the database header, so it commits or rolls back with the rest.
		db.pragma(`user_version = ${SCHEMA_VERSION}`);
	})();
	log.info('migrated profiles database', { from: current, to: SCHEMA_VERSION });
	return ok(null);
}
