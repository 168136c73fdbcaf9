import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../../main/profiles/migrations';
import { ProfileStore } from '../../../main/profiles/profile-store';
import { openTempStore, privateKeyPem, profile, unwrap, type TempStore } from './store-helpers';

const PASSWORD = 'pw-Zq8!unique-password';
const PASSPHRASE = 'pp-unique-key-passphrase-77';
const PKCS12 = Buffer.from('pkcs12-unique-bundle-bytes').toString('base64');

let temp: TempStore;
beforeEach(async () => {
	temp = await openTempStore();
});
afterEach(async () => {
	await temp.dispose();
});

describe('ProfileStore CRUD', () => {
	it('creates, reads, updates and removes a profile', () => {
		const created = unwrap(
			temp.store.create(profile({ name: '  Plant  ', host: 'plant.example' })),
		);
		expect(created.profile.name).toBe('Plant');
		expect(created.profile.host).toBe('plant.example');
		expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(unwrap(temp.store.get(created.id))).toEqual(created);

		const updated = unwrap(
			temp.store.update(created.id, { ...profile(), name: 'Plant 2', port: 1884 }, {}),
		);
		expect([updated.profile.name, updated.profile.port]).toEqual(['Plant 2', 1884]);
		expect(updated.createdAt).toBe(created.createdAt);
		expect(updated.updatedAt).toBeGreaterThanOrEqual(created.updatedAt);

		expect(unwrap(temp.store.remove(created.id))).toBe(null);
		expect(temp.store.get(created.id)).toMatchObject({ ok: false, error: { code: 'not-found' } });
		expect(temp.store.remove(created.id)).toMatchObject({
			ok: false,
			error: { code: 'not-found' },
		});
	});

	it('lists profiles sorted by folder, then name', () => {
		for (const [name, folder] of [
			['b', 'Zeta'],
			['a', 'Zeta'],
			['Top', ''],
			['x', 'alpha'],
			['Item 10', 'alpha'],
			['Item 9', 'alpha'],
		] as const) {
			unwrap(temp.store.create(profile({ name, folder })));
		}
		const order = temp.store.list().map((view) => `${view.profile.folder}:${view.profile.name}`);
		expect(order).toEqual([':Top', 'alpha:Item 9', 'alpha:Item 10', 'alpha:x', 'Zeta:a', 'Zeta:b']);
	});

	it('refuses invalid profiles with a plain message naming the field', () => {
		const noName = temp.store.create(profile({ name: '   ' }));
		expect(noName).toMatchObject({
			ok: false,
			error: { code: 'invalid-options', message: 'name: Give the profile a name.' },
		});
		const badPort = temp.store.create(profile({ port: 70_000 }));
		expect(badPort.ok ? '' : badPort.error.message).toMatch(/^port: /);
		const badShape = temp.store.create({ ...profile(), extra: 1 } as never);
		expect(badShape.ok).toBe(false);
		const badSecret = temp.store.create(profile(), { password: 5 } as never);
		expect(badSecret).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
		const badPkcs12 = temp.store.create(profile(), { pkcs12Base64: 'not base64!' });
		expect(badPkcs12.ok ? '' : badPkcs12.error.message).toMatch(/^tls\.pkcs12Base64: /);
		expect(temp.store.list()).toEqual([]);
	});
});

