import { describe, expect, it } from 'vitest';
import {
	payloadBytes,
	reconnectDelayMs,
	toClientOptions,
	toUserProperties,
} from '../../../main/connections/client-options';
import { testProfile } from '../../helpers/profile';

describe('toClientOptions', () => {
	it('maps identity, session and keep alive, and leaves reconnects to us', () => {
		const options = toClientOptions(
			testProfile({
				clientId: 'c1',
				username: 'u',
				password: 'p',
				keepAliveSeconds: 15,
				cleanSession: false,
				protocolVersion: 4,
			}),
		);
		expect(options).toMatchObject({
			protocol: 'mqtt',
			host: '127.0.0.1',
			clientId: 'c1',
			username: 'u',
			password: 'p',
			keepalive: 15,
			clean: false,
			protocolVersion: 4,
			reconnectPeriod: 0,
			resubscribe: false,
			manualConnect: true,
		});
		expect(options.properties).toBeUndefined();
		// A silent logger: MQTT.js's per-packet debug calls cost time even when off.
		expect(options.log).toBeTypeOf('function');
	});

	it('names the protocol MQIsdp for MQTT 3.1', () => {
		expect(toClientOptions(testProfile({ protocolVersion: 3 })).protocolId).toBe('MQIsdp');
	});

	it('allows a password without a user name on MQTT 5', () => {
		const options = toClientOptions(testProfile({ password: 'only', protocolVersion: 5 }));
		expect(options.username).toBeUndefined();
		expect(options.password).toBe('only');
	});

	it('sends the MQTT 5 CONNECT properties, with repeated user property names', () => {
		const options = toClientOptions(
			testProfile({
				properties: {
					sessionExpiryIntervalSeconds: 3600,
					receiveMaximum: 20,
					maximumPacketSize: 1024,
					topicAliasMaximum: 5,
					requestResponseInformation: true,
					requestProblemInformation: false,
					userProperties: [
						['site', 'a'],
						['site', 'b'],
						['app', 'x'],
					],
					authenticationMethod: 'SCRAM-SHA-1',
					authenticationDataHex: '0102',
				},
			}),
		);
		expect(options.properties).toEqual({
			sessionExpiryInterval: 3600,
			receiveMaximum: 20,
			maximumPacketSize: 1024,
			topicAliasMaximum: 5,
			requestResponseInformation: true,
			requestProblemInformation: false,
			userProperties: { site: ['a', 'b'], app: 'x' },
			authenticationMethod: 'SCRAM-SHA-1',
			authenticationData: Buffer.from([1, 2]),
		});
	});

	it('drops MQTT 5 properties on 3.1.1', () => {
		const options = toClientOptions(
			testProfile({ protocolVersion: 4, properties: { sessionExpiryIntervalSeconds: 10 } }),
		);
		expect(options.properties).toBeUndefined();
	});

	it('builds the Last Will with its payload encoding and v5 properties', () => {
		const options = toClientOptions(
			testProfile({
				will: {
					topic: 'dev/1/status',
					payload: '6f 66 66',
					payloadEncoding: 'hex',
					qos: 1,
					retain: true,
					delayIntervalSeconds: 5,
					contentType: 'text/plain',
					correlationDataHex: 'ff',
					payloadFormatIndicator: true,
					userProperties: [['k', 'v']],
				},
			}),
		);
		expect(options.will).toEqual({
			topic: 'dev/1/status',
			payload: Buffer.from('off'),
			qos: 1,
			retain: true,
			properties: {
				willDelayInterval: 5,
				contentType: 'text/plain',
				correlationData: Buffer.from([0xff]),
				payloadFormatIndicator: true,
				userProperties: { k: 'v' },
			},
		});
	});

	it('maps WebSocket path and headers', () => {
		const options = toClientOptions(
			testProfile({ transport: 'ws', wsPath: '/mqtt', wsHeaders: [['Authorization', 'Bearer t']] }),
		);
		expect(options).toMatchObject({
			protocol: 'ws',
			path: '/mqtt',
			wsOptions: { headers: { Authorization: 'Bearer t' } },
		});
	});

	it('maps TLS material and keeps verification on unless turned off', () => {
		const secure = testProfile({
			transport: 'mqtts',
			tls: {
				trust: 'custom',
				caPem: 'CA',
				clientCertPem: 'CERT',
				clientKeyPem: 'KEY',
				passphrase: 'pw',
				alpnProtocols: ['mqtt'],
				serverName: 'broker.local',
				minVersion: 'TLSv1.3',
				verifyServer: true,
			},
		});
		expect(toClientOptions(secure)).toMatchObject({
			protocol: 'mqtts',
			ca: ['CA'],
			cert: 'CERT',
			key: 'KEY',
			passphrase: 'pw',
			ALPNProtocols: ['mqtt'],
			servername: 'broker.local',
			minVersion: 'TLSv1.3',
			rejectUnauthorized: true,
		});
		expect(
			toClientOptions({ ...secure, tls: { ...secure.tls, verifyServer: false } })
				.rejectUnauthorized,
		).toBe(false);
		expect(
			toClientOptions({ ...secure, tls: { trust: 'system', verifyServer: true } }).ca,
		).toBeUndefined();
		const both = toClientOptions({
			...secure,
			tls: { trust: 'system+custom', caPem: 'CA', verifyServer: true },
		}).ca as string[];
		expect(both.length).toBeGreaterThan(10);
		expect(both.at(-1)).toBe('CA');
	});

	it('sends no TLS options on plain transports', () => {
		expect(
			toClientOptions(testProfile({ tls: { trust: 'custom', caPem: 'CA', verifyServer: false } }))
				.ca,
		).toBeUndefined();
	});
});

describe('helpers', () => {
	it('decodes text, hex and base64 payloads', () => {
		expect(payloadBytes('héllo', 'text')).toEqual(Buffer.from('héllo'));
		expect(payloadBytes('de:ad be ef', 'hex')).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
		expect(payloadBytes('AQID', 'base64')).toEqual(Buffer.from([1, 2, 3]));
	});

	it('groups repeated user property names', () => {
		expect(toUserProperties([])).toBeUndefined();
		expect(
			toUserProperties([
				['a', '1'],
				['a', '2'],
				['a', '3'],
			]),
		).toEqual({ a: ['1', '2', '3'] });
	});

	it('doubles the reconnect delay up to the cap', () => {
		const profile = testProfile({
			reconnect: {
				isEnabled: true,
				initialDelayMs: 500,
				maxDelayMs: 3000,
				maxAttempts: 0,
				resubscribe: true,
			},
		});
		expect([1, 2, 3, 4, 5].map((attempt) => reconnectDelayMs(profile, attempt))).toEqual([
			500, 1000, 2000, 3000, 3000,
		]);
	});
});
