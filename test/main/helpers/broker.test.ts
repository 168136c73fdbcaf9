import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker.js';

const WAIT_MS = 5_000;
const hasMosquitto = findMosquitto() !== undefined;

const brokers: TestBroker[] = [];
const clients: MqttClient[] = [];

afterEach(async () => {
	await Promise.all(clients.splice(0).map((client) => client.endAsync(true)));
	await Promise.all(brokers.splice(0).map((broker) => broker.stop()));
});

async function start(...args: Parameters<typeof startBroker>): Promise<TestBroker> {
	const broker = await startBroker(...args);
	brokers.push(broker);
	return broker;
}

/** Connects once, without retries, so a refusal rejects instead of reconnecting forever. */
async function connect(url: string, options: IClientOptions = {}): Promise<MqttClient> {
	const client = await mqtt.connectAsync(
		url,
		{ reconnectPeriod: 0, connectTimeout: WAIT_MS, ...options },
		false,
	);
	clients.push(client);
	return client;
}

/** The error a refused connection rejects with (MQTT.js puts the CONNACK code on `code`). */
async function refusal(url: string, options: IClientOptions = {}): Promise<unknown> {
	try {
		await connect(url, options);
	} catch (error) {
		return error;
	}
	throw new Error('connection was accepted');
}

/** Rejects if `promise` has not settled within WAIT_MS, naming what was awaited. */
async function within<T>(what: string, promise: Promise<T>): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS} ms`)), WAIT_MS);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

const nextEvent = (client: MqttClient, event: 'connect' | 'close'): Promise<void> =>
	within(event, new Promise((resolve) => client.once(event, () => resolve())));

async function roundTrip(subscriber: MqttClient, publisher: MqttClient, topic: string) {
	await subscriber.subscribeAsync(topic, { qos: 1 });
	const received = within(
		'message',
		new Promise<{ topic: string; payload: string }>((resolve) =>
			subscriber.once('message', (receivedTopic, payload) =>
				resolve({ topic: receivedTopic, payload: payload.toString('utf8') }),
			),
		),
	);
	await publisher.publishAsync(topic, 'ping 42', { qos: 1 });
	return received;
}

function codeOf(error: unknown): unknown {
	return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

describe('startBroker (auto)', () => {
	it.each([4, 5] as const)('round-trips a QoS 1 message with MQTT protocol %i', async (version) => {
		const broker = await start();
		if (version === 5 && broker.kind === 'aedes') return; // Aedes speaks 3.1.1 only
		expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
		const subscriber = await connect(broker.url, { protocolVersion: version });
		const publisher = await connect(broker.url, { protocolVersion: version });
		expect(await roundTrip(subscriber, publisher, 'test/round-trip')).toEqual({
			topic: 'test/round-trip',
			payload: 'ping 42',
		});
	});

	it('accepts good credentials and refuses bad ones with a CONNACK code', async () => {
		const broker = await start({ passwords: { alice: 's3cret', bob: 'hunter2' } });
		await connect(broker.url, { username: 'alice', password: 's3cret' });
		await connect(broker.url, { username: 'bob', password: 'hunter2' });
		const wrong = await refusal(broker.url, { username: 'alice', password: 'nope' });
		// 3.1.1: 4 bad user name or password, or 5 not authorized (mosquitto's choice).
		expect([4, 5]).toContain(codeOf(wrong));
		const anonymous = await refusal(broker.url);
		expect([4, 5]).toContain(codeOf(anonymous));
		if (broker.kind === 'mosquitto') {
			const wrongV5 = await refusal(broker.url, {
				protocolVersion: 5,
				username: 'alice',
				password: 'nope',
			});
			// [MQTT-3.2.2.2] 0x86 Bad User Name or Password / 0x87 Not authorized
			expect([0x86, 0x87]).toContain(codeOf(wrongV5));
		}
	});

	it('serves MQTT over WebSockets on wsPort', async () => {
		const broker = await start({ websockets: true });
		expect(broker.wsPort).toBeTypeOf('number');
		const subscriber = await connect(`ws://127.0.0.1:${broker.wsPort}`);
		const publisher = await connect(broker.url);
		expect((await roundTrip(subscriber, publisher, 'test/ws')).payload).toBe('ping 42');
	});

	it('brings a killed broker back on the same port and the client reconnects', async () => {
		const broker = await start();
		const client = await connect(broker.url, { reconnectPeriod: 50 });
		const closed = nextEvent(client, 'close');
		await broker.kill();
		await closed;
		await expect(refusal(broker.url)).resolves.toBeInstanceOf(Error);

		const reconnected = nextEvent(client, 'connect');
		await broker.restart();
		await reconnected;
		const publisher = await connect(broker.url);
		expect((await roundTrip(client, publisher, 'test/after-restart')).payload).toBe('ping 42');
	});
});

