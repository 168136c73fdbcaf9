/**
 * A copy of a SQLite database taken before its schema changes: a failed or regretted migration
 * is undone by putting the copy back. One copy per schema version left behind, beside the file.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { err, ok, type Result } from '../../shared/result';

/** Where the copy of `dbPath` at schema `version` goes. */
export function backupPath(dbPath: string, version: number): string {
	return `${dbPath}.schema-${version}.bak`;
}

/**
 * Copies the open database to `backupPath(dbPath, version)` with VACUUM INTO (a consistent copy,
 * WAL included, however the file is being used). Written under a temporary name and renamed, so
 * a copy cut short by a full disk never passes for a whole one. A failure is an error: the caller
 * must not migrate without its copy.
 */
export function backupBeforeMigration(
	db: Database.Database,
	dbPath: string,
	version: number,
): Result<string> {
	const target = backupPath(dbPath, version);
	const partial = `${target}.partial`;
	try {
		if (existsSync(partial)) rmSync(partial);
		db.prepare('VACUUM INTO ?').run(partial);
		renameSync(partial, target);
	} catch (error) {
		rmSync(partial, { force: true });
		const reason = error instanceof Error ? error.message : String(error);
		return err(
			'internal',
			`${dbPath} needs a schema update, but its backup copy could not be written (${reason}): it was left unchanged. Free some disk space and start Topicscope again.`,
		);
	}
	return ok(target);
}
