import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	exportProfiles,
	importMqttExplorer,
	importMqttx,
	importProfiles,
	saveImported,
} from '../../../main/profiles/transfer';
import {
	openTempStore,
	privateKeyPem,
	profile,
	reportOf,
	unwrap,
	type TempStore,
} from './store-helpers';

const FIXTURES = join(import.meta.dirname, '../../fixtures/profiles');
const PASSWORD = 'pw-export-unique-9731';
const EXPORT_PASSPHRASE = 'correct horse battery staple';

let temp: TempStore;
let other: TempStore;
beforeEach(async () => {
	temp = await openTempStore();
	other = await openTempStore();
});
afterEach(async () => {
	await temp.dispose();
	await other.dispose();
});

function seed(): { ids: string[]; key: string } {
	const key = privateKeyPem();
	const a = unwrap(
		temp.store.create(profile({ name: 'Plant', folder: 'Sites/North', host: 'plant.example' }), {
			password: PASSWORD,
			clientKeyPem: key,
		}),
	);
	const b = unwrap(temp.store.create(profile({ name: 'Lab', port: 1884 })));
	return { ids: [a.id, b.id], key };
}

describe('exportProfiles / importProfiles', () => {
	it('leaves secrets out when no passphrase is given', async () => {
		const { ids, key } = seed();
		const json = unwrap(await exportProfiles(temp.store, ids));
		expect(json).not.toContain(PASSWORD);
		expect(json).not.toContain(key.split('\n')[1]);
		const document: unknown = JSON.parse(json);
		expect(document).toMatchObject({ format: 'topicscope-profiles', version: 1 });
		expect(document).not.toHaveProperty('secrets');

		const report = reportOf(await importProfiles(other.store, json));
		expect(report).toMatchObject({ imported: 2, skipped: 0, problems: [] });
		const views = other.store.list();
		expect(views.map((view) => [view.profile.folder, view.profile.name])).toEqual([
			['', 'Lab'],
			['Sites/North', 'Plant'],
		]);
		expect(views.every((view) => !view.secretsSet.password)).toBe(true);
	});

	it('round-trips secrets sealed with a passphrase', async () => {
		const { ids, key } = seed();
		const json = unwrap(await exportProfiles(temp.store, ids, EXPORT_PASSPHRASE));
		expect(json).not.toContain(PASSWORD);
		expect(json).not.toContain('PRIVATE KEY');
		expect(JSON.parse(json)).toMatchObject({ secrets: { kdf: 'scrypt', n: 2 ** 15 } });

		const report = reportOf(await importProfiles(other.store, json, EXPORT_PASSPHRASE));
		expect(report.imported).toBe(2);
		const plant = other.store.list().find((view) => view.profile.name === 'Plant');
		const full = unwrap(other.store.getWithSecrets(plant?.id ?? ''));
		expect(full.password).toBe(PASSWORD);
		expect(full.tls.clientKeyPem).toBe(key);
		expect(full.host).toBe('plant.example');
	});

	it('refuses a wrong or missing passphrase and imports nothing', async () => {
		const { ids } = seed();
		const json = unwrap(await exportProfiles(temp.store, ids, EXPORT_PASSPHRASE));
		expect(await importProfiles(other.store, json, 'wrong')).toMatchObject({
			ok: false,
			error: { code: 'invalid-request', message: 'The export passphrase is wrong.' },
		});
		const missing = await importProfiles(other.store, json);
		expect(missing.ok ? '' : missing.error.message).toContain('enter the passphrase');
		expect(other.store.list()).toEqual([]);
	});

	it('refuses an empty export passphrase and key-derivation settings it cannot run', async () => {
		const { ids } = seed();
		expect(await exportProfiles(temp.store, ids, '')).toMatchObject({ ok: false });
		const json = unwrap(await exportProfiles(temp.store, ids, EXPORT_PASSPHRASE));
		for (const change of [{ n: 3 }, { n: 2 ** 20, r: 32 }, { tag: 'AAAA' }]) {
			const document = JSON.parse(json) as { secrets: object };
			document.secrets = { ...document.secrets, ...change };
			const result = await importProfiles(other.store, JSON.stringify(document), EXPORT_PASSPHRASE);
			expect(result.ok ? '' : result.error.message, JSON.stringify(change)).toContain(
				'encryption settings Topicscope does not accept',
			);
		}
	});

	it('names what is wrong with a malformed file', async () => {
		const cases: [string, RegExp][] = [
			['{ "format": ', /not valid JSON/],
			['[1, 2]', /not a Topicscope profiles export/],
			['{"format":"topicscope-profiles","version":2,"profiles":[]}', /newer Topicscope/],
			['{"format":"topicscope-profiles","version":1,"profiles":{}}', /malformed at "profiles"/],
			[
				'{"format":"topicscope-profiles","version":1,"profiles":[],"secrets":{"kdf":"pbkdf2"}}',
				/malformed at "secrets/,
			],
		];
		for (const [json, message] of cases) {
			const result = await importProfiles(other.store, json);
			expect(result.ok ? '' : result.error.message, json).toMatch(message);
		}
	});

	it('skips invalid profiles with a reason and imports the valid ones together', async () => {
		const json = JSON.stringify({
			format: 'topicscope-profiles',
			version: 1,
			profiles: [profile({ name: 'Good' }), { ...profile({ name: 'Bad port' }), port: 0 }, 'junk'],
		});
		const report = reportOf(await importProfiles(other.store, json));
		expect(report.imported).toBe(1);
		expect(report.skipped).toBe(2);
		expect(report.problems[0]).toMatchObject({ name: 'Bad port', isSkipped: true });
		expect(report.problems[0]?.message).toMatch(/^port: /);
		expect(report.problems[1]).toMatchObject({ name: 'Profile 3', isSkipped: true });
		expect(other.store.list().map((view) => view.profile.name)).toEqual(['Good']);
	});
});

