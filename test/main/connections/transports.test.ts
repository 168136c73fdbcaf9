/** Protocol versions and transports against a real mosquitto. */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { waitFor } from '../../helpers/wait';

describe.skipIf(!findMosquitto())('protocol versions and transports', () => {
	let core: Core;
	let broker: TestBroker;

	beforeAll(async () => {
		core = new Core({ shell: 'test', version: 'test' });
		broker = await startBroker({ websockets: true });
	});
	afterAll(async () => {
		await core.close();
		await broker.stop();
	});

	async function receivesOne(
		profile: Parameters<Core['connections']['connect']>[0],
		topic: string,
	): Promise<void> {
		const result = await core.connections.connect(profile);
		if (!result.ok) throw new Error(result.error.message);
		expect(result.value.state).toMatchObject({
			kind: 'connected',
			protocolVersion: profile.protocolVersion,
		});
		const publisher = await mqtt.connectAsync(broker.url, {
			clientId: `pub-${topic.replace(/\W/g, '')}`,
		});
		await publisher.publishAsync(topic, 'hello', { qos: 1 });
		await publisher.endAsync();
		const tree = core.trees.get(result.value.id);
		await waitFor(() => tree?.find(topic)?.messageCount === 1, `a message on ${topic}`);
		expect(new TextDecoder().decode(tree?.find(topic)?.last?.payload)).toBe('hello');
	}

	it.each([3, 4, 5] as const)('MQTT protocol level %i over TCP', async (protocolVersion) => {
		const topic = `versions/${protocolVersion}`;
		await receivesOne(
			testProfile({
				port: broker.port,
				protocolVersion,
				clientId: `v${protocolVersion}-client`,
				subscriptions: subscribeTo(topic),
			}),
			topic,
		);
	});

	it('MQTT 5 over a WebSocket listener', async () => {
		const topic = 'transports/ws';
		await receivesOne(
			testProfile({
				transport: 'ws',
				port: broker.wsPort ?? 0,
				wsPath: '/',
				clientId: 'ws-client',
				subscriptions: subscribeTo(topic),
			}),
			topic,
		);
	});

	it('MQTT 3.1 refuses a client id longer than 23 characters before connecting', async () => {
		const result = await core.connections.connect(
			testProfile({ port: broker.port, protocolVersion: 3, clientId: 'x'.repeat(24) }),
		);
		expect(result.ok ? '' : result.error.message).toContain('1 to 23 characters');
	});

	it('MQTT 5 allows an empty client id and the broker assigns one', async () => {
		const result = await core.connections.connect(
			testProfile({
				port: broker.port,
				protocolVersion: 5,
				clientId: '',
				subscriptions: subscribeTo('assigned/#'),
			}),
		);
		expect(result.ok).toBe(true);
		const connack = result.ok ? core.connections.get(result.value.id)?.connack : null;
		expect(connack?.properties?.assignedClientIdentifier).toMatch(/.+/);
	});
});
