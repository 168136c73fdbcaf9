/**
 * A fixed-capacity ring of entries numbered by a contiguous sequence: the oldest is evicted (and
 * counted) when a new one would exceed the capacity, so memory never grows without bound and
 * nothing leaves silently.
 */
export class Ring<T> {
	readonly #slots: (T | undefined)[];
	/** Slot of the oldest entry. */
	#head = 0;
	#size = 0;
	#evicted = 0;
	/** Sequence number of the oldest entry (the first ever is 1). */
	#firstSeq = 1;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) {
			throw new Error(`Ring capacity must be a positive integer, got ${capacity}`);
		}
		this.#slots = new Array<T | undefined>(capacity);
	}

	get size(): number {
		return this.#size;
	}

	/** Entries pushed out to make room. */
	get evictedCount(): number {
		return this.#evicted;
	}

	/** Every entry ever pushed. */
	get totalCount(): number {
		return this.#evicted + this.#size;
	}

	/** Sequence number of the oldest entry held (the next one's when empty). */
	get oldestSeq(): number {
		return this.#firstSeq;
	}

	/** The sequence number the next push gets. */
	get nextSeq(): number {
		return this.#firstSeq + this.#size;
	}

	/** Adds an entry; returns its sequence number. */
	push(entry: T): number {
		const seq = this.nextSeq;
		if (this.#size === this.capacity) {
			this.#slots[this.#head] = entry;
			this.#head = (this.#head + 1) % this.capacity;
			this.#firstSeq++;
			this.#evicted++;
		} else {
			this.#slots[(this.#head + this.#size) % this.capacity] = entry;
			this.#size++;
		}
		return seq;
	}

	/** The entry with this sequence number, if still held. */
	get(seq: number): T | undefined {
		const index = seq - this.#firstSeq;
		if (!Number.isInteger(index) || index < 0 || index >= this.#size) return undefined;
		return this.#slots[(this.#head + index) % this.capacity];
	}

	/** The `index`-th entry from the oldest. */
	at(index: number): T | undefined {
		if (index < 0 || index >= this.#size) return undefined;
		return this.#slots[(this.#head + index) % this.capacity];
	}
}
