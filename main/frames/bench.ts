/**
 * The tap's cost per frame, for `npm run bench` (DESIGN §4: frame tap + split ≤ 1 µs per message).
 *
 * Feeds the frames, joined and cut into socket-sized reads, through the wire framer into a
 * FrameLog as incoming bytes, as a connection does, until at least `minFrames` went through (so
 * ring eviction is included), after a warm-up.
 */
import { clockUs } from '../connections/clock';
import { WireFramer } from '../connections/wire-framer';
import { FrameLog } from './frame-log';

export interface TapBenchOptions {
	/** Size of each simulated socket read. Default 65,536 (Node's usual read size). */
	readonly chunkBytes?: number;
	/** Frames to time, at least. Default 200,000. */
	readonly minFrames?: number;
	/** Ring capacity. Default the FrameLog's. */
	readonly capacity?: number;
}

export interface TapBenchResult {
	readonly nsPerFrame: number;
	readonly frames: number;
	readonly chunkBytes: number;
}

function chunksOf(frames: readonly Uint8Array[], chunkBytes: number): Uint8Array[] {
	let length = 0;
	for (const frame of frames) length += frame.length;
	const stream = new Uint8Array(length);
	let at = 0;
	for (const frame of frames) {
		stream.set(frame, at);
		at += frame.length;
	}
	const chunks: Uint8Array[] = [];
	for (let start = 0; start < stream.length; start += chunkBytes) {
		chunks.push(stream.subarray(start, start + chunkBytes));
	}
	return chunks;
}

function feed(framer: WireFramer, chunks: readonly Uint8Array[]): void {
	for (const chunk of chunks) framer.data('in', chunk);
}

/** Nanoseconds per frame through the framer and the log: copy, split, peek, pairing, ring. */
export function benchTap(frames: Uint8Array[], options: TapBenchOptions = {}): TapBenchResult {
	if (frames.length === 0) throw new Error('benchTap needs at least one frame');
	const chunkBytes = options.chunkBytes ?? 65_536;
	const minFrames = options.minFrames ?? 200_000;
	const chunks = chunksOf(frames, chunkBytes);
	const rounds = Math.max(1, Math.ceil(minFrames / frames.length));
	const log = new FrameLog(options.capacity === undefined ? {} : { capacity: options.capacity });
	const framer = new WireFramer(log, clockUs);
	framer.open();
	// Warm-up: let the JIT settle on the same shapes it will time.
	for (let round = 0; round < Math.min(rounds, 3); round++) feed(framer, chunks);
	const before = log.totalCount;
	const start = process.hrtime.bigint();
	for (let round = 0; round < rounds; round++) feed(framer, chunks);
	const elapsedNs = Number(process.hrtime.bigint() - start);
	const timed = log.totalCount - before;
	return { nsPerFrame: elapsedNs / timed, frames: timed, chunkBytes };
}
