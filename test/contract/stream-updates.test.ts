/**
 * Streams over the real WebSocket transport as the renderer drives them: moved in place by
 * updates (no resubscribe, no second snapshot), refused updates, and no traffic nobody reads.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../shared/ipc/client';
import type { StreamMessages } from '../../shared/ipc/contract';
import type { AppError } from '../../shared/result';
import { applyTreePatch, EMPTY_WINDOW, type TreePatch } from '../../shared/tree/patch';
import { startBroker, type TestBroker } from '../helpers/broker';
import { subscribeTo, testProfile } from '../helpers/profile';
import { serveCore, type ServedCore } from '../helpers/serve';
import { waitFor } from '../helpers/wait';

let served: ServedCore;
let broker: TestBroker;
let api: Client;
let connectionId: string;

beforeAll(async () => {
	broker = await startBroker();
	served = await serveCore();
	api = served.connectClient();
	const connected = await api.invoke('connections:connect', {
		profile: testProfile({
			port: broker.port,
			clientId: 'stream-updates',
			subscriptions: subscribeTo('updates/#'),
		}),
	});
	if (!connected.ok) throw new Error(connected.error.message);
	connectionId = connected.value.id;
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'stream-updates-pub' });
	for (let i = 0; i < 200; i++) {
		await publisher.publishAsync(`updates/n${String(i).padStart(3, '0')}`, `v${i}`, { qos: 0 });
	}
	await publisher.publishAsync('updates/zz-sentinel', 'end', { qos: 1 });
	await publisher.endAsync();
	await waitFor(
		() => served.core.trees.get(connectionId)?.find('updates/zz-sentinel') !== null,
		'all topics',
	);
});
afterAll(async () => {
	await served.close();
	await broker.stop();
});

describe('stream updates', () => {
	it('a scrolled tree window arrives as one window patch with only the new rows', async () => {
		const patches: TreePatch[] = [];
		const params = { connectionId, expanded: ['updates'], offset: 0, limit: 20 };
		const handle = api.open('tree:patch', params, (patch) => patches.push(patch));
		await waitFor(() => patches.length === 1, 'the snapshot');
		expect(patches[0]?.kind).toBe('reset');
		handle.update({ ...params, offset: 15 });
		await waitFor(() => patches.length === 2, 'the moved window');
		const moved = patches[1];
		if (moved?.kind !== 'window') throw new Error(`expected a window patch, got ${moved?.kind}`);
		// Rows 15..19 were held already: only rows 20..34 travel.
		expect(moved.rows).toHaveLength(15);
		expect(moved.ids[0]).toBe('updates/n014');
		let window = EMPTY_WINDOW;
		for (const patch of patches) window = applyTreePatch(window, patch);
		expect(window.rows.map((row) => row.id)).toEqual(
			Array.from({ length: 20 }, (_, i) => `updates/n${String(14 + i).padStart(3, '0')}`),
		);
		expect(window.rows.find((row) => row.id === 'updates/n020')?.preview).toBe('v20');
		handle.close();
		expect(patches.filter((patch) => patch.kind === 'reset')).toHaveLength(1);
	});

	it('an update that points a stream at another connection ends it with invalid-request', async () => {
		let ended: AppError | null = null;
		const params = { connectionId, expanded: [], offset: 0, limit: 10 };
		const messages: TreePatch[] = [];
		const handle = api.open(
			'tree:patch',
			params,
			(patch) => messages.push(patch),
			(error) => {
				ended = error;
			},
		);
		await waitFor(() => messages.length === 1, 'the snapshot');
		handle.update({ ...params, connectionId: 'someone-else' });
		await waitFor(() => ended !== null, 'the stream to end');
		expect((ended as AppError | null)?.code).toBe('invalid-request');
		handle.update({ ...params, offset: 'x' as never });
		expect(messages).toHaveLength(1);
	});

	it('a malformed update is refused and the core keeps serving', async () => {
		let ended: AppError | null = null;
		const handle = api.open(
			'frames:window',
			{ connectionId, offset: 0, limit: 10, follow: true, filter: {} },
			() => {},
			(error) => {
				ended = error;
			},
		);
		handle.update({ connectionId, offset: -1, limit: 10, follow: true, filter: {} });
		await waitFor(() => ended !== null, 'the stream to end');
		expect((ended as AppError | null)?.message).toMatch(/^Invalid request on frames:window/);
		expect((await api.invoke('app:info', {})).ok).toBe(true);
	});

	it('connections:state sends nothing while only messages flow', async () => {
		const lists: StreamMessages['connections:state'][] = [];
		const close = api.subscribe('connections:state', {}, (list) => lists.push(list));
		await waitFor(() => lists.length === 1, 'the first list');
		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'stream-updates-quiet' });
		for (let i = 0; i < 300; i++) publisher.publish('updates/quiet', String(i));
		await publisher.publishAsync('updates/quiet-end', 'end', { qos: 1 });
		await publisher.endAsync();
		await waitFor(
			() => served.core.trees.get(connectionId)?.find('updates/quiet-end') !== null,
			'the messages',
		);
		// A few flush ticks pass with the tree changing: the list is not resent.
		for (let tick = 0; tick < 5; tick++) served.core.ticker.flush();
		expect(lists).toHaveLength(1);
		const disconnected = await api.invoke('connections:disconnect', { connectionId });
		expect(disconnected.ok).toBe(true);
		served.core.ticker.flush();
		await waitFor(
			() =>
				lists
					.at(-1)
					?.connections.some((c) => c.id === connectionId && c.state.kind === 'closed') === true,
			'the closed state',
		);
		close();
	});
});
