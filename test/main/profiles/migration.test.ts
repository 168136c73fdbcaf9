/**
 * Schema migrations of the profiles database: a database written by an older Topicscope opens with
 * every profile and secret intact, and is copied aside before its schema changes.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupPath } from '../../../main/core/db-backup';
import { MIGRATIONS, SCHEMA_VERSION, migrate } from '../../../main/profiles/migrations';
import { ProfileStore } from '../../../main/profiles/profile-store';
import { createKeyFileSecretBox } from '../../../main/profiles/secret-box';
import { unwrap } from './store-helpers';

/**
 * Written by Topicscope 0.1.0 (commit b4f0628, profiles schema 1) with its own ProfileStore: "Plant
 * floor" (folder Customers/ACME, mqtts, MQTT 5, user "operator", password "v1-secret-password",
 * ALPN mqtt) and "Lab" (a lab/# subscription at QoS 1), secrets sealed with the key beside it.
 */
const FIXTURE = join(import.meta.dirname, '../../fixtures/profiles/schema-1');

let dir: string;
let dbPath: string;
let keyPath: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'topicscope-migrate-'));
	dbPath = join(dir, 'profiles.sqlite');
	keyPath = join(dir, 'secrets.key');
	copyFileSync(join(FIXTURE, 'profiles.sqlite'), dbPath);
	copyFileSync(join(FIXTURE, 'secrets.key'), keyPath);
	// git does not keep file modes; the key-file box refuses a key others may read.
	chmodSync(keyPath, 0o600);
});
afterEach(async () => {
	await rm(dir, { recursive: true, force: true });
});

function userVersion(path: string): number {
	const db = new Database(path, { readonly: true });
	try {
		return db.pragma('user_version', { simple: true }) as number;
	} finally {
		db.close();
	}
}

function profileRows(path: string): unknown[] {
	const db = new Database(path, { readonly: true });
	try {
		return db.prepare('SELECT id, name, folder, json, secrets, secrets_set FROM profiles').all();
	} finally {
		db.close();
	}
}

describe('profiles database migration', () => {
	it('opens a schema-1 database with its profiles and secrets, after copying it aside', () => {
		expect(userVersion(dbPath)).toBe(1);
		const before = profileRows(dbPath);
		expect(before).toHaveLength(2);

		const store = unwrap(ProfileStore.open(dbPath, unwrap(createKeyFileSecretBox(keyPath))));
		try {
			const views = store.list();
			expect(views.map((view) => [view.profile.folder, view.profile.name])).toEqual([
				['', 'Lab'],
				['Customers/ACME', 'Plant floor'],
			]);
			const plant = views.find((view) => view.profile.name === 'Plant floor');
			expect(plant?.profile).toMatchObject({
				host: 'plant.example',
				port: 8883,
				transport: 'mqtts',
				protocolVersion: 5,
				username: 'operator',
				clientId: 'ts-plant-01',
				tls: { trust: 'system', verifyServer: true, alpnProtocols: ['mqtt'] },
			});
			expect(plant?.secretsSet.password).toBe(true);
			const withSecrets = unwrap(store.getWithSecrets(plant?.id ?? ''));
			expect(withSecrets.password).toBe('v1-secret-password');
			const lab = views.find((view) => view.profile.name === 'Lab');
			expect(lab?.profile.subscriptions).toEqual([{ filter: 'lab/#', qos: 1 }]);

			// Schema 2's table is there and works.
			store.settings.write('theme', 'dark');
			expect(store.settings.read('theme')).toBe('dark');
		} finally {
			store.close();
		}
		expect(userVersion(dbPath)).toBe(SCHEMA_VERSION);

		// The copy is the database as it was: schema 1, the same rows, no settings table.
		const backup = backupPath(dbPath, 1);
		expect(existsSync(backup)).toBe(true);
		expect(userVersion(backup)).toBe(1);
		expect(profileRows(backup)).toEqual(before);
		const copy = new Database(backup, { readonly: true });
		const tables = copy
			.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table'")
			.all()
			.map((row) => row.name);
		copy.close();
		expect(tables).toEqual(['profiles']);
	});

	it('makes no copy of a new database (nothing to lose) nor of an up-to-date one', () => {
		const fresh = join(dir, 'fresh.sqlite');
		const box = unwrap(createKeyFileSecretBox(keyPath));
		unwrap(ProfileStore.open(fresh, box)).close();
		unwrap(ProfileStore.open(fresh, box)).close();
		expect(userVersion(fresh)).toBe(SCHEMA_VERSION);
		expect(existsSync(backupPath(fresh, 0))).toBe(false);
		expect(existsSync(backupPath(fresh, SCHEMA_VERSION))).toBe(false);
	});

	it('leaves the database at its version, data intact, when a migration fails', () => {
		unwrap(ProfileStore.open(dbPath, unwrap(createKeyFileSecretBox(keyPath)))).close();
		const rows = profileRows(dbPath);
		const broken = [
			...MIGRATIONS,
			{
				name: '9999-broken.sql',
				sql: 'CREATE TABLE half_done (a INTEGER); INSERT INTO no_such_table VALUES (1);',
			},
		];
		const db = new Database(dbPath);
		try {
			expect(() => migrate(db, dbPath, broken)).toThrow(/no such table/);
			expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
			const half = db
				.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half_done'")
				.get() as { n: number };
			expect(half.n).toBe(0);
		} finally {
			db.close();
		}
		expect(profileRows(dbPath)).toEqual(rows);
		expect(userVersion(backupPath(dbPath, SCHEMA_VERSION))).toBe(SCHEMA_VERSION);
	});

	it('migrates nothing when the copy cannot be written, and says why', () => {
		// A folder where the copy should go: the rename into place fails, as a full disk would.
		mkdirSync(backupPath(dbPath, 1));
		writeFileSync(join(backupPath(dbPath, 1), 'occupied'), 'x');
		const opened = ProfileStore.open(dbPath, unwrap(createKeyFileSecretBox(keyPath)));
		expect(opened.ok).toBe(false);
		expect(opened.ok ? '' : opened.error.message).toMatch(
			/needs a schema update, but its backup copy could not be written .*left unchanged/,
		);
		expect(userVersion(dbPath)).toBe(1);
		expect(existsSync(`${backupPath(dbPath, 1)}.partial`)).toBe(false);
	});
});
