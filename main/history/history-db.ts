/**
 * Opening a history database file: the writer (worker or command line) and readers use this.
 *
 * WAL with synchronous=NORMAL: a commit survives a crash of the process (the kill -9 test); a power
 * cut may lose the last commits but never corrupts the file. Readers never block the writer.
 */
import Database from 'better-sqlite3';
import { err, ok, type Result } from '../../shared/result';
import { HISTORY_APPLICATION_ID, migrate, refusal, SCHEMA_VERSION } from './migrations';

export interface OpenOptions {
	/** better-sqlite3 addon for another runtime's ABI (Electron during development). */
	readonly nativeBinding?: string;
	/** Open without writing anything: the file must exist and be a current history. */
	readonly readonly?: boolean;
}

/** Opens (creating and migrating unless read-only) the history database at `dbPath`. */
export function openHistoryDb(
	dbPath: string,
	options: OpenOptions = {},
): Result<Database.Database> {
	let db: Database.Database;
	try {
		db = new Database(dbPath, {
			...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
			...(options.readonly ? { readonly: true, fileMustExist: true } : {}),
		});
	} catch (error) {
		return databaseError(dbPath, error);
	}
	try {
		// A writer holds the lock for one short transaction at a time; others wait that long.
		db.pragma('busy_timeout = 5000');
		if (options.readonly) {
			const checked = checkReadable(db, dbPath);
			if (!checked.ok) {
				db.close();
				return checked;
			}
			return ok(db);
		}
		// Refuse a foreign or newer file before anything (even the journal mode) is written to it.
		const refused = refusal(db, dbPath);
		if (refused !== null) {
			db.close();
			return refused;
		}
		db.pragma('journal_mode = WAL');
		db.pragma('synchronous = NORMAL');
		const migrated = migrate(db, dbPath);
		if (!migrated.ok) {
			db.close();
			return migrated;
		}
		return ok(db);
	} catch (error) {
		db.close();
		if (error instanceof Database.SqliteError) return databaseError(dbPath, error);
		throw error;
	}
}

function checkReadable(db: Database.Database, dbPath: string): Result<null> {
	// Read-only: run the same checks as migrate() without writing (a current schema is required).
	const applicationId = db.pragma('application_id', { simple: true });
	const version = db.pragma('user_version', { simple: true });
	if (applicationId !== HISTORY_APPLICATION_ID) {
		return err('invalid-request', `${dbPath} is not a Topicscope history database.`);
	}
	if (typeof version === 'number' && version > SCHEMA_VERSION) {
		return err(
			'invalid-request',
			`The history ${dbPath} was written by a newer Topicscope (schema ${version}, this version knows ${SCHEMA_VERSION}). Update Topicscope to read it.`,
		);
	}
	if (version !== SCHEMA_VERSION) {
		return err(
			'invalid-request',
			`The history ${dbPath} has an older schema (${String(version)}); open it once for writing (e.g. topicscope history import) to migrate it.`,
		);
	}
	return ok(null);
}

function databaseError(dbPath: string, error: unknown): Result<never> {
	const detail = error instanceof Error ? error.message : String(error);
	const code = (error as { code?: unknown }).code;
	if (code === 'SQLITE_NOTADB') {
		return err(
			'invalid-request',
			`${dbPath} is not a SQLite database, so not a Topicscope history: it was left unchanged.`,
			{
				detail,
			},
		);
	}
	if (code === 'SQLITE_CANTOPEN') {
		return err('not-found', `The history ${dbPath} cannot be opened: ${detail}. Check the path.`, {
			detail,
		});
	}
	return err('internal', `The history ${dbPath} cannot be opened (${detail}).`, { detail });
}
