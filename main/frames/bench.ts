/**
 * The frame log's costs for `npm run bench`: the tap per frame, and a filtered view per tick.
 *
 * The tap (DESIGN §4: frame tap + split ≤ 1 µs per message): feeds the frames, joined and cut
 * into socket-sized reads, through the wire framer into a FrameLog as incoming bytes, as a
 * connection does, until at least `minFrames` went through (so ring eviction is included), after
 * a warm-up.
 */
import { clockUs } from '../connections/clock';
import { WireFramer } from '../connections/wire-framer';
import { FrameLog } from './frame-log';
import { FramesWindowView } from './frames-view';
import type { FrameFilter, FramesView, FrameWindow } from '../../shared/model/frames';

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

export interface FramesViewBenchOptions {
	/** Ring capacity, filled before timing. Default 100,000 (the FrameLog's default). */
	readonly capacity?: number;
	/** New frames between two ticks. Default 3,334 (100,000 msg/s at 30 ticks a second). */
	readonly framesPerTick?: number;
	/** Ticks timed per method. Default 100. */
	readonly ticks?: number;
	/** Rows in the window, as a renderer asks. Default 60. */
	readonly limit?: number;
}

export interface TickFigures {
	readonly medianUs: number;
	readonly minUs: number;
	readonly maxUs: number;
}

export interface FramesViewBenchResult {
	readonly ringFrames: number;
	readonly matchingFrames: number;
	readonly framesPerTick: number;
	readonly ticks: number;
	/** FramesWindowView.poll(): its matching index scans only the frames new since the last tick. */
	readonly incremental: TickFigures;
	/** What a tick cost before the index: `FrameLog.window` with the filter, twice (count, then page). */
	readonly fullScan: TickFigures;
}

function figures(samplesNs: number[]): TickFigures {
	const sorted = samplesNs.slice().sort((a, b) => a - b);
	const us = (ns: number): number => Math.round(ns / 10) / 100;
	return {
		medianUs: us(sorted[Math.floor(sorted.length / 2)] ?? 0),
		minUs: us(sorted[0] ?? 0),
		maxUs: us(sorted.at(-1) ?? 0),
	};
}

/**
 * The cost of one flush tick of a filtered frames view that follows the newest frames on a full
 * ring, with the incremental index and with the old full scan, alternated tick by tick on the same
 * log (each tick first appends `framesPerTick` frames, untimed, so the ring keeps evicting).
 *
 * The two answers are compared at every tick: a bench of a wrong view would be worthless.
 */
export function benchFramesView(
	frames: readonly Uint8Array[],
	filter: FrameFilter,
	options: FramesViewBenchOptions = {},
): FramesViewBenchResult {
	if (frames.length === 0) throw new Error('benchFramesView needs at least one frame');
	const capacity = options.capacity ?? 100_000;
	const framesPerTick = options.framesPerTick ?? 3_334;
	const ticks = options.ticks ?? 100;
	const limit = options.limit ?? 60;
	const log = new FrameLog({ capacity });
	log.open();
	let next = 0;
	const append = (count: number): void => {
		for (let i = 0; i < count; i++, next++) {
			log.frame('in', frames[next % frames.length] as Uint8Array, clockUs());
		}
	};
	append(capacity);
	const view = new FramesWindowView(log, { offset: 0, limit, follow: true, filter });
	view.snapshot();
	const fullScan = (): FrameWindow => {
		const offset = Math.max(0, log.window(0, 0, filter).totalMatching - limit);
		return log.window(offset, limit, filter);
	};
	const incrementalNs: number[] = [];
	const fullScanNs: number[] = [];
	const warmUp = Math.min(10, ticks);
	for (let tick = 0; tick < warmUp + ticks; tick++) {
		append(framesPerTick);
		// Alternate which goes first, so neither always meets a warmer cache.
		const order = tick % 2 === 0 ? ['incremental', 'full'] : ['full', 'incremental'];
		let incremental: FramesView | null = null;
		let full: FrameWindow | null = null;
		for (const method of order) {
			const start = process.hrtime.bigint();
			if (method === 'incremental') incremental = view.poll();
			else full = fullScan();
			const elapsedNs = Number(process.hrtime.bigint() - start);
			if (tick >= warmUp) (method === 'incremental' ? incrementalNs : fullScanNs).push(elapsedNs);
		}
		const seqs = (window: FrameWindow | null) => window?.entries.map((entry) => entry.seq).join();
		if (incremental?.totalMatching !== full?.totalMatching || seqs(incremental) !== seqs(full)) {
			throw new Error(`the incremental view and the full scan disagree at tick ${tick}`);
		}
	}
	return {
		ringFrames: log.size,
		matchingFrames: log.window(0, 0, filter).totalMatching,
		framesPerTick,
		ticks,
		incremental: figures(incrementalNs),
		fullScan: figures(fullScanNs),
	};
}
