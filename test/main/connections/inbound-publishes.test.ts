import { describe, expect, it } from 'vitest';
import { InboundPublishes } from '../../../main/connections/inbound-publishes';
import { ack, frame } from '../frames/build';

function v5Publish(topicName: string, userProperties: [string, string][], packetId?: number) {
	return frame(
		{
			type: 'PUBLISH',
			dup: false,
			qos: packetId === undefined ? 0 : 1,
			retain: false,
			topicName,
			...(packetId === undefined ? {} : { packetId }),
			properties: { userProperties, contentType: 'text/plain' },
			payload: new TextEncoder().encode('x'.repeat(200)),
		},
		5,
	);
}

/** The remaining length MQTT.js reports for a frame (its length minus the fixed header). */
function remainingLength(bytes: Uint8Array): number {
	let value = 0;
	let multiplier = 1;
	for (let i = 1; i < 5; i++) {
		const byte = bytes[i] as number;
		value += (byte & 0x7f) * multiplier;
		if ((byte & 0x80) === 0) return value;
		multiplier *= 128;
	}
	throw new Error('bad length');
}

describe('InboundPublishes', () => {
	it('gives each parsed PUBLISH its frame time and User Properties in wire order, duplicates kept', () => {
		const queue = new InboundPublishes(true);
		const first = v5Publish('a', [
			['b', '2'],
			['a', '1'],
			['b', '3'],
		]);
		const second = v5Publish('c', [['1', 'numeric names keep their place']], 7);
		queue.push(first, 1_000);
		queue.push(ack('PUBACK', 3, 5), 1_001);
		queue.push(second, 1_002);
		expect(queue.size).toBe(2);
		expect(queue.take(remainingLength(first), true)).toBe(true);
		expect([queue.timeUs, queue.userProperties]).toEqual([
			1_000,
			[
				['b', '2'],
				['a', '1'],
				['b', '3'],
			],
		]);
		expect(queue.take(remainingLength(second), false)).toBe(true);
		expect([queue.timeUs, queue.userProperties]).toEqual([1_002, undefined]);
		expect(queue.size).toBe(0);
		expect(queue.take(10, false)).toBe(false);
	});

	it('starts over rather than pair a packet with the wrong frame', () => {
		const queue = new InboundPublishes(true);
		const frameA = v5Publish('a', [['k', 'v']]);
		queue.push(frameA, 1);
		queue.push(v5Publish('b', []), 2);
		expect(queue.take(remainingLength(frameA) + 1, true)).toBe(false);
		expect(queue.mismatchCount).toBe(1);
		expect(queue.size).toBe(0);
	});

	it('keeps up over many frames waiting at once (the ring grows in order)', () => {
		const queue = new InboundPublishes(false);
		const frames = Array.from({ length: 3_000 }, (_, i) =>
			frame({
				type: 'PUBLISH',
				dup: false,
				qos: 0,
				retain: false,
				topicName: `t/${i}`,
				payload: new Uint8Array(i % 300),
			}),
		);
		frames.forEach((bytes, i) => queue.push(bytes, i));
		const times = frames.map((bytes) =>
			queue.take(remainingLength(bytes), false) ? queue.timeUs : undefined,
		);
		expect(times).toEqual(frames.map((_, i) => i));
		expect(queue.mismatchCount).toBe(0);
	});
});
