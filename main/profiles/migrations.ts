/**
 * Schema of the profiles database, one entry per version, applied in order.
 *
 * The SQL lives here rather than in .sql files so esbuild bundles it into the single CJS main file;
 * each entry keeps the name it would have had as a file. Never edit a shipped entry: add one.
 */
import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../../shared/result';
import { backupBeforeMigration } from '../core/db-backup';
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
	{
		name: '0002-create-settings.sql',
		sql: `
			-- App settings (appearance, layout, update channel, window placement), one JSON value per
			-- key, each validated when read so one damaged value falls back alone.
			CREATE TABLE settings (
				key TEXT PRIMARY KEY NOT NULL,
				value TEXT NOT NULL,
				updated_at INTEGER NOT NULL
			) STRICT;
		`,
	},
];

/** The schema version a fully migrated database records in `PRAGMA user_version`. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database to the last of `migrations` in one transaction; refuses one from a newer app.
 *
 * A database that already holds a schema is first copied aside (see db-backup.ts): a migration
 * that fails rolls back, and one that succeeds but is regretted (a bug in the new version) can be
 * undone by hand from the copy. Without the copy nothing is migrated.
 */
export function migrate(
	db: Database.Database,
	dbPath: string,
	migrations: readonly Migration[] = MIGRATIONS,
): Result<null> {
	const target = migrations.length;
	const current: unknown = db.pragma('user_version', { simple: true });
	if (typeof current !== 'number') throw new Error('PRAGMA user_version did not return a number');
	if (current > target) {
		return err(
			'internal',
			`The profiles database ${dbPath} was written by a newer Topicscope (schema ${current}, this version knows ${target}). Update Topicscope to use it.`,
		);
	}
	if (current === target) return ok(null);
	if (current > 0) {
		const backup = backupBeforeMigration(db, dbPath, current);
		if (!backup.ok) return backup;
		log.info('backed up profiles before migrating', { from: current, backup: backup.value });
	}
	db.transaction(() => {
		for (const migration of migrations.slice(current)) db.exec(migration.sql);
		// user_version is part of the database header, so it commits or rolls back with the rest.
		db.pragma(`user_version = ${target}`);
	})();
	log.info('migrated profiles database', { from: current, to: target });
	return ok(null);
}
