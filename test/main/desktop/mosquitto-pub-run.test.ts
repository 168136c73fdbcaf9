/**
 * "Copy as mosquitto_pub" held to its word: each command runs in /bin/sh (dash, the strictest
 * POSIX shell at hand) against mosquitto, and a subscriber receives exactly the message it came
 * from: bytes, QoS, retain flag and MQTT 5 properties. (.ci/run installs mosquitto-clients.)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoPubCommand, type PublishCommandInput } from '../../../shared/model/mosquitto-pub';
import { startBroker, type TestBroker } from '../../helpers/broker';

const run = promisify(execFile);
const encode = (text: string) => new TextEncoder().encode(text);

interface Received {
	readonly topic: string;
	readonly payload: Buffer;
	readonly qos: number;
	readonly retain: boolean;
	readonly properties: mqtt.IPublishPacket['properties'];
}

let broker: TestBroker;
let subscriber: mqtt.MqttClient;
let cwd: string;
const inbox: Received[] = [];

beforeAll(async () => {
	broker = await startBroker({
		kind: 'mosquitto',
		passwords: { 'ops team': 'pa$$ "w0rd"' },
		tls: {},
	});
	cwd = await mkdtemp(join(tmpdir(), 'topicscope-mosquitto-pub-'));
	subscriber = await mqtt.connectAsync(broker.url, {
		protocolVersion: 5,
		username: 'ops team',
		password: 'pa$$ "w0rd"',
		clientId: 'mosquitto-pub-checker',
	});
	subscriber.on('message', (topic, payload, packet) => {
		inbox.push({
			topic,
			payload,
			qos: packet.qos,
			retain: packet.retain,
			properties: packet.properties,
		});
	});
	// Retain As Published: a live retained message keeps its flag.
	await subscriber.subscribeAsync('#', { qos: 2, rap: true });
});

afterAll(async () => {
	await subscriber?.endAsync();
	await broker?.stop();
	if (cwd) await rm(cwd, { recursive: true, force: true });
});

async function publishAndReceive(input: PublishCommandInput): Promise<Received> {
	const { command } = mosquittoPubCommand(input);
	const before = inbox.length;
	await run('/bin/sh', ['-c', command], {
		cwd,
		env: { ...process.env, MQTT_PASSWORD: 'pa$$ "w0rd"' },
		timeout: 15_000,
	});
	await expect.poll(() => inbox.length, { timeout: 10_000 }).toBeGreaterThan(before);
	const received = inbox[before];
	if (!received) throw new Error('nothing received');
	return received;
}

function connection(overrides: Partial<PublishCommandInput['connection']> = {}) {
	return {
		transport: 'mqtt' as const,
		host: '127.0.0.1',
		port: broker.port,
		protocolVersion: 5 as const,
		username: 'ops team',
		hasPassword: true,
		...overrides,
	};
}

describe('mosquitto_pub commands run in sh', () => {
	it.each<[string, Uint8Array]>([
		['quotes, dollars, backslashes and new lines', encode(`it's "$HOME" \\n\n\`echo x\` %s ü`)],
		['binary with NUL, quote and backslash bytes', new Uint8Array([0, 255, 39, 92, 10, 37, 98, 0])],
		['an empty payload', new Uint8Array()],
	])('%s arrive byte for byte', async (_name, payload) => {
		const received = await publishAndReceive({
			connection: connection(),
			message: { topic: `sh/it's a $topic`, payload, qos: 1, retain: false },
			payloadFileName: 'x.bin',
		});
		expect(received.topic).toBe(`sh/it's a $topic`);
		expect(new Uint8Array(received.payload)).toEqual(payload);
		expect(received.qos).toBe(1);
	});

	it('carries QoS 2, retain and the MQTT 5 properties', async () => {
		const received = await publishAndReceive({
			connection: connection(),
			message: {
				topic: 'sh/props',
				payload: encode('{"v":1}'),
				qos: 2,
				retain: true,
				properties: {
					payloadFormatIndicator: 1,
					contentType: 'application/json',
					responseTopic: 'reply/to me',
					correlationData: encode('req 42'),
					userProperties: [
						['site', 'Lyon 3'],
						['site', "O'Brien"],
					],
				},
			},
			payloadFileName: 'x.bin',
		});
		expect(received).toMatchObject({ topic: 'sh/props', qos: 2, retain: true });
		expect(received.properties).toMatchObject({
			payloadFormatIndicator: true,
			contentType: 'application/json',
			responseTopic: 'reply/to me',
			userProperties: { site: ['Lyon 3', "O'Brien"] },
		});
		expect(received.properties?.correlationData?.toString()).toBe('req 42');
	});

	it('connects over TLS with the CA saved where the note says', async () => {
		const certs = broker.certs;
		if (!certs || broker.tlsPort === undefined) throw new Error('the broker has no TLS listener');
		const input: PublishCommandInput = {
			connection: connection({
				transport: 'mqtts',
				host: 'localhost',
				port: broker.tlsPort,
				protocolVersion: 4,
				tls: {
					trust: 'custom',
					hasClientCertificate: false,
					hasPkcs12: false,
					hasKeyPassphrase: false,
					verifyServer: true,
				},
			}),
			message: { topic: 'sh/tls', payload: encode('over TLS'), qos: 0, retain: false },
			payloadFileName: 'x.bin',
		};
		expect(mosquittoPubCommand(input).notes).toContain(
			"Save the profile's CA certificates as ca.pem.",
		);
		await writeFile(join(cwd, 'ca.pem'), certs.caPem);
		const received = await publishAndReceive(input);
		expect(received).toMatchObject({ topic: 'sh/tls', qos: 0 });
		expect(received.payload.toString()).toBe('over TLS');
	});
});