describe('importMqttExplorer', () => {
	it("maps MQTT Explorer's settings.json connections, certificates and passwords", async () => {
		const settings = await readFile(join(FIXTURES, 'mqtt-explorer-settings.json'), 'utf8');
		const foreign = unwrap(importMqttExplorer(settings));
		expect(foreign.problems).toEqual([]);
		const report = reportOf(saveImported(other.store, foreign));
		expect(report).toMatchObject({ imported: 4, skipped: 0 });

		const byName = new Map(other.store.list().map((view) => [view.profile.name, view]));
		const plant = unwrap(other.store.getWithSecrets(byName.get('Plant broker (TLS)')?.id ?? ''));
		expect(plant).toMatchObject({
			folder: 'MQTT Explorer',
			transport: 'mqtts',
			host: 'broker.plant.example',
			port: 8883,
			protocolVersion: 4,
			clientId: 'plant-dashboard',
			username: 'operator',
			password: 's3cret-Plant!',
			subscriptions: [
				{ filter: 'plant/+/telemetry', qos: 1 },
				{ filter: 'plant/alarms/#', qos: 2 },
			],
		});
		expect(plant.tls).toMatchObject({ trust: 'custom', verifyServer: false });
		expect(plant.tls.caPem).toContain('-----BEGIN CERTIFICATE-----');
		expect(plant.tls.clientCertPem).toContain('-----BEGIN CERTIFICATE-----');
		expect(plant.tls.clientKeyPem).toContain('-----BEGIN PRIVATE KEY-----');

		expect(byName.get('Websocket gateway')?.profile).toMatchObject({
			transport: 'wss',
			port: 443,
			wsPath: '/mqtt',
		});
		expect(byName.get('Websocket gateway')?.secretsSet.password).toBe(false);
		expect(byName.get('Legacy (v0 subscriptions)')?.profile.subscriptions).toEqual([
			{ filter: 'home/#', qos: 0 },
			{ filter: '$SYS/#', qos: 0 },
		]);
		expect(byName.get('mqtt.eclipseprojects.io')?.profile.transport).toBe('mqtt');
	});

	it('refuses files that are not MQTT Explorer settings, without throwing', () => {
		expect(importMqttExplorer('nope')).toMatchObject({
			ok: false,
			error: { code: 'invalid-request' },
		});
		const other = importMqttExplorer('{"Settings": {}}');
		expect(other.ok ? '' : other.error.message).toContain('ConnectionManager_connections');
		expect(importMqttExplorer('null').ok).toBe(false);
	});

	it('reports a certificate that is not PEM and skips a connection with no host', () => {
		const settings = JSON.stringify({
			ConnectionManager_connections: {
				x: {
					id: 'x',
					name: 'DER cert',
					host: 'h',
					port: 8883,
					protocol: 'mqtt',
					encryption: true,
					certValidation: true,
					subscriptions: [],
					selfSignedCertificate: { name: 'ca.der', data: Buffer.of(0x30, 0x82).toString('base64') },
				},
				y: { id: 'y', name: 'No host', port: 1, protocol: 'mqtt', encryption: false },
			},
		});
		const foreign = unwrap(importMqttExplorer(settings));
		expect(foreign.problems).toEqual([
			{ name: 'DER cert', isSkipped: false, message: expect.stringContaining('not in PEM format') },
		]);
		const report = reportOf(saveImported(other.store, foreign));
		expect(report.imported).toBe(1);
		expect(report.problems[1]).toMatchObject({ name: 'No host', isSkipped: true });
	});
});

