/**
 * A filtered frames view's cost per flush tick on a full ring (100,000 frames): the incremental
 * matching index that FramesWindowView keeps, against the full scan of the ring that each tick
 * cost before it (`FrameLog.window` with the filter), in the same run on the same log.
 *
 * 100-byte QoS 0 PUBLISH frames over 10,000 topics (`bench/<site>/<device>`, as the ingest
 * section), filtered by `bench/7/#`: 1 topic in 100, so about 1,000 matching frames are held.
 */
import { benchFramesView } from '../../main/frames/bench';
import { encodePacket } from '../../shared/mqtt/codec';

export const FRAMES_VIEW_TOPIC_FILTER = 'bench/7/#';

export function runFramesViewBench(): Record<string, unknown> {
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
	const result = benchFramesView(frames, { topicFilter: FRAMES_VIEW_TOPIC_FILTER });
	return {
		topicFilter: FRAMES_VIEW_TOPIC_FILTER,
		ringFrames: result.ringFrames,
		matchingFrames: result.matchingFrames,
		framesPerTick: result.framesPerTick,
		ticks: result.ticks,
		incrementalUsPerTick: result.incremental.medianUs,
		incrementalUsPerTickMin: result.incremental.minUs,
		incrementalUsPerTickMax: result.incremental.maxUs,
		fullScanUsPerTick: result.fullScan.medianUs,
		fullScanUsPerTickMin: result.fullScan.minUs,
		fullScanUsPerTickMax: result.fullScan.maxUs,
		fullScanToIncrementalRatio:
			Math.round((result.fullScan.medianUs / result.incremental.medianUs) * 10) / 10,
	};
}
