/**
 * Messages per second per node, measured by a view for the nodes it looks at (rows on screen,
 * siblings it sorts by rate), never on the ingest path.
 *
 * The tree already counts every message on a node and below (`totalMessagesOf`), all-time; the
 * rate is the difference of two readings of that counter at least `INTERVAL_MS` apart. Ingest
 * stays as it is (no clock read, no decay per message), and a node nobody looks at costs nothing.
 * A node seen for the first time has no rate until its second reading.
 */
import type { TopicTree } from './topic-tree';

export const RATE_INTERVAL_MS = 1_000;
/** Readings of nodes not looked at for this long are dropped. */
const FORGET_MS = 10_000;

interface Reading {
	total: number;
	atMs: number;
	rate: number | null;
	lastSeenMs: number;
}

export class NodeRates {
	readonly #readings = new Map<number, Reading>();
	#generation: number;
	#forgotAtMs = 0;

	constructor(
		readonly tree: TopicTree,
		readonly now: () => number = Date.now,
	) {
		this.#generation = tree.generation;
	}

	/**
	 * Reads the counters of `ids` whose last reading is old enough; returns whether any rate
	 * changed. Call it at any pace: a node is read again only after RATE_INTERVAL_MS.
	 */
	sample(ids: Iterable<number>): boolean {
		const tree = this.tree;
		if (tree.generation !== this.#generation) {
			this.#readings.clear();
			this.#generation = tree.generation;
		}
		const now = this.now();
		let changed = false;
		for (const id of ids) {
			const total = tree.totalMessagesOf(id);
			const reading = this.#readings.get(id);
			if (reading === undefined) {
				this.#readings.set(id, { total, atMs: now, rate: null, lastSeenMs: now });
				continue;
			}
			reading.lastSeenMs = now;
			const elapsedMs = now - reading.atMs;
			if (elapsedMs < RATE_INTERVAL_MS) continue;
			const rate = ((total - reading.total) * 1000) / elapsedMs;
			if (rate !== reading.rate) changed = true;
			reading.rate = rate;
			reading.total = total;
			reading.atMs = now;
		}
		// Dropping old readings walks them all: not more often than they can go stale.
		if (this.#readings.size > 1024 && now - this.#forgotAtMs >= FORGET_MS) this.#forget(now);
		return changed;
	}

	/** The last measured rate of `id`, or null before two readings. */
	rateOf(id: number): number | null {
		return this.#readings.get(id)?.rate ?? null;
	}

	#forget(now: number): void {
		this.#forgotAtMs = now;
		for (const [id, reading] of this.#readings) {
			if (now - reading.lastSeenMs > FORGET_MS) this.#readings.delete(id);
		}
	}
}
