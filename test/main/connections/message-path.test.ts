/**
 * The one message path against mosquitto: what a connection emits (messages with their MQTT 5
 * properties in wire order, the time their frame arrived) and how it meets another client that
 * takes its session over (mosquitto for 3.1.1's silent takeover, a scripted peer for MQTT 5's
 * reason 142).
 */
import { connect as netConnect } from 'node:net';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import type { ConnectionState } from '../../../shared/model/connection';
import type { MqttMessage } from '../../../shared/model/message';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { startScriptedBroker } from '../../helpers/scripted-broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { waitFor } from '../../helpers/wait';
import { frame } from '../frames/build';

/** Sends frames built with our codec over a raw socket: the wire order is exactly ours. */
async function sendRaw(port: number, frames: readonly Uint8Array[]): Promise<void> {
	const socket = netConnect(port, '127.0.0.1');
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', () => resolve());
		socket.once('error', reject);
	});
	const connack = new Promise<void>((resolve) => socket.once('data', () => resolve()));
	socket.write(frames[0] as Uint8Array);
	await connack;
	const puback = new Promise<void>((resolve) => socket.once('data', () => resolve()));
	for (const bytes of frames.slice(1)) socket.write(bytes);
	await puback;
	socket.end();
}

describe.skipIf(!findMosquitto())('the message path', () => {
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

	it('emits MQTT 5 User Properties in wire order with duplicates, and the frame time', async () => {
		const received: MqttMessage[] = [];
		const stop = core.connections.observe({
			added: (connection) => connection.onMessage((message) => received.push(message)),
		});
		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'path-v5',
				protocolVersion: 5,
				subscriptions: subscribeTo('path/#'),
			}),
		);
		stop();
		if (!connected.ok) throw new Error(connected.error.message);
		const userProperties: [string, string][] = [
			['b', '2'],
			['a', '1'],
			['b', '3'],
			['1', 'numeric name'],
			['a', '1'],
		];
		await sendRaw(broker.port, [
			frame(
				{
					type: 'CONNECT',
					protocolName: 'MQTT',
					protocolLevel: 5,
					cleanStart: true,
					keepAlive: 30,
					clientId: 'path-raw-publisher',
				},
				5,
			),
			frame(
				{
					type: 'PUBLISH',
					dup: false,
					qos: 1,
					retain: false,
					topicName: 'path/ordered',
					packetId: 1,
					properties: {
						userProperties,
						contentType: 'text/plain',
						responseTopic: 'path/reply',
						correlationData: Uint8Array.from([0xca, 0xfe]),
						payloadFormatIndicator: 1,
						messageExpiryInterval: 3_600,
					},
					payload: new TextEncoder().encode('ordered'),
				},
				5,
			),
		]);
		await waitFor(() => received.length === 1, 'the message');
		const message = received[0];
		expect(message?.topic).toBe('path/ordered');
		expect(message?.properties?.userProperties).toEqual(userProperties);
		expect(message?.properties).toMatchObject({
			contentType: 'text/plain',
			responseTopic: 'path/reply',
			correlationData: Uint8Array.from([0xca, 0xfe]),
			payloadFormatIndicator: 1,
		});
		// The broker may count down the expiry while the message waits; it never raises it.
		expect(message?.properties?.messageExpiryIntervalSeconds).toBeLessThanOrEqual(3_600);

		const tree = core.trees.get(connected.value.id);
		expect(tree?.find('path/ordered')?.last?.properties?.userProperties).toEqual(userProperties);
		const publishFrame = core.frames
			.get(connected.value.id)
			?.entries()
			.find((entry) => entry.type === 'PUBLISH' && entry.direction === 'in');
		expect(publishFrame?.timeUs).toBe(message?.timeUs);
		await core.connections.remove(connected.value.id);
	});

	it('refuses a second connection of ours with the same client id to the same broker', async () => {
		const profile = testProfile({ port: broker.port, clientId: 'path-twice', name: 'Twice' });
		const first = await core.connections.connect(profile);
		if (!first.ok) throw new Error(first.error.message);
		const second = await core.connections.connect({ ...profile, name: 'Copy' });
		expect(second.ok ? '' : second.error.code).toBe('client-id-in-use');
		expect(second.ok ? '' : second.error.message).toMatch(
			/^"Twice" is already connected to 127\.0\.0\.1:\d+ with client id path-twice\./,
		);
		expect(core.connections.list().filter((c) => c.clientId === 'path-twice')).toHaveLength(1);
		await core.connections.remove(first.value.id);
	});

	it('MQTT 5: a session the broker says was taken over (reason 142) is named and not fought', async () => {
		// mosquitto 2.0.11 closes a taken-over session without a reason: a peer that says it.
		const peer = await startScriptedBroker();
		try {
			const connected = await core.connections.connect(
				testProfile({ port: peer.port, clientId: 'path-takeover-5', protocolVersion: 5 }),
			);
			if (!connected.ok) throw new Error(connected.error.message);
			const connection = core.connections.get(connected.value.id);
			if (!connection) throw new Error('no connection');
			const states: ConnectionState[] = [];
			connection.onStateChange((c) => states.push(c.state));
			peer.disconnectAll(0x8e);
			await waitFor(() => connection.state.kind === 'failed', 'the connection to stop');
			const state = connection.state;
			expect(state.kind === 'failed' && state.error).toMatchObject({
				code: 'session-taken-over',
				reasonCode: 0x8e,
			});
			expect(state.kind === 'failed' && state.error.message).toMatch(
				/^Another client connected with the same client id \(path-takeover-5\), so the broker ended this session \(reason 142, session taken over\)\./,
			);
			expect(states.some((s) => s.kind === 'reconnecting')).toBe(false);
			expect(peer.connects).toHaveLength(1);
			await core.connections.remove(connected.value.id);
		} finally {
			await peer.stop();
		}
	});

	it('MQTT 3.1.1: a takeover fight stops after three quick drops, with the likely cause', async () => {
		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'path-takeover-4',
				protocolVersion: 4,
				reconnect: {
					isEnabled: true,
					initialDelayMs: 50,
					maxDelayMs: 100,
					maxAttempts: 0,
					resubscribe: true,
				},
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const connection = core.connections.get(connected.value.id);
		if (!connection) throw new Error('no connection');
		const states: ConnectionState[] = [];
		connection.onStateChange((c) => states.push(c.state));
		// Another client with the same id that comes back whenever it is pushed out.
		const other = mqtt.connect(broker.url, {
			clientId: 'path-takeover-4',
			protocolVersion: 4,
			reconnectPeriod: 50,
		});
		await waitFor(() => connection.state.kind === 'failed', 'the connection to stop', 30_000);
		const state = connection.state;
		expect(state.kind === 'failed' && state.error.code).toBe('session-taken-over');
		expect(state.kind === 'failed' && state.error.message).toMatch(
			/right after accepting it, 3 times in a row: another client connected with the same client id \(path-takeover-4\)/,
		);
		// Three sessions dropped at once: two reconnects, then it stops instead of a third.
		expect(states.filter((s) => s.kind === 'reconnecting')).toHaveLength(2);
		await waitFor(() => other.connected, 'the other client to keep its session');
		await other.endAsync();
		await core.connections.remove(connected.value.id);
	});
});
