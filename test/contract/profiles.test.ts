/** Profile channels over the real WebSocket transport, against a broker with a password file. */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../shared/ipc/client';
import type { ProfileImportReport, ProfileImportResult } from '../../shared/model/profile';
import { startBroker, type TestBroker } from '../helpers/broker';
import { subscribeTo, testProfile } from '../helpers/profile';
import { serveCore, type ServedCore } from '../helpers/serve';

let served: ServedCore;
let broker: TestBroker;
let api: Client;

beforeAll(async () => {
	broker = await startBroker({ passwords: { ops: 's3cret-ops' } });
	served = await serveCore();
	api = served.connectClient();
});
afterAll(async () => {
	await served.close();
	await broker.stop();
});

async function value<T>(
	promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
): Promise<T> {
	const result = await promise;
	if (!result.ok) throw new Error(result.error.message);
	return result.value;
}

/** The report of an import that went through, or a failure naming the matches it asked about. */
function imported(result: ProfileImportResult): ProfileImportReport {
	if (result.kind !== 'imported') {
		throw new Error(`the import asked about ${result.matches.length} saved profiles`);
	}
	return result.report;
}

describe('profiles over IPC', () => {
	it('saves a profile, keeps its password in main, and connects with it', async () => {
		const profile = testProfile({
			name: 'Plant broker',
			folder: 'Sites/Lyon',
			port: broker.port,
			username: 'ops',
			clientId: 'profile-connect',
			subscriptions: subscribeTo('plant/#'),
		});
		const saved = await value(
			api.invoke('profiles:save', { profile, secrets: { password: 's3cret-ops' } }),
		);
		expect(saved.secretsSet.password).toBe(true);
		expect(saved.profile.password).toBe('');

		const overview = await value(api.invoke('profiles:list', {}));
		expect(overview.profiles.map((p) => p.profile.name)).toContain('Plant broker');
		expect(overview.folders).toContain('Sites/Lyon');
		expect(overview.secretStorage.kind).toBe('key-file');
		expect(JSON.stringify(overview)).not.toContain('s3cret-ops');

		const connected = await value(api.invoke('profiles:connect', { id: saved.id }));
		expect(connected.state.kind).toBe('connected');
		expect(connected.profileId).toBe(saved.id);
	});

	it('an edit without secrets keeps the stored password; null clears it', async () => {
		const profile = testProfile({
			name: 'Edit me',
			port: broker.port,
			username: 'ops',
			clientId: 'profile-edit',
		});
		const saved = await value(
			api.invoke('profiles:save', { profile, secrets: { password: 's3cret-ops' } }),
		);
		const renamed = await value(
			api.invoke('profiles:save', {
				id: saved.id,
				profile: { ...profile, name: 'Edited' },
				secrets: {},
			}),
		);
		expect(renamed.secretsSet.password).toBe(true);
		const opened = await value(api.invoke('profiles:connect', { id: saved.id }));
		// Opening it again while it is open answers the same connection: two sessions with one
		// client id would take each other over.
		const again = await value(api.invoke('profiles:connect', { id: saved.id }));
		expect(again.id).toBe(opened.id);
		expect(again.state.kind).toBe('connected');
		expect((await api.invoke('connections:list', {})).ok).toBe(true);
		await value(api.invoke('connections:disconnect', { connectionId: opened.id }));

		const cleared = await value(
			api.invoke('profiles:save', {
				id: saved.id,
				profile: { ...profile, name: 'Edited' },
				secrets: { password: null },
			}),
		);
		expect(cleared.secretsSet.password).toBe(false);
		const refused = await api.invoke('profiles:connect', { id: saved.id });
		expect(refused.ok ? '' : refused.error.code).toBe('connack-refused');
	});

	it('duplicates, moves and removes', async () => {
		const saved = await value(
			api.invoke('profiles:save', { profile: testProfile({ name: 'Original' }), secrets: {} }),
		);
		const copy = await value(api.invoke('profiles:duplicate', { id: saved.id }));
		expect(copy.profile.name).toBe('Original (copy)');
		expect(saved.profile.clientId).toBe('topicscope-test');
		expect(copy.profile.clientId).toMatch(/^topicscope_[0-9a-f]{10}$/);
		const moved = await value(api.invoke('profiles:move', { id: copy.id, folder: 'Archive' }));
		expect(moved.profile.folder).toBe('Archive');
		expect(await api.invoke('profiles:remove', { id: copy.id })).toEqual({ ok: true, value: null });
		const missing = await api.invoke('profiles:duplicate', { id: copy.id });
		expect(missing.ok ? '' : missing.error.code).toBe('not-found');
	});

	it('exports without secrets unless given a passphrase, and imports back', async () => {
		const saved = await value(
			api.invoke('profiles:save', {
				profile: testProfile({ name: 'Exported', username: 'ops' }),
				secrets: { password: 'export-me' },
			}),
		);
		const plain = await value(api.invoke('profiles:export', { ids: [saved.id] }));
		expect(plain.fileName).toMatch(/^topicscope-profiles-\d{4}-\d{2}-\d{2}\.json$/);
		expect(plain.json).not.toContain('export-me');
		const sealed = await value(
			api.invoke('profiles:export', { ids: [saved.id], passphrase: 'pass phrase' }),
		);
		expect(sealed.json).not.toContain('export-me');

		const wrong = await api.invoke('profiles:import', {
			format: 'topicscope',
			text: sealed.json,
			passphrase: 'nope',
		});
		expect(wrong.ok ? '' : wrong.error.message).toBe('The export passphrase is wrong.');
		const report = imported(
			await value(
				api.invoke('profiles:import', {
					format: 'topicscope',
					text: sealed.json,
					passphrase: 'pass phrase',
					choices: { action: 'keep-both' },
				}),
			),
		);
		expect(report.imported).toBe(1);
		const copy = (await value(api.invoke('profiles:list', {}))).profiles.find(
			(p) => p.id === report.profileIds[0],
		);
		expect(copy?.profile.name).toBe('Exported (imported)');
		expect(copy?.secretsSet.password).toBe(true);
	});

	it('asks about profiles already saved, then skips, replaces or keeps both as chosen', async () => {
		const a = await value(
			api.invoke('profiles:save', {
				profile: testProfile({ name: 'Twice A', folder: 'Reimport', clientId: 'twice-a' }),
				secrets: { password: 'kept-a' },
			}),
		);
		const b = await value(
			api.invoke('profiles:save', {
				profile: testProfile({ name: 'Twice B', folder: 'Reimport', clientId: 'twice-b' }),
				secrets: {},
			}),
		);
		const file = await value(api.invoke('profiles:export', { ids: [a.id, b.id] }));
		await value(
			api.invoke('profiles:save', {
				id: a.id,
				profile: { ...testProfile({ name: 'Twice A', folder: 'Reimport' }), port: 1999 },
				secrets: {},
			}),
		);
		const countIn = async () =>
			(await value(api.invoke('profiles:list', {}))).profiles.filter(
				(p) => p.profile.folder === 'Reimport',
			);

		const asked = await value(
			api.invoke('profiles:import', { format: 'topicscope', text: file.json }),
		);
		if (asked.kind !== 'matches') throw new Error('expected the import to ask');
		expect(asked.matches.map((m) => [m.index, m.existing.id, m.reason])).toEqual([
			[0, a.id, 'same-id'],
			[1, b.id, 'same-id'],
		]);
		expect(await countIn()).toHaveLength(2);

		const report = imported(
			await value(
				api.invoke('profiles:import', {
					format: 'topicscope',
					text: file.json,
					choices: { action: 'keep-both', byIndex: [{ index: 0, action: 'replace' }] },
				}),
			),
		);
		expect(report).toMatchObject({ imported: 1, replaced: 1, skipped: 0 });
		const after = await countIn();
		expect(after.map((p) => p.profile.name).sort()).toEqual([
			'Twice A',
			'Twice B',
			'Twice B (imported)',
		]);
		const restored = after.find((p) => p.id === a.id);
		expect([
			restored?.profile.port,
			restored?.profile.clientId,
			restored?.secretsSet.password,
		]).toEqual([1883, 'twice-a', true]);
		const copyOfB = after.find((p) => p.profile.name === 'Twice B (imported)');
		expect(copyOfB?.profile.clientId).toMatch(/^topicscope_[0-9a-f]{10}$/);

		const skipped = imported(
			await value(
				api.invoke('profiles:import', {
					format: 'topicscope',
					text: file.json,
					choices: { action: 'skip' },
				}),
			),
		);
		expect(skipped).toMatchObject({ imported: 0, replaced: 0, skipped: 2 });
		expect(await countIn()).toHaveLength(3);
	});

	it('warns when an imported profile would share a client id with a saved one on the same broker', async () => {
		await value(
			api.invoke('profiles:save', {
				profile: testProfile({ name: 'Shared id (saved)', clientId: 'shared-gw' }),
				secrets: {},
			}),
		);
		const text = JSON.stringify({
			format: 'topicscope-profiles',
			version: 1,
			profiles: [testProfile({ name: 'Shared id (file)', clientId: 'shared-gw' })],
		});
		const report = imported(
			await value(api.invoke('profiles:import', { format: 'topicscope', text })),
		);
		expect(report.imported).toBe(1);
		expect(report.problems).toEqual([
			expect.objectContaining({
				name: 'Shared id (file)',
				isSkipped: false,
				message: expect.stringContaining(
					'Shares the client id “shared-gw” with “Shared id (saved)” on 127.0.0.1',
				),
			}),
		]);
	});

	it('refuses malformed import choices', async () => {
		const text = JSON.stringify({ format: 'topicscope-profiles', version: 1, profiles: [] });
		for (const choices of [
			{ action: 'merge' },
			{ action: 'skip', byIndex: [{ index: -1, action: 'skip' }] },
			{ action: 'skip', byIndex: [{ index: 0, action: 'skip', extra: 1 }] },
			{ byIndex: [] },
		]) {
			const result = await api.invoke('profiles:import', {
				format: 'topicscope',
				text,
				choices,
			} as never);
			expect(result.ok ? 'ok' : result.error.code, JSON.stringify(choices)).toBe('invalid-request');
		}
	});

	it('imports MQTTX and MQTT Explorer files, and explains a malformed one', async () => {
		const mqttx = await readFile('test/fixtures/profiles/mqttx-export.json', 'utf8');
		const fromMqttx = imported(
			await value(api.invoke('profiles:import', { format: 'mqttx', text: mqttx })),
		);
		expect(fromMqttx.imported).toBeGreaterThan(0);
		const explorer = await readFile('test/fixtures/profiles/mqtt-explorer-settings.json', 'utf8');
		const fromExplorer = imported(
			await value(api.invoke('profiles:import', { format: 'mqtt-explorer', text: explorer })),
		);
		expect(fromExplorer.imported).toBeGreaterThan(0);
		const broken = await api.invoke('profiles:import', { format: 'mqttx', text: '{ not json' });
		expect(broken.ok).toBe(false);
		expect(broken.ok ? '' : broken.error.message.length).toBeGreaterThan(10);
	});
});