describe('ProfileStore folders', () => {
	it('moves profiles, lists nested folders with their parents and renames folders with their content', () => {
		const a = unwrap(temp.store.create(profile({ name: 'a', folder: 'Customers/ACME' })));
		const b = unwrap(temp.store.create(profile({ name: 'b', folder: 'Customers' })));
		const c = unwrap(temp.store.create(profile({ name: 'c', folder: 'Customers/ACME/Lab' })));
		const d = unwrap(temp.store.create(profile({ name: 'd', folder: 'CustomersOld' })));
		unwrap(temp.store.create(profile({ name: 'e' })));
		expect(temp.store.listFolders()).toEqual([
			'Customers',
			'Customers/ACME',
			'Customers/ACME/Lab',
			'CustomersOld',
		]);

		expect(unwrap(temp.store.move(b.id, ' Internal / Test/ ')).profile.folder).toBe(
			'Internal/Test',
		);
		expect(unwrap(temp.store.renameFolder('Customers', 'Clients'))).toEqual({ moved: 2 });
		expect(unwrap(temp.store.get(a.id)).profile.folder).toBe('Clients/ACME');
		expect(unwrap(temp.store.get(c.id)).profile.folder).toBe('Clients/ACME/Lab');
		expect(unwrap(temp.store.get(d.id)).profile.folder).toBe('CustomersOld');

		expect(unwrap(temp.store.renameFolder('Clients/ACME', ''))).toEqual({ moved: 2 });
		expect(unwrap(temp.store.get(c.id)).profile.folder).toBe('Lab');
		expect(temp.store.renameFolder('Nope', 'X')).toMatchObject({
			ok: false,
			error: { code: 'not-found' },
		});
		expect(temp.store.move('missing', 'X')).toMatchObject({
			ok: false,
			error: { code: 'not-found' },
		});
	});

	it('renames a profile and duplicates it with its secrets', () => {
		const original = unwrap(
			temp.store.create(profile({ name: 'Edge', folder: 'Sites' }), { password: PASSWORD }),
		);
		expect(unwrap(temp.store.rename(original.id, 'Edge gateway')).profile.name).toBe(
			'Edge gateway',
		);
		expect(temp.store.rename(original.id, '')).toMatchObject({ ok: false });

		const copy = unwrap(temp.store.duplicate(original.id));
		expect(copy.id).not.toBe(original.id);
		expect(copy.profile.name).toBe('Edge gateway (copy)');
		expect(copy.profile.folder).toBe('Sites');
		expect(copy.secretsSet.password).toBe(true);
		expect(unwrap(temp.store.getWithSecrets(copy.id)).password).toBe(PASSWORD);
	});

	it('gives a duplicate a fresh client id, and keeps an empty one empty', () => {
		const original = unwrap(temp.store.create(profile({ clientId: 'plant-dashboard' })));
		const first = unwrap(temp.store.duplicate(original.id));
		const second = unwrap(temp.store.duplicate(original.id));
		expect(first.profile.clientId).toMatch(/^topicscope_[0-9a-f]{10}$/);
		expect(second.profile.clientId).toMatch(/^topicscope_[0-9a-f]{10}$/);
		expect(second.profile.clientId).not.toBe(first.profile.clientId);
		expect(unwrap(temp.store.get(original.id)).profile.clientId).toBe('plant-dashboard');

		const brokerAssigned = unwrap(temp.store.create(profile({ name: 'Assigned', clientId: '' })));
		expect(unwrap(temp.store.duplicate(brokerAssigned.id)).profile.clientId).toBe('');
	});
});

