/**
 * The one timer that paces everything sent to renderers: about 30 flushes a second, each view
 * sending at most one coalesced patch per flush. Runs only while something is subscribed.
 */
export const FLUSH_INTERVAL_MS = 33;

export type Poller = () => void;

export class FlushTicker {
	readonly #pollers = new Set<Poller>();
	#timer: NodeJS.Timeout | null = null;

	constructor(readonly intervalMs = FLUSH_INTERVAL_MS) {}

	add(poller: Poller): () => void {
		this.#pollers.add(poller);
		if (this.#timer === null) {
			this.#timer = setInterval(() => this.flush(), this.intervalMs);
			this.#timer.unref();
		}
		return () => {
			this.#pollers.delete(poller);
			if (this.#pollers.size === 0 && this.#timer !== null) {
				clearInterval(this.#timer);
				this.#timer = null;
			}
		};
	}

	/** Runs every poller once now (the timer calls this; tests and shutdown may too). */
	flush(): void {
		for (const poller of this.#pollers) poller();
	}

	get size(): number {
		return this.#pollers.size;
	}

	stop(): void {
		if (this.#timer !== null) clearInterval(this.#timer);
		this.#timer = null;
		this.#pollers.clear();
	}
}
