/**
 * Retained messages against mosquitto: the index holds exactly the topics seen as retained, a
 * subtree clear removes exactly those below it (checked by an independent subscriber), and undo
 * brings them back byte-identical with their QoS and properties.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { testProfile } from '../../helpers/profile';
import { retainedAtBroker } from '../../helpers/retained';
import { waitFor } from '../../helpers/wait';

describe.skipIf(!findMosquitto())('retained messages', () => {
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

	it('clears exactly the topics seen as retained below a prefix, and undo restores them byte for byte', async () => {
		const seed = await mqtt.connectAsync(broker.url, {
			clientId: 'retained-seed',
			protocolVersion: 5,
		});
		const retain = { qos: 1, retain: true } as const;
		await seed.publishAsync('plant/a/1', Buffer.from([0x00, 0xff, 0x10]), {
			...retain,
			properties: { contentType: 'x/raw', userProperties: { site: 'north' } },
		});
		await seed.publishAsync('plant/a/2', 'twenty', { qos: 2, retain: true });
		await seed.publishAsync('plant/a/b/3', '{"deep":true}', retain);
		await seed.publishAsync('plant/ab/x', 'sibling, not below plant/a', retain);
		await seed.publishAsync('other/1', 'elsewhere', retain);

		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'retained-5',
				protocolVersion: 5,
				subscriptions: [{ filter: '#', qos: 2, retainAsPublished: true }],
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const id = connected.value.id;
		const manager = core.publishing.retained(id);
		if (!manager) throw new Error('no retained manager');
		await waitFor(() => manager.index.size === 5, 'the five retained topics');
		// Seen live only, never retained: a clear must not touch it.
		await seed.publishAsync('plant/a/live', 'live only', { qos: 1 });
		await waitFor(() => core.trees.get(id)?.find('plant/a/live')?.last != null, 'the live one');
		await seed.endAsync();

		const plan = manager.plan('plant/a');
		expect(plan.topics.map((t) => [t.topic, t.sizeBytes])).toEqual([
			['plant/a/1', 3],
			['plant/a/2', 6],
			['plant/a/b/3', 13],
		]);
		const before = await retainedAtBroker(broker, '#');

		const refused = await manager.clear('plant/a', ['plant/a/1', 'plant/a/live'], 2);
		expect(refused.ok ? '' : refused.error.message).toBe(
			'plant/a/live has no retained message seen on this connection (cleared meanwhile?): nothing was cleared. Make the list again.',
		);
		const miscounted = await manager.clear('plant/a', ['plant/a/1'], 3);
		expect(miscounted.ok).toBe(false);

		const topics = plan.topics.map((t) => t.topic);
		const cleared = await manager.clear('plant/a', topics, topics.length);
		if (!cleared.ok) throw new Error(cleared.error.message);
		expect(cleared.value.results).toEqual(
			topics.map((topic) => ({ topic, isOk: true, message: 'acknowledged (Success)' })),
		);
		const after = await retainedAtBroker(broker, '#');
		expect([...after.keys()].sort()).toEqual(['other/1', 'plant/ab/x']);
		expect(manager.plan('plant').topics.map((t) => t.topic)).toEqual(['plant/ab/x']);

		const undone = await manager.undo(cleared.value.snapshotId);
		if (!undone.ok) throw new Error(undone.error.message);
		expect(undone.value.results.every((r) => r.isOk)).toBe(true);
		const restored = await retainedAtBroker(broker, '#');
		expect(restored).toEqual(before);
		expect(restored.get('plant/a/1')).toEqual({
			payload: '00ff10',
			qos: 1,
			contentType: 'x/raw',
			userProperties: { site: 'north' },
		});
		expect(restored.get('plant/a/2')?.qos).toBe(2);
		const again = await manager.undo(cleared.value.snapshotId);
		expect(again.ok ? '' : again.error.message).toBe('This clear was undone already.');
		expect(manager.snapshots()).toMatchObject([{ below: 'plant/a', clearedCount: 3 }]);
		await waitFor(() => manager.index.size === 5, 'the restored topics back in the index');
		await core.connections.remove(id);
	});

	it('MQTT 3.1.1: clears one topic and keeps the others, live messages without the flag change nothing', async () => {
		const seed = await mqtt.connectAsync(broker.url, { clientId: 'retained-seed-311' });
		await seed.publishAsync('v311/keep', 'kept', { qos: 1, retain: true });
		await seed.publishAsync('v311/drop', 'dropped', { qos: 1, retain: true });
		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'retained-311',
				protocolVersion: 4,
				subscriptions: [{ filter: 'v311/#', qos: 1 }],
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const manager = core.publishing.retained(connected.value.id);
		if (!manager) throw new Error('no retained manager');
		await waitFor(() => manager.index.size === 2, 'both retained topics');
		await seed.publishAsync('v311/keep', 'live, not retained', { qos: 1 });
		await seed.endAsync();
		const cleared = await manager.clear('v311/drop', ['v311/drop'], 1);
		expect(cleared.ok && cleared.value.results[0]?.isOk).toBe(true);
		const left = await retainedAtBroker(broker, 'v311/#');
		expect([...left.keys()]).toEqual(['v311/keep']);
		expect(Buffer.from(left.get('v311/keep')?.payload ?? '', 'hex').toString()).toBe('kept');
		expect(manager.plan('').topics.map((t) => t.topic)).toEqual(['v311/keep']);
		await core.connections.remove(connected.value.id);
	});
});
