/**
 * The frame tap's cost per frame in isolation (DESIGN §4 budget: tap + split ≤ 1 µs per message):
 * 100-byte QoS 0 PUBLISH frames over 10,000 topics, fed through a FrameLog as socket-sized reads.
 */
import { benchTap } from '../../main/frames/bench';
import { encodePacket } from '../../shared/mqtt/codec';

export function runTapBench(): Record<string, unknown> {
	const frames: Uint8Array[] = [];
	for (let i = 0; i < 10_000; i++) {
		const topic = `bench/${Math.floor(i / 100)}/${i % 100}`;
		const payload = new Uint8Array(100 - topic.length - 4).fill(0x61);
		const encoded = encodePacket(
			{ type: 'PUBLISH', dup: false, qos: 0, retain: false, topicName: topic, payload },
			{ protocolLevel: 4 },
		);
		if (!encoded.ok) throw new Error(encoded.error.message);
		frames.push(encoded.value);
	}
	const result = benchTap(frames, { minFrames: 300_000 });
	return { ...result, budgetNsPerFrame: 1_000, isWithinBudget: result.nsPerFrame <= 1_000 };
}