describe('importMqttx', () => {
	it('maps an MQTTX export: MQTT 5 properties, will, subscriptions, collections', async () => {
		const exported = await readFile(join(FIXTURES, 'mqttx-export.json'), 'utf8');
		const foreign = unwrap(importMqttx(exported));
		expect(foreign.problems).toEqual([
			{
				name: 'Factory TLS',
				isSkipped: false,
				message: 'Certificate files are not included in MQTTX exports: add them in the profile.',
			},
		]);
		const report = reportOf(saveImported(other.store, foreign));
		expect(report).toMatchObject({ imported: 3, skipped: 0 });

		const byName = new Map(other.store.list().map((view) => [view.profile.name, view]));
		const emqx = unwrap(other.store.getWithSecrets(byName.get('EMQX public (MQTT 5)')?.id ?? ''));
		expect(emqx).toMatchObject({
			folder: 'MQTTX',
			transport: 'mqtt',
			host: 'broker.emqx.io',
			protocolVersion: 5,
			clientId: 'mqttx_4c7e2a91',
			username: 'emqx',
			password: 'public-Pa55',
			keepAliveSeconds: 30,
			cleanSession: false,
			connectTimeoutMs: 15_000,
			reconnect: { isEnabled: true, initialDelayMs: 5_000, maxDelayMs: 5_000 },
			subscriptions: [
				{
					filter: 'testtopic/#',
					qos: 1,
					noLocal: true,
					retainAsPublished: false,
					retainHandling: 1,
				},
			],
			properties: {
				sessionExpiryIntervalSeconds: 7200,
				receiveMaximum: 100,
				topicAliasMaximum: 10,
				requestResponseInformation: true,
				userProperties: [
					['tenant', 'acme'],
					['tags', 'a'],
					['tags', 'b'],
				],
			},
			will: {
				topic: 'status/mqttx_4c7e2a91',
				payload: 'offline',
				payloadEncoding: 'text',
				qos: 1,
				retain: true,
				delayIntervalSeconds: 10,
				messageExpiryIntervalSeconds: 3600,
				contentType: 'text/plain',
				correlationDataHex: '616263',
				payloadFormatIndicator: true,
				userProperties: [['origin', 'mqttx']],
			},
		});

		const factory = byName.get('Factory TLS')?.profile;
		expect(factory).toMatchObject({ transport: 'mqtts', protocolVersion: 4, cleanSession: true });
		expect(factory?.tls).toEqual({
			trust: 'system',
			verifyServer: false,
			alpnProtocols: ['mqtt', 'x-amzn-mqtt-ca'],
		});
		expect(factory?.will).toBeUndefined();
		expect(factory?.reconnect.isEnabled).toBe(false);

		expect(byName.get('ACME over WebSocket')?.profile).toMatchObject({
			folder: 'MQTTX/Customers',
			transport: 'wss',
			wsPath: '/mqtt',
			protocolVersion: 3,
		});
	});

	it('takes a single connection object as MQTTX does', () => {
		const one = JSON.stringify({ name: 'One', host: 'h', port: 1883, clientId: 'c', ssl: true });
		const foreign = unwrap(importMqttx(one));
		expect(foreign.profiles[0]?.profile).toMatchObject({ name: 'One', transport: 'mqtts' });
	});

	it('refuses malformed or foreign files with a specific message, without throwing', () => {
		for (const text of [
			'',
			'{',
			'[]',
			'[{"name":"x"}]',
			'42',
			'{"ConnectionManager_connections":{}}',
		]) {
			const result = importMqttx(text);
			expect(result.ok, text).toBe(false);
			expect(result.ok ? '' : result.error.message).toMatch(
				/not valid JSON|not an MQTTX connections export/,
			);
		}
	});
});
