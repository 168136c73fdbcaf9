/**
 * History migrations on real files: numbered, applied in one transaction, recorded in
 * user_version, the file copied aside first; a failing migration leaves the data as it was.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHistoryDb } from '../../../main/history/history-db';
import { HistoryWriter } from '../../../main/history/history-writer';
import { MIGRATIONS, migrate, SCHEMA_VERSION } from '../../../main/history/migrations';

let dir: string;
let path: string;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'topicscope-migrate-'));
	path = join(dir, 'history.sqlite');
	const db = openHistoryDb(path);
	if (!db.ok) throw new Error(db.error.message);
	const writer = new HistoryWriter(db.value);
	const source = writer.sourceId({ key: 'k', name: 'lab', kind: 'live' });
	writer.writeMessages(source, [
		{ topic: 'a/b', timeUs: 1, flags: 0, payload: Uint8Array.of(1, 2), propertiesJson: null },
	]);
	db.value.close();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function rows(file: string): number {
	const db = new Database(file, { readonly: true });
	try {
		return (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
	} finally {
		db.close();
	}
}

describe('history migrations', () => {
	it('records the schema version and marks the file as a Topicscope history', () => {
		const db = new Database(path, { readonly: true });
		expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
		expect(db.pragma('application_id', { simple: true })).toBe(0x54534869);
		db.close();
	});

	it('copies the file aside before applying a new migration, then records the new version', () => {
		const next = [
			...MIGRATIONS,
			{
				name: '0002-add-notes.sql',
				sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT) STRICT;',
			},
		];
		const db = new Database(path);
		expect(migrate(db, path, next)).toEqual({ ok: true, value: null });
		expect(db.pragma('user_version', { simple: true })).toBe(2);
		db.close();
		const backup = `${path}.schema-1.bak`;
		expect(existsSync(backup)).toBe(true);
		const old = new Database(backup, { readonly: true });
		expect(old.pragma('user_version', { simple: true })).toBe(1);
		old.close();
		expect(rows(backup)).toBe(1);
	});

	it('rolls a failing migration back whole: data, schema and version as they were', () => {
		const broken = [
			...MIGRATIONS,
			{ name: '0002-half-done.sql', sql: 'DELETE FROM messages; CREATE TABLE broken (x) STRICT;' },
		];
		const db = new Database(path);
		expect(() => migrate(db, path, broken)).toThrow();
		expect(db.pragma('user_version', { simple: true })).toBe(1);
		db.close();
		expect(rows(path)).toBe(1);
	});
});
