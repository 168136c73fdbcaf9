/**
 * A renderer's window onto a connection's frames: a filter, a slice of the matching frames
 * (oldest first), following the newest or held where the user scrolled.
 *
 * A filtered view keeps its own index of matching sequence numbers and scans each new frame once,
 * so a tick costs the frames that arrived since the last one, not the whole ring (100,000 frames
 * by default). Evicted frames fall off the front of the index.
 */
import type { FrameFilter, FramesView } from '../../shared/model/frames';
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

	slice(offset: number, limit: number): number[] {
		const start = this.#head + offset;
		return this.#seqs.slice(start, Math.min(this.#seqs.length, start + limit));
	}
}

export class FramesWindowView implements StreamView<FramesView, FramesWindowParams> {
	#params: FramesWindowParams;
	#index: MatchingIndex | null;
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
		if (!sameFilter(params.filter, this.#params.filter)) {
			this.#index = this.#indexFor(params.filter);
		}
		this.#params = params;
		return this.snapshot();
	}

	#indexFor(filter: FrameFilter): MatchingIndex | null {
		return isEmptyFilter(filter) ? null : new MatchingIndex(this.log, filter);
	}

	#view(): FramesView {
		const { limit, follow } = this.#params;
		const log = this.log;
		const index = this.#index;
		index?.refresh();
		const totalMatching = index === null ? log.size : index.size;
		const offset = follow ? Math.max(0, totalMatching - limit) : this.#params.offset;
		const entries =
			index === null ? log.summariesAt(offset, limit) : log.summariesOf(index.slice(offset, limit));
		return {
			totalMatching,
			offset,
			entries,
			totalCount: log.totalCount,
			evictedCount: log.evictedCount,
			capacity: log.capacity,
			capabilities: log.capabilities() ?? null,
		};
	}
}

function sameFilter(a: FrameFilter, b: FrameFilter): boolean {
	return (
		a.direction === b.direction &&
		a.topicFilter === b.topicFilter &&
		(a.types ?? []).join() === (b.types ?? []).join()
	);
}
