/**
 * "Show frame" on real mosquitto traffic: the PUBLISH that carried the message shown, found by its
 * topic and stamp; once the ring has evicted it, the answer says so instead of naming another.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { handlers } from '../../../main/ipc/handlers';
import { toMessageView } from '../../../main/topics/message-view';
import type { PublishLookup } from '../../../shared/model/frames';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { waitFor } from '../../helpers/wait';

const CAPACITY = 50;

describe.skipIf(!findMosquitto())('Show frame with a small frame ring', () => {
	let core: Core;
	let broker: TestBroker;
	let connectionId: string;
	let publisher: mqtt.MqttClient;

	beforeAll(async () => {
		broker = await startBroker();
		core = new Core({ shell: 'test', version: 'test', frameCapacity: CAPACITY });
		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'show-frame-subscriber',
				subscriptions: subscribeTo('show/#'),
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		connectionId = connected.value.id;
		const log = core.frames.get(connectionId);
		await waitFor(() => log?.entries().some((e) => e.type === 'SUBACK') === true, 'the SUBACK');
		publisher = await mqtt.connectAsync(broker.url, { clientId: 'show-frame-publisher' });
	});
	afterAll(async () => {
		await publisher.endAsync();
		await core.close();
		await broker.stop();
	});

	/** Publishes and waits until the topic's message view shows `payload`; returns its stamp. */
	async function shown(topic: string, payload: string): Promise<number> {
		await publisher.publishAsync(topic, payload, { qos: 1 });
		const node = () => core.trees.get(connectionId)?.find(topic);
		const text = () => {
			const found = node();
			const view = found ? toMessageView(found) : null;
			return view ? new TextDecoder().decode(view.payloadPreview) : null;
		};
		await waitFor(() => text() === payload, `${payload} on ${topic}`);
		const found = node();
		const view = found ? toMessageView(found) : null;
		if (view === null) throw new Error(`no message on ${topic}`);
		return view.receivedAtUs;
	}

	async function lookUp(topic: string, receivedAtUs: number): Promise<PublishLookup> {
		const result = await handlers['frames:find-publish'](
			{ connectionId, topic, receivedAtUs },
			core,
		);
		if (!result.ok) throw new Error(result.error.message);
		return result.value;
	}

	/** The payload the PUBLISH frame with this sequence number carried. */
	function payloadOf(seq: number): string {
		const packet = core.frames.get(connectionId)?.get(seq)?.decoded?.packet;
		if (packet?.type !== 'PUBLISH') throw new Error(`frame ${seq} is not a PUBLISH`);
		return new TextDecoder().decode(packet.payload);
	}

	it('finds the PUBLISH of the message shown, not the newest on its topic', async () => {
		const firstUs = await shown('show/target', 'first');
		const secondUs = await shown('show/target', 'second');
		const first = await lookUp('show/target', firstUs);
		const second = await lookUp('show/target', secondUs);
		if (first.kind !== 'found' || second.kind !== 'found') throw new Error('not found');
		expect(payloadOf(first.seq)).toBe('first');
		expect(payloadOf(second.seq)).toBe('second');
		expect(second.seq).toBeGreaterThan(first.seq);
	});

	it('says the PUBLISH has left the ring once evicted, with the ring size and the count', async () => {
		const targetUs = await shown('show/evicted', 'soon gone');
		expect((await lookUp('show/evicted', targetUs)).kind).toBe('found');
		// Each QoS 1 delivery is two frames (PUBLISH, PUBACK): enough to push it out of the ring.
		for (let i = 0; i < CAPACITY; i++) await shown(`show/other/${i}`, `other ${i}`);
		const log = core.frames.get(connectionId);
		expect(log?.evictedCount).toBeGreaterThan(0);
		expect(await lookUp('show/evicted', targetUs)).toEqual({
			kind: 'evicted',
			capacity: CAPACITY,
			evictedCount: log?.evictedCount,
		});
		// The topic's next message is found again.
		const laterUs = await shown('show/evicted', 'back');
		const later = await lookUp('show/evicted', laterUs);
		expect(later.kind === 'found' && payloadOf(later.seq)).toBe('back');
	});
});
