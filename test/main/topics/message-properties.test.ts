/**
 * MQTT 5 properties from the wire to the message view: through mosquitto from a separate client,
 * into the topic tree and over the real WebSocket's `topic:message` stream, user properties in
 * wire order with their duplicates. A Topic Alias, which mosquitto never sends to a client, and
 * several Subscription Identifiers on one PUBLISH come from a scripted MQTT 5 server instead.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../shared/ipc/client';
import type { MessageProperties, MessageView } from '../../../shared/model/message';
import { startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { publishRaw } from '../../helpers/raw-publish';
import { startScriptedBroker } from '../../helpers/scripted-broker';
import { serveCore, type ServedCore } from '../../helpers/serve';
import { waitFor } from '../../helpers/wait';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('MQTT 5 properties reach the message view', () => {
	let broker: TestBroker;
	let served: ServedCore;
	let api: Client;

	beforeAll(async () => {
		broker = await startBroker({ kind: 'mosquitto' });
		served = await serveCore();
		api = served.connectClient();
	});
	afterAll(async () => {
		await served.close();
		await broker.stop();
	});

	it('keeps user properties in wire order with duplicates, and every other property', async () => {
		const connected = await served.core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'properties-subscriber',
				protocolVersion: 5,
				subscriptions: subscribeTo('props/#'),
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const connectionId = connected.value.id;
		const views: (MessageView | null)[] = [];
		const close = api.subscribe('topic:message', { connectionId, topic: 'props/ordered' }, (m) =>
			views.push(m.message),
		);
		await waitFor(() => views.length === 1, 'the snapshot');
		expect(views[0]).toBeNull();

		await publishRaw(broker.port, {
			type: 'PUBLISH',
			dup: false,
			qos: 1,
			retain: false,
			topicName: 'props/ordered',
			packetId: 1,
			properties: {
				payloadFormatIndicator: 1,
				messageExpiryInterval: 3600,
				contentType: 'application/json',
				responseTopic: 'props/reply',
				correlationData: new Uint8Array([0x00, 0xff, 0x10]),
				userProperties: [
					['a', '1'],
					['b', '2'],
					['a', '3'],
				],
			},
			payload: bytes('{"t":21.5}'),
		});
		await waitFor(() => views.some((view) => view !== null), 'the message on the stream');
		close();

		const expected = {
			payloadFormatIndicator: 1,
			contentType: 'application/json',
			responseTopic: 'props/reply',
			correlationData: new Uint8Array([0x00, 0xff, 0x10]),
			userProperties: [
				['a', '1'],
				['b', '2'],
				['a', '3'],
			],
		};
		const stored = served.core.trees.get(connectionId)?.find('props/ordered')?.last?.properties;
		expect(stored).toMatchObject(expected);
		// mosquitto forwards what remained of the interval: at most what was sent, never nothing.
		expect(stored?.messageExpiryIntervalSeconds).toBeGreaterThan(0);
		expect(stored?.messageExpiryIntervalSeconds).toBeLessThanOrEqual(3600);
		// Our SUBSCRIBE gave props/# the identifier 1; mosquitto never sends a Topic Alias.
		expect(stored?.subscriptionIdentifiers).toEqual([1]);
		expect(stored?.topicAlias).toBeUndefined();

		const streamed = views.find((view) => view !== null)?.properties;
		expect(streamed).toMatchObject(expected);
		expect(streamed?.messageExpiryIntervalSeconds).toBe(stored?.messageExpiryIntervalSeconds);
		expect(streamed?.subscriptionIdentifiers).toEqual([1]);
		expect([...(streamed?.correlationData ?? [])]).toEqual([0x00, 0xff, 0x10]);
	});

	it('takes the properties an MQTT.js v5 client publishes, duplicates of one name kept', async () => {
		const connected = await served.core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'properties-subscriber-2',
				protocolVersion: 5,
				subscriptions: subscribeTo('props/#'),
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const tree = served.core.trees.get(connected.value.id);
		const publisher = await mqtt.connectAsync(broker.url, {
			clientId: 'properties-mqttjs-publisher',
			protocolVersion: 5,
		});
		await publisher.publishAsync('props/mqttjs', 'plain', {
			qos: 1,
			properties: {
				payloadFormatIndicator: false,
				contentType: 'text/plain',
				userProperties: { a: ['1', '3'], b: '2' },
			},
		});
		await publisher.endAsync();
		await waitFor(() => tree?.find('props/mqttjs')?.last != null, 'the message in the tree');
		const properties: MessageProperties | undefined = tree?.find('props/mqttjs')?.last?.properties;
		// MQTT.js writes an object's values name by name: a=1, a=3, b=2 is its wire order.
		expect(properties?.userProperties).toEqual([
			['a', '1'],
			['a', '3'],
			['b', '2'],
		]);
		expect(properties?.payloadFormatIndicator).toBe(0);
		expect(properties?.contentType).toBe('text/plain');
	});
});

describe('Topic Alias and Subscription Identifiers', () => {
	it('reaches the tree and the stream from a server that sends them', async () => {
		const scripted = await startScriptedBroker();
		const served = await serveCore();
		try {
			const connected = await served.core.connections.connect(
				testProfile({
					port: scripted.port,
					clientId: 'alias-subscriber',
					protocolVersion: 5,
					subscriptions: subscribeTo('alias/#'),
					properties: { topicAliasMaximum: 10 },
				}),
			);
			if (!connected.ok) throw new Error(connected.error.message);
			const connectionId = connected.value.id;
			const api = served.connectClient();
			const views: (MessageView | null)[] = [];
			const close = api.subscribe('topic:message', { connectionId, topic: 'alias/t' }, (m) =>
				views.push(m.message),
			);
			const publish = (topicName: string, payload: string): void =>
				scripted.send({
					type: 'PUBLISH',
					dup: false,
					qos: 0,
					retain: false,
					topicName,
					properties: {
						topicAlias: 3,
						subscriptionIdentifier: [7, 42],
						userProperties: [
							['x', '1'],
							['x', '1'],
						],
					},
					payload: bytes(payload),
				});
			publish('alias/t', 'first');
			// The second names its topic by the alias only.
			publish('', 'second');
			const tree = served.core.trees.get(connectionId);
			await waitFor(() => tree?.find('alias/t')?.messageCount === 2, 'both messages');
			const stored = tree?.find('alias/t')?.last;
			expect(new TextDecoder().decode(stored?.payload)).toBe('second');
			expect(stored?.properties).toEqual({
				topicAlias: 3,
				subscriptionIdentifiers: [7, 42],
				userProperties: [
					['x', '1'],
					['x', '1'],
				],
			});
			await waitFor(
				() => views.some((view) => view?.messageCount === 2),
				'the second message on the stream',
			);
			close();
			const streamed = views.find((view) => view?.messageCount === 2)?.properties;
			expect(streamed?.topicAlias).toBe(3);
			expect(streamed?.subscriptionIdentifiers).toEqual([7, 42]);
		} finally {
			await served.close();
			await scripted.stop();
		}
	});
});