describe('ProfileStore secrets', () => {
	it('keeps, sets and clears secrets as the updates say, ignoring secrets inside the profile', () => {
		const key = privateKeyPem();
		const created = unwrap(
			temp.store.create(profile({ password: 'ignored' }), {
				password: PASSWORD,
				clientKeyPem: key,
				passphrase: PASSPHRASE,
			}),
		);
		expect(created.secretsSet).toEqual({
			password: true,
			clientKeyPem: true,
			passphrase: true,
			pkcs12Base64: false,
		});
		const full = unwrap(temp.store.getWithSecrets(created.id));
		expect([full.password, full.tls.clientKeyPem, full.tls.passphrase]).toEqual([
			PASSWORD,
			key,
			PASSPHRASE,
		]);

		// The renderer sends the view back with blank secrets: absent keys keep what is stored.
		const edited = { ...created.profile, port: 1999, password: '' };
		unwrap(temp.store.update(created.id, edited, {}));
		expect(unwrap(temp.store.getWithSecrets(created.id)).password).toBe(PASSWORD);

		unwrap(temp.store.update(created.id, edited, { password: 'new-one', passphrase: null }));
		const after = unwrap(temp.store.getWithSecrets(created.id));
		expect(after.password).toBe('new-one');
		expect(after.tls.passphrase).toBeUndefined();
		expect(after.tls.clientKeyPem).toBe(key);
		expect(unwrap(temp.store.get(created.id)).secretsSet).toEqual({
			password: true,
			clientKeyPem: true,
			passphrase: false,
			pkcs12Base64: false,
		});
	});

	it('never puts a secret value in a listed or fetched view', () => {
		const key = privateKeyPem();
		const created = unwrap(
			temp.store.create(profile(), {
				password: PASSWORD,
				clientKeyPem: key,
				passphrase: PASSPHRASE,
				pkcs12Base64: PKCS12,
			}),
		);
		const text = JSON.stringify([temp.store.list(), unwrap(temp.store.get(created.id))]);
		for (const secret of [PASSWORD, PASSPHRASE, PKCS12, 'PRIVATE KEY']) {
			expect(text).not.toContain(secret);
		}
		expect(unwrap(temp.store.get(created.id)).profile.password).toBe('');
	});

	it('writes no secret in clear to the database file or its WAL', async () => {
		const key = privateKeyPem();
		const keyBody = key.split('\n')[1] ?? '';
		for (let i = 0; i < 5; i++) {
			unwrap(
				temp.store.create(profile({ name: `p${i}`, username: 'visible-user' }), {
					password: PASSWORD,
					clientKeyPem: key,
					passphrase: PASSPHRASE,
					pkcs12Base64: PKCS12,
				}),
			);
		}
		const walPath = `${temp.dbPath}-wal`;
		expect(existsSync(walPath)).toBe(true);
		const files = [await readFile(temp.dbPath), await readFile(walPath)];
		const all = Buffer.concat(files);
		// The check itself works: non-secret text is found.
		expect(all.includes('visible-user')).toBe(true);
		for (const secret of [PASSWORD, PASSPHRASE, PKCS12, 'PRIVATE KEY', keyBody]) {
			expect(all.includes(secret), secret).toBe(false);
		}
		temp.restart();
		const checkpointed = await readFile(temp.dbPath);
		expect(checkpointed.includes('visible-user')).toBe(true);
		expect(checkpointed.includes(PASSWORD)).toBe(false);
	});

	it('survives a restart with secrets still decryptable', () => {
		const created = unwrap(temp.store.create(profile({ name: 'Kept' }), { password: PASSWORD }));
		temp.restart();
		expect(temp.store.list().map((view) => view.profile.name)).toEqual(['Kept']);
		expect(unwrap(temp.store.getWithSecrets(created.id)).password).toBe(PASSWORD);
	});

	it('reports tampered secrets as an error and lets the user replace them', () => {
		const created = unwrap(temp.store.create(profile(), { password: PASSWORD }));
		temp.store.close();
		const db = new Database(temp.dbPath);
		const row = db.prepare('SELECT secrets FROM profiles WHERE id = ?').get(created.id) as {
			secrets: Buffer;
		};
		const last = row.secrets.length - 1;
		row.secrets.writeUInt8(row.secrets.readUInt8(last) ^ 0xff, last);
		db.prepare('UPDATE profiles SET secrets = ? WHERE id = ?').run(row.secrets, created.id);
		db.close();
		temp.restart();

		const full = temp.store.getWithSecrets(created.id);
		expect(full.ok).toBe(false);
		expect(full.ok ? '' : full.error.message).toContain('cannot be decrypted');
		expect(temp.store.list()).toHaveLength(1);
		expect(temp.store.update(created.id, profile(), {})).toMatchObject({ ok: false });
		unwrap(temp.store.update(created.id, profile(), { password: 'fresh' }));
		expect(unwrap(temp.store.getWithSecrets(created.id)).password).toBe('fresh');
	});

	it('refuses a secrets blob moved onto another profile', () => {
		const a = unwrap(temp.store.create(profile({ name: 'a' }), { password: PASSWORD }));
		const b = unwrap(temp.store.create(profile({ name: 'b' }), { password: 'other' }));
		temp.store.close();
		const db = new Database(temp.dbPath);
		db.prepare(
			'UPDATE profiles SET secrets = (SELECT secrets FROM profiles WHERE id = ?) WHERE id = ?',
		).run(a.id, b.id);
		db.close();
		temp.restart();
		const stolen = temp.store.getWithSecrets(b.id);
		expect(stolen.ok ? '' : stolen.error.message).toContain('belong to another profile');
	});
});

describe('ProfileStore schema', () => {
	it('records the schema version and does not re-apply migrations on reopening', () => {
		unwrap(temp.store.create(profile({ name: 'Stays' })));
		temp.store.close();
		const db = new Database(temp.dbPath);
		expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
		expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
		db.close();
		// Re-running 0001 would fail on CREATE TABLE; reopening twice proves it is skipped.
		temp.restart();
		temp.restart();
		expect(temp.store.list().map((view) => view.profile.name)).toEqual(['Stays']);
	});

	it('refuses a database from a newer version and a file that is not a database', async () => {
		temp.store.close();
		const db = new Database(temp.dbPath);
		db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
		db.close();
		const newer = ProfileStore.open(temp.dbPath, temp.box);
		expect(newer.ok ? '' : newer.error.message).toContain('written by a newer Topicscope');

		const junk = `${temp.dir}/junk.sqlite`;
		await writeFile(junk, 'not a database at all'.repeat(50));
		const notDb = ProfileStore.open(junk, temp.box);
		expect(notDb.ok ? '' : notDb.error.message).toContain('cannot be opened');
		temp.store = unwrap(ProfileStore.open(`${temp.dir}/fresh.sqlite`, temp.box));
	});
});
