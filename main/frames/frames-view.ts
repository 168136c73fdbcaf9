/**
 * A renderer's window onto a connection's frames: a filter, a slice of the matching frames
 * (oldest first), following the newest, held where the user scrolled, or paused.
 *
 * A filtered view keeps its own index of matching sequence numbers and scans each new frame once,
 * so a tick costs the frames that arrived since the last one, not the whole ring (100,000 frames
 * by default). Evicted frames fall off the front of the index.
 *
 * Paused (`untilSeq`), the list is the matching frames before that sequence number, and every row
 * keeps its place: new frames neither shift nor grow it, and when the ring evicts the oldest
 * frames their rows stay, reported gone (`goneRows`), so no row ever shows another frame.
 */
import type { FrameFilter, FrameSummary, FramesView, FrozenList } from '../../shared/model/frames';
import type { StreamView } from '../core/stream-view';
import { isEmptyFilter, type FrameLog } from './frame-log';

/** How often a view is refreshed without news, so overdue acks get flagged. */
export const ACK_RECHECK_MS = 1_000;

export interface FramesWindowParams {
	readonly offset: number;
	readonly limit: number;
	/** Keep the window on the newest frames as they arrive (offset is then ignored). */
	readonly follow: boolean;
	readonly filter: FrameFilter;
	/** Paused: only frames before this sequence number, rows kept in place. */
	readonly untilSeq?: number | undefined;
	/** The paused list's row count as the renderer last received it (survives a reopened stream). */
	readonly frozenRows?: number | undefined;
}

/** The sequence numbers of the held frames that match one filter, kept up to date incrementally. */
export class MatchingIndex {
	#seqs: number[] = [];
	/** Index of the first entry still held by the ring. */
	#head = 0;
	#scannedTo = 0;

	constructor(
		readonly log: FrameLog,
		readonly filter: FrameFilter,
	) {}

	/** Brings the index up to date: new frames scanned, evicted ones dropped. */
	refresh(): void {
		this.#scannedTo = this.log.collectMatching(this.#scannedTo, this.filter, this.#seqs);
		const oldest = this.log.oldestSeq;
		while (this.#head < this.#seqs.length && (this.#seqs[this.#head] as number) < oldest) {
			this.#head += 1;
		}
		// Compact once the dropped front outweighs what is held (amortised O(1) per frame).
		if (this.#head > 1_024 && this.#head > this.#seqs.length / 2) {
			this.#seqs = this.#seqs.slice(this.#head);
			this.#head = 0;
		}
	}

	get size(): number {
		return this.#seqs.length - this.#head;
	}

	/** How many held matching frames have a sequence number below `seq` (a binary search). */
	countBefore(seq: number): number {
		let low = this.#head;
		let high = this.#seqs.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if ((this.#seqs[middle] as number) < seq) low = middle + 1;
			else high = middle;
		}
		return low - this.#head;
	}

	slice(offset: number, limit: number): number[] {
		const start = this.#head + offset;
		return this.#seqs.slice(start, Math.min(this.#seqs.length, start + limit));
	}
}

export class FramesWindowView implements StreamView<FramesView, FramesWindowParams> {
	#params: FramesWindowParams;
	#index: MatchingIndex | null;
	/** The paused list's rows when the renderer did not say: counted once, then kept. */
	#frozenRows: number | undefined;
	#sentVersion = -1;
	#sentAt = 0;

	constructor(
		readonly log: FrameLog,
		params: FramesWindowParams,
		readonly nowMs: () => number = Date.now,
	) {
		this.#params = params;
		this.#index = this.#indexFor(params.filter);
	}

	snapshot(): FramesView {
		this.#sentVersion = this.log.version;
		this.#sentAt = this.nowMs();
		return this.#view();
	}

	poll(): FramesView | null {
		// Also once a second without news: an ack that is now overdue changes a row's flags.
		if (this.log.version === this.#sentVersion && this.nowMs() - this.#sentAt < ACK_RECHECK_MS) {
			return null;
		}
		return this.snapshot();
	}

	update(params: FramesWindowParams): FramesView | null {
		const isNewFilter = !sameFilter(params.filter, this.#params.filter);
		if (isNewFilter) this.#index = this.#indexFor(params.filter);
		if (isNewFilter || params.untilSeq !== this.#params.untilSeq) this.#frozenRows = undefined;
		this.#params = params;
		return this.snapshot();
	}

	#indexFor(filter: FrameFilter): MatchingIndex | null {
		return isEmptyFilter(filter) ? null : new MatchingIndex(this.log, filter);
	}

	#view(): FramesView {
		const log = this.log;
		this.#index?.refresh();
		const common = {
			nextSeq: log.nextSeq,
			totalCount: log.totalCount,
			evictedCount: log.evictedCount,
			capacity: log.capacity,
			capabilities: log.capabilities() ?? null,
		};
		const untilSeq = this.#params.untilSeq;
		if (untilSeq !== undefined) return { ...common, ...this.#frozenWindow(untilSeq) };
		const { limit, follow } = this.#params;
		const totalMatching = this.#matchingHeld();
		const offset = follow ? Math.max(0, totalMatching - limit) : this.#params.offset;
		const entries = this.#held(offset, limit);
		return { ...common, totalMatching, offset, goneRows: 0, entries, frozen: null };
	}

	/** The paused list: rows before `untilSeq`, the first `goneCount` of them evicted since. */
	#frozenWindow(
		untilSeq: number,
	): Pick<FramesView, 'totalMatching' | 'offset' | 'goneRows' | 'entries' | 'frozen'> {
		const { limit, follow } = this.#params;
		const index = this.#index;
		const log = this.log;
		const held =
			index === null
				? Math.max(0, Math.min(untilSeq, log.nextSeq) - log.oldestSeq)
				: index.countBefore(untilSeq);
		this.#frozenRows ??= this.#params.frozenRows ?? held;
		// A stale or wrong count from the renderer never hides a frame that is held.
		const rowCount = Math.max(this.#frozenRows, held);
		const goneCount = rowCount - held;
		const offset = follow
			? Math.max(0, rowCount - limit)
			: Math.min(this.#params.offset, Math.max(0, rowCount - 1));
		const goneRows = Math.min(limit, Math.max(0, goneCount - offset));
		const heldOffset = Math.max(0, offset - goneCount);
		const entries = this.#held(heldOffset, Math.min(limit - goneRows, held - heldOffset));
		const frozen: FrozenList = {
			untilSeq,
			rowCount,
			goneCount,
			newerMatching: this.#matchingHeld() - held,
		};
		return { totalMatching: rowCount, offset, goneRows, entries, frozen };
	}

	#matchingHeld(): number {
		return this.#index === null ? this.log.size : this.#index.size;
	}

	/** Summaries of the `offset`-th to `offset + limit`-th held matching frames, oldest first. */
	#held(offset: number, limit: number): FrameSummary[] {
		if (limit <= 0) return [];
		const index = this.#index;
		return index === null
			? this.log.summariesAt(offset, limit)
			: this.log.summariesOf(index.slice(offset, limit));
	}
}

function sameFilter(a: FrameFilter, b: FrameFilter): boolean {
	return (
		a.direction === b.direction &&
		a.topicFilter === b.topicFilter &&
		(a.types ?? []).join() === (b.types ?? []).join()
	);
}
