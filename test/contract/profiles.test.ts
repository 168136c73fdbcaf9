/** Profile channels over the real WebSocket transport, against a broker with a password file. */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../shared/ipc/client';
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
		const report = await value(
			api.invoke('profiles:import', {
				format: 'topicscope',
				text: sealed.json,
				passphrase: 'pass phrase',
			}),
		);
		expect(report.imported).toBe(1);
		const imported = (await value(api.invoke('profiles:list', {}))).profiles.find(
			(p) => p.id === report.profileIds[0],
		);
		expect(imported?.secretsSet.password).toBe(true);
	});

	it('imports MQTTX and MQTT Explorer files, and explains a malformed one', async () => {
		const mqttx = await readFile('test/fixtures/profiles/mqttx-export.json', 'utf8');
		const fromMqttx = await value(api.invoke('profiles:import', { format: 'mqttx', text: mqttx }));
		expect(fromMqttx.imported).toBeGreaterThan(0);
		const explorer = await readFile('test/fixtures/profiles/mqtt-explorer-settings.json', 'utf8');
		const fromExplorer = await value(
			api.invoke('profiles:import', { format: 'mqtt-explorer', text: explorer }),
		);
		expect(fromExplorer.imported).toBeGreaterThan(0);
		const broken = await api.invoke('profiles:import', { format: 'mqttx', text: '{ not json' });
		expect(broken.ok).toBe(false);
		expect(broken.ok ? '' : broken.error.message.length).toBeGreaterThan(10);
	});
});