describe.skipIf(!hasMosquitto)('startBroker (mosquitto TLS)', () => {
	const tlsUrl = (broker: TestBroker): string => `mqtts://127.0.0.1:${broker.tlsPort}`;

	it('accepts a client that trusts the CA and refuses one that does not', async () => {
		const broker = await start({ kind: 'mosquitto', tls: {} });
		const certs = broker.certs;
		if (certs === undefined) throw new Error('tls broker without certs');
		const trusted = await connect(tlsUrl(broker), { ca: certs.caPem, protocolVersion: 5 });
		const publisher = await connect(broker.url);
		expect((await roundTrip(trusted, publisher, 'test/tls')).payload).toBe('ping 42');

		const untrusted = await refusal(tlsUrl(broker), { ca: certs.otherCaPem });
		expect(codeOf(untrusted)).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/);
	});

	it('requires a client certificate when asked, and takes the encrypted key', async () => {
		const broker = await start({ kind: 'mosquitto', tls: { requireClientCert: true } });
		const certs = broker.certs;
		if (certs === undefined) throw new Error('tls broker without certs');
		await expect(refusal(tlsUrl(broker), { ca: certs.caPem })).resolves.toBeInstanceOf(Error);
		await connect(tlsUrl(broker), {
			ca: certs.caPem,
			cert: certs.clientCertPem,
			// Node's per-key form; MQTT.js passes it to tls.connect and its types have no `passphrase`.
			key: [{ pem: certs.clientKeyEncryptedPem, passphrase: certs.clientKeyPassphrase }],
		});
		await connect(tlsUrl(broker), {
			ca: certs.caPem,
			cert: certs.clientCertPem,
			key: certs.clientKeyPem,
		});
	});

	it('serves an expired certificate when asked', async () => {
		const broker = await start({ kind: 'mosquitto', tls: { expired: true } });
		const error = await refusal(tlsUrl(broker), { ca: broker.certs?.caPem });
		expect(codeOf(error)).toBe('CERT_HAS_EXPIRED');
	});

	it('serves a certificate for another host name when asked', async () => {
		const broker = await start({ kind: 'mosquitto', tls: { hostnameMismatch: true } });
		const error = await refusal(tlsUrl(broker), { ca: broker.certs?.caPem });
		expect(codeOf(error)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
	});
});

describe('startBroker (aedes fallback)', () => {
	it('round-trips a message and refuses a bad password', async () => {
		const broker = await start({ kind: 'aedes', passwords: { alice: 's3cret' } });
		expect(broker.kind).toBe('aedes');
		const subscriber = await connect(broker.url, { username: 'alice', password: 's3cret' });
		const publisher = await connect(broker.url, { username: 'alice', password: 's3cret' });
		expect((await roundTrip(subscriber, publisher, 'test/aedes')).payload).toBe('ping 42');
		expect(codeOf(await refusal(broker.url, { username: 'alice', password: 'x' }))).toBe(4);
	});

	it('refuses options only mosquitto supports', async () => {
		await expect(startBroker({ kind: 'aedes', tls: {} })).rejects.toThrow(/need mosquitto/);
	});
});
