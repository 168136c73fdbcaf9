/**
 * Live subscriptions and publishing on a real connection: edits while connected send only the
 * difference, answers per filter, MQTT 5 subscription identifiers, publishes checked against the
 * broker's CONNACK and acknowledged with their reason code.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import type { MqttMessage } from '../../../shared/model/message';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { testProfile } from '../../helpers/profile';
import { startScriptedBroker } from '../../helpers/scripted-broker';
import { waitFor } from '../../helpers/wait';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

describe.skipIf(!findMosquitto())('publish and subscribe', () => {
	let core: Core;
	let broker: TestBroker;

	beforeAll(async () => {
		core = new Core({ shell: 'test', version: 'test' });
		broker = await startBroker();
	});
	afterAll(async () => {
		await core.close();
		await broker.stop();
	});

	async function open(clientId: string, protocolVersion: 4 | 5, filters: string[]) {
		const received: MqttMessage[] = [];
		const stop = core.connections.observe({
			added: (connection) => connection.onMessage((message) => received.push(message)),
		});
		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId,
				protocolVersion,
				subscriptions: filters.map((filter) => ({ filter, qos: 1 })),
			}),
		);
		stop();
		if (!connected.ok) throw new Error(connected.error.message);
		const connection = core.connections.get(connected.value.id);
		const frames = core.frames.get(connected.value.id);
		if (!connection || !frames) throw new Error('no connection');
		return { connection, frames, received, id: connected.value.id };
	}

	it('edits subscriptions while connected: only the difference is sent, no reconnect', async () => {
		const { connection, frames, received, id } = await open('live-subs', 5, ['live/a/#']);
		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'live-subs-pub' });
		const edited = await connection.setSubscriptions([
			{ filter: 'live/a/#', qos: 1, isEnabled: false },
			{ filter: 'live/b/+', qos: 2 },
		]);
		if (!edited.ok) throw new Error(edited.error.message);
		expect(edited.value.map((s) => [s.spec.filter, s.outcome.kind, s.identifier])).toEqual([
			['live/a/#', 'disabled', 1],
			['live/b/+', 'granted', 2],
		]);
		await publisher.publishAsync('live/a/1', 'not any more', { qos: 1 });
		await publisher.publishAsync('live/b/1', 'now', { qos: 1 });
		await waitFor(() => received.some((m) => m.topic === 'live/b/1'), 'the message on b');
		expect(received.map((m) => m.topic)).toEqual(['live/b/1']);
		expect(received[0]?.properties?.subscriptionIdentifiers).toEqual([2]);
		expect(connection.subscriptions().map((s) => s.messageCount)).toEqual([0, 1]);
		const out = frames
			.entries()
			.filter((e) => e.direction === 'out')
			.map((e) => e.type);
		// CONNECT, the first SUBSCRIBE, then exactly one UNSUBSCRIBE and one SUBSCRIBE: no reconnect.
		expect(out.filter((type) => type !== 'PUBACK' && type !== 'PINGREQ')).toEqual([
			'CONNECT',
			'SUBSCRIBE',
			'UNSUBSCRIBE',
			'SUBSCRIBE',
		]);
		await publisher.endAsync();
		await core.connections.remove(id);
	});

	it('refuses an invalid filter before anything is sent', async () => {
		const { connection, frames, id } = await open('bad-filter', 4, ['ok/#']);
		const before = frames.totalCount;
		const edited = await connection.setSubscriptions([
			{ filter: 'ok/#', qos: 0 },
			{ filter: 'a/#/b', qos: 0 },
		]);
		expect(edited.ok ? '' : edited.error.message).toBe(
			"Subscription filter a/#/b: '#' must be the last level",
		);
		expect(frames.totalCount).toBe(before);
		expect(connection.subscriptions().map((s) => s.spec.filter)).toEqual(['ok/#']);
		await core.connections.remove(id);
	});

	it('MQTT 3.1.1: counts messages per subscription by matching filters', async () => {
		const { connection, received, id } = await open('count-311', 4, ['c/+/t', 'c/#']);
		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'count-311-pub' });
		await publisher.publishAsync('c/1/t', 'both', { qos: 1 });
		await publisher.publishAsync('c/2', 'only #', { qos: 1 });
		await publisher.endAsync();
		// mosquitto delivers a message once per matching subscription on 3.1.1.
		await waitFor(() => received.length >= 2, 'the messages');
		await waitFor(
			() => connection.subscriptions().reduce((sum, s) => sum + s.messageCount, 0) >= 3,
			'the counts',
		);
		const counts = Object.fromEntries(
			connection.subscriptions().map((s) => [s.spec.filter, s.messageCount]),
		);
		expect(counts['c/+/t']).toBeGreaterThanOrEqual(1);
		expect(counts['c/#']).toBeGreaterThanOrEqual(2);
		await core.connections.remove(id);
	});

	it('publishes at QoS 0, 1 and 2 and reports the acknowledgement with its reason', async () => {
		const { connection, received, id } = await open('publisher-5', 5, ['pub/echo/#']);
		const outgoing: MqttMessage[] = [];
		connection.onMessage((message) => {
			if (message.direction === 'out') outgoing.push(message);
		});
		const sent = await connection.publish({
			topic: 'pub/echo/0',
			payload: text('zero'),
			qos: 0,
			retain: false,
		});
		expect(sent).toEqual({ ok: true, value: { kind: 'sent' } });
		const acked = await connection.publish({
			topic: 'pub/echo/1',
			payload: text('one'),
			qos: 1,
			retain: false,
			properties: { contentType: 'text/plain', userProperties: [['k', 'v']] },
		});
		expect(acked.ok && acked.value).toMatchObject({ kind: 'acknowledged', reasonCode: 0 });
		expect(acked.ok && acked.value.kind === 'acknowledged' && acked.value.rttUs).toBeGreaterThan(0);
		// mosquitto says 'no matching subscribers' in a PUBACK (not in a PUBREC).
		const nobody = await connection.publish({
			topic: 'pub/nobody',
			payload: text('1'),
			qos: 1,
			retain: false,
		});
		expect(nobody.ok && nobody.value).toMatchObject({
			kind: 'acknowledged',
			reasonCode: 0x10,
			reasonName: 'No matching subscribers',
		});
		const exactlyOnce = await connection.publish({
			topic: 'pub/echo/2',
			payload: text('two'),
			qos: 2,
			retain: false,
		});
		expect(exactlyOnce.ok && exactlyOnce.value).toMatchObject({
			kind: 'acknowledged',
			reasonCode: 0,
			reasonName: 'Success',
		});
		await waitFor(() => received.some((m) => m.topic === 'pub/echo/1'), 'the echo');
		expect(received.find((m) => m.topic === 'pub/echo/1')?.properties).toMatchObject({
			contentType: 'text/plain',
			userProperties: [['k', 'v']],
		});
		expect(outgoing.map((m) => [m.topic, m.qos])).toEqual([
			['pub/echo/0', 0],
			['pub/echo/1', 1],
			['pub/nobody', 1],
			['pub/echo/2', 2],
		]);
		// The tree shows what the broker sent, not what we published.
		expect(core.trees.get(id)?.find('pub/nobody')).toBeNull();
		await core.connections.remove(id);
	});

	it('refuses a publish the protocol or the broker would refuse, saying why', async () => {
		const { connection, id } = await open('publish-checks', 4, ['x']);
		const wildcard = await connection.publish({
			topic: 'a/+',
			payload: text(''),
			qos: 0,
			retain: false,
		});
		expect(wildcard.ok ? '' : wildcard.error.code).toBe('invalid-topic');
		const properties = await connection.publish({
			topic: 'a',
			payload: text(''),
			qos: 0,
			retain: false,
			properties: { contentType: 'x' },
		});
		expect(properties.ok ? '' : properties.error.message).toMatch(
			/^MQTT 3\.1 and 3\.1\.1 have no message properties/,
		);
		await core.connections.remove(id);
	});
});

describe('capabilities the broker states in its CONNACK', () => {
	it('a subscription the broker cannot take is not sent and says why; limits refuse publishes', async () => {
		const peer = await startScriptedBroker({
			connackProperties: {
				sharedSubscriptionAvailable: 0,
				maximumQoS: 1,
				retainAvailable: 0,
				maximumPacketSize: 100,
				subscriptionIdentifiersAvailable: 0,
			},
		});
		const core = new Core({ shell: 'test', version: 'test' });
		try {
			const connected = await core.connections.connect(
				testProfile({
					port: peer.port,
					clientId: 'caps',
					protocolVersion: 5,
					subscriptions: [
						{ filter: 'plain/#', qos: 1 },
						{ filter: '$share/g/jobs', qos: 1 },
					],
				}),
			);
			expect(connected.ok ? '' : connected.error.message).toBe(
				'The broker says it has no shared subscriptions (CONNACK Shared Subscription Available = 0): it cannot take $share/g/jobs.',
			);
			const connection = core.connections.all()[0];
			if (!connection) throw new Error('no connection');
			expect(connection.state.kind).toBe('connected');
			expect(connection.subscriptions().map((s) => [s.outcome.kind, s.identifier])).toEqual([
				['granted', undefined],
				['unsupported', undefined],
			]);
			const subscribes = core.frames
				.get(connection.id)
				?.entries()
				.filter((e) => e.type === 'SUBSCRIBE');
			expect(subscribes?.map((e) => e.summary)).toEqual([expect.stringMatching(/1 filter/)]);
			const qos2 = await connection.publish({
				topic: 't',
				payload: text('x'),
				qos: 2,
				retain: false,
			});
			expect(qos2.ok ? '' : qos2.error.message).toMatch(/^The broker accepts at most QoS 1/);
			const retained = await connection.publish({
				topic: 't',
				payload: text('x'),
				qos: 0,
				retain: true,
			});
			expect(retained.ok ? '' : retained.error.message).toMatch(/Retain Available = 0/);
			const big = await connection.publish({
				topic: 't',
				payload: new Uint8Array(200),
				qos: 0,
				retain: false,
			});
			expect(big.ok ? '' : big.error.message).toMatch(
				/^This PUBLISH is 207 bytes; the broker's Maximum Packet Size is 100 bytes\./,
			);
		} finally {
			await core.close();
			await peer.stop();
		}
	});
});

describe('a broker that disconnects instead of refusing a subscription', () => {
	it('shows the DISCONNECT reason and does not reconnect into the same refusal', async () => {
		const peer = await startScriptedBroker({
			disconnectOnSubscribe: (filter) => (filter.startsWith('$share/') ? 0x9e : undefined),
		});
		const core = new Core({ shell: 'test', version: 'test' });
		try {
			const connected = await core.connections.connect(
				testProfile({
					port: peer.port,
					clientId: 'share-refused',
					protocolVersion: 5,
					subscriptions: [{ filter: '$share/workers/jobs', qos: 1 }],
				}),
			);
			expect(connected.ok ? '' : connected.error).toMatchObject({
				reasonCode: 0x9e,
				message:
					'The broker disconnected: shared subscriptions not supported (reason 158). Reconnecting would meet the same refusal, so Topicscope stopped: remove or disable the shared ($share/…) subscriptions in the profile.',
			});
			// One session, not a reconnect loop.
			expect(peer.connects).toHaveLength(1);
		} finally {
			await core.close();
			await peer.stop();
		}
	});
});
