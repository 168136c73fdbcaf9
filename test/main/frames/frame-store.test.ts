import { describe, expect, it } from 'vitest';
import { FrameStore } from '../../../main/frames/frame-store';
import { encodePacket } from '../../../shared/mqtt/codec';

function publish(topic: string, payloadBytes: number, fill = 0x61): Uint8Array {
	const encoded = encodePacket(
		{
			type: 'PUBLISH',
			dup: false,
			qos: 0,
			retain: false,
			topicName: topic,
			payload: new Uint8Array(payloadBytes).fill(fill),
		},
		{ protocolLevel: 4 },
	);
	if (!encoded.ok) throw new Error(encoded.error.message);
	return encoded.value;
}

const same = (a: Uint8Array, b: Uint8Array): boolean =>
	a.length === b.length && a.every((byte, i) => byte === b[i]);

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

describe('FrameStore', () => {
	it('keeps a copy of each frame and reads its header when asked', () => {
		const store = new FrameStore({ capacity: 10 });
		const frame = publish('a/b', 5);
		const seq = store.append('in', 1_000, 1, 4, frame);
		frame[5] = 0;
		const record = store.get(seq);
		expect(record).toMatchObject({
			seq: 1,
			timeUs: 1_000,
			direction: 'in',
			session: 1,
			typeCode: 3,
			qos: 0,
			topic: 'a/b',
			payloadBytes: 5,
		});
		expect(same(record?.bytes ?? new Uint8Array(), publish('a/b', 5))).toBe(true);
	});

	it('evicts the oldest frames past its frame count, numbering on', () => {
		const store = new FrameStore({ capacity: 3 });
		for (let i = 0; i < 5; i++) store.append('out', i, 1, 4, publish(`t/${i}`, 1));
		expect([store.size, store.evictedCount, store.oldestSeq, store.nextSeq]).toEqual([3, 2, 3, 6]);
		expect(store.get(2)).toBeUndefined();
		expect(store.at(0)?.topic).toBe('t/2');
		expect(store.get(5)?.topic).toBe('t/4');
	});

	it('evicts the oldest frames past its byte limit, and never splits a frame at the ring’s end', () => {
		const store = new FrameStore({ capacity: 100_000, maxBytes: 4096 });
		const next = random(2);
		const kept: Uint8Array[] = [];
		for (let i = 0; i < 2_000; i++) {
			const frame = publish(`s/${i}`, Math.floor(next() * 300), i % 256);
			store.append('in', i, 1, 4, frame);
			kept.push(frame);
			expect(store.heldBytes).toBeLessThanOrEqual(4096);
		}
		expect(store.evictedCount).toBeGreaterThan(1_000);
		const wrong = Array.from({ length: store.size }, (_, index) => index).find((index) => {
			const record = store.at(index);
			return record === undefined || !same(record.bytes, kept[record.seq - 1] as Uint8Array);
		});
		expect(wrong).toBeUndefined();
	});

	it('grows its byte ring from 1 MB while frames fit in its limit, byte-exact throughout', () => {
		const store = new FrameStore({ capacity: 50_000, maxBytes: 8 * 1024 * 1024 });
		const frames = Array.from({ length: 100 }, (_, i) => publish(`g/${i}`, 100 + i, i));
		for (let i = 0; i < 30_000; i++) store.append('in', i, 1, 4, frames[i % 100] as Uint8Array);
		expect(store.evictedCount).toBe(0);
		expect(store.heldBytes).toBeGreaterThan(1024 * 1024);
		for (const index of [0, 12_345, 29_999]) {
			expect(
				same(store.at(index)?.bytes ?? new Uint8Array(), frames[index % 100] as Uint8Array),
			).toBe(true);
		}
	});

	it('gives a frame over a quarter of its limit an array of its own, counted against it', () => {
		const store = new FrameStore({ capacity: 100, maxBytes: 100_000 });
		store.append('in', 1, 1, 4, publish('small', 10));
		const big = publish('big', 40_000, 7);
		const seq = store.append('in', 2, 1, 4, big);
		expect(same(store.get(seq)?.bytes ?? new Uint8Array(), big)).toBe(true);
		expect(store.heldBytes).toBeGreaterThan(40_000);
		// Three more big ones do not fit beside it: the oldest go.
		for (let i = 0; i < 3; i++) store.append('in', 3 + i, 1, 4, publish('big', 40_000, i));
		expect(store.heldBytes).toBeLessThanOrEqual(100_000);
		expect(store.get(1)).toBeUndefined();
	});

	it('keeps flow facts and stream errors with their frame, and drops them on eviction', () => {
		const store = new FrameStore({ capacity: 2 });
		const seq = store.append('in', 1, 1, 4, new Uint8Array(0), 'corrupt length');
		const facts = store.flow(seq);
		if (facts === undefined) throw new Error('no facts');
		facts.flags = ['ack-missing'];
		expect(store.get(seq)).toMatchObject({ error: 'corrupt length', flags: ['ack-missing'] });
		store.append('in', 2, 1, 4, publish('x', 1));
		store.append('in', 3, 1, 4, publish('y', 1));
		expect(store.flow(seq)).toBeUndefined();
		expect(store.get(seq)).toBeUndefined();
	});
});
