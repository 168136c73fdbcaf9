/** A broker killed mid-session and restarted: reconnect with backoff, subscriptions restored once. */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import type { FrameListener } from '../../../main/connections/wire-framer';
import type { ConnectionState } from '../../../shared/model/connection';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { waitFor } from '../../helpers/wait';

/** Counts SUBSCRIBE packets written per socket (first byte 0x82), from the connection's frames. */
function subscribeCounter(): { listener: FrameListener; perSocket: number[] } {
	const perSocket: number[] = [];
	return {
		perSocket,
		listener: {
			open: () => perSocket.push(0),
			frame: (direction, bytes) => {
				if (direction === 'out' && bytes[0] === 0x82)
					perSocket[perSocket.length - 1] = (perSocket.at(-1) ?? 0) + 1;
			},
			broken: () => {},
			close: () => {},
		},
	};
}

describe.skipIf(!findMosquitto())('reconnect', () => {
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

	it('reconnects with backoff after the broker dies, and restores the subscription exactly once', async () => {
		const counter = subscribeCounter();
		const stopObserving = core.connections.observe({
			added: (connection) => connection.onFrames(counter.listener),
		});
		const result = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'reconnect-test',
				subscriptions: subscribeTo('plant/#'),
				reconnect: {
					isEnabled: true,
					initialDelayMs: 200,
					maxDelayMs: 800,
					maxAttempts: 0,
					resubscribe: true,
				},
			}),
		);
		stopObserving();
		if (!result.ok) throw new Error(result.error.message);
		const connection = core.connections.get(result.value.id);
		const tree = core.trees.get(result.value.id);
		if (!connection || !tree) throw new Error('no connection');
		const states: ConnectionState[] = [];
		connection.onStateChange((c) => states.push(c.state));

		await broker.kill();
		await waitFor(
			() => states.some((s) => s.kind === 'reconnecting' && s.attempt >= 2),
			'at least two reconnect attempts',
		);
		const reconnecting = states.find((s) => s.kind === 'reconnecting');
		expect(reconnecting?.kind === 'reconnecting' && reconnecting.lastError.message).toBeTruthy();

		await broker.restart();
		await waitFor(
			() => connection.state.kind === 'connected',
			'the connection to come back',
			20_000,
		);
		const attempts = states
			.filter(
				(s): s is Extract<ConnectionState, { kind: 'reconnecting' }> => s.kind === 'reconnecting',
			)
			.map((s) => s.attempt);
		expect(attempts).toEqual([...attempts].sort((a, b) => a - b));

		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'reconnect-publisher' });
		await publisher.publishAsync('plant/after', 'back', { qos: 1 });
		await publisher.publishAsync('plant/sentinel', 'end', { qos: 1 });
		await publisher.endAsync();
		await waitFor(() => tree.find('plant/sentinel') !== null, 'messages after the restart');
		expect(tree.find('plant/after')?.messageCount).toBe(1);
		// One SUBSCRIBE on the first socket and one on the socket that succeeded; none doubled.
		const sockets = counter.perSocket.filter((count) => count > 0);
		expect(sockets).toEqual([1, 1]);
	});

	it('gives up after the maximum attempts and says why', async () => {
		const lonely = await startBroker();
		const result = await core.connections.connect(
			testProfile({
				port: lonely.port,
				clientId: 'give-up-test',
				reconnect: {
					isEnabled: true,
					initialDelayMs: 100,
					maxDelayMs: 100,
					maxAttempts: 2,
					resubscribe: true,
				},
			}),
		);
		if (!result.ok) throw new Error(result.error.message);
		const connection = core.connections.get(result.value.id);
		await lonely.stop();
		await waitFor(() => connection?.state.kind === 'failed', 'the connection to give up', 20_000);
		expect(connection?.state.kind === 'failed' && connection.state.error.code).toBeTruthy();
	});
});
