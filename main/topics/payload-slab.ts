/**
 * The last payload of every topic, packed into shared 1 MB chunks instead of one ArrayBuffer each.
 *
 * A payload per Uint8Array costs about 200 bytes of object, ArrayBuffer and backing-store
 * bookkeeping on top of its bytes, an allocation per message and work for the garbage collector
 * (DESIGN §4: the tree gets ≤ 2 µs and ~600 bytes per topic). Here a topic owns a slot in a
 * chunk; a new message of the same or smaller size is copied into the same slot (the usual case:
 * a sensor sends readings of about one size), a larger one moves to a new slot and leaves the old
 * one as garbage. A chunk whose garbage passes half of it is compacted: its live payloads move to
 * the current chunk and it is dropped, so memory stays within about twice what is live, and each
 * compaction copies at most one chunk. Payloads above 64 KB get an array of their own (kept as
 * they are, never written into: readers may hold them).
 *
 * Slots are per node id (the topic tree's); `view` is a view of the slot that the next `store`
 * may overwrite, for reading at once (a preview); `copy` gives the bytes to keep.
 */
const CHUNK_BYTES = 1024 * 1024;
/** Payloads above this are kept in an array of their own. */
export const MAX_SLAB_PAYLOAD_BYTES = 64 * 1024;
/** Slot sizes round up to this, so a payload that grows by a byte or two stays in place. */
const SLOT_ALIGN = 8;
/** `chunkOf` for a node without a slot: no message yet, or an empty payload. */
const NO_SLOT = -1;
/** `chunkOf` for a payload kept in an array of its own. */
const OWN_ARRAY = -2;
const EMPTY = new Uint8Array(0);

interface Chunk {
	readonly bytes: Uint8Array;
	used: number;
	/** Bytes of slots given up (their node moved to a larger slot). */
	garbage: number;
	/** Node ids that were given a slot here, in order (some may have moved on since). */
	owners: Int32Array;
	ownerCount: number;
}

function newChunk(): Chunk {
	return {
		bytes: new Uint8Array(CHUNK_BYTES),
		used: 0,
		garbage: 0,
		owners: new Int32Array(1024),
		ownerCount: 0,
	};
}

export class PayloadSlab {
	#chunks: (Chunk | null)[] = [newChunk()];
	#current = 0;
	/** Chunk indexes dropped by compaction, reused before new ones are added. */
	#freeChunks: number[] = [];
	#chunkOf: Int32Array;
	#offsetOf: Uint32Array;
	#capacityOf: Uint32Array;
	#lengthOf: Uint32Array;
	readonly #ownArrays = new Map<number, Uint8Array>();

	constructor(capacity = 1024) {
		this.#chunkOf = new Int32Array(capacity).fill(NO_SLOT);
		this.#offsetOf = new Uint32Array(capacity);
		this.#capacityOf = new Uint32Array(capacity);
		this.#lengthOf = new Uint32Array(capacity);
	}

	/** Makes room for node ids below `capacity`. */
	grow(capacity: number): void {
		if (capacity <= this.#chunkOf.length) return;
		const chunkOf = new Int32Array(capacity).fill(NO_SLOT);
		chunkOf.set(this.#chunkOf);
		this.#chunkOf = chunkOf;
		this.#offsetOf = grown(this.#offsetOf, new Uint32Array(capacity));
		this.#capacityOf = grown(this.#capacityOf, new Uint32Array(capacity));
		this.#lengthOf = grown(this.#lengthOf, new Uint32Array(capacity));
	}

	/** Keeps a copy of `payload` as node `id`'s, replacing what it had. */
	store(id: number, payload: Uint8Array): void {
		const length = payload.length;
		const chunkIndex = this.#chunkOf[id] as number;
		if (chunkIndex >= 0 && length <= (this.#capacityOf[id] as number) && length > 0) {
			// The usual case: same slot, new bytes.
			const chunk = this.#chunks[chunkIndex] as Chunk;
			copyInto(chunk.bytes, this.#offsetOf[id] as number, payload, length);
			this.#lengthOf[id] = length;
			return;
		}
		this.#release(id);
		this.#lengthOf[id] = length;
		if (length === 0) return;
		if (length > MAX_SLAB_PAYLOAD_BYTES) {
			this.#ownArrays.set(id, payload.slice());
			this.#chunkOf[id] = OWN_ARRAY;
			return;
		}
		const capacity = (length + SLOT_ALIGN - 1) & ~(SLOT_ALIGN - 1);
		const { chunk, index, offset } = this.#allocate(capacity, id);
		copyInto(chunk.bytes, offset, payload, length);
		this.#chunkOf[id] = index;
		this.#offsetOf[id] = offset;
		this.#capacityOf[id] = capacity;
	}

	length(id: number): number {
		return this.#lengthOf[id] ?? 0;
	}

	/** The bytes in place: read them now, the next `store` may overwrite them. */
	view(id: number): Uint8Array {
		const chunkIndex = this.#chunkOf[id];
		if (chunkIndex === undefined || chunkIndex === NO_SLOT) return EMPTY;
		if (chunkIndex === OWN_ARRAY) return this.#ownArrays.get(id) ?? EMPTY;
		const offset = this.#offsetOf[id] as number;
		return (this.#chunks[chunkIndex] as Chunk).bytes.subarray(
			offset,
			offset + (this.#lengthOf[id] as number),
		);
	}

	/**
	 * The bytes to keep. A payload in its own array is that array (it is never written into);
	 * a slot's bytes are copied.
	 */
	copy(id: number): Uint8Array {
		const chunkIndex = this.#chunkOf[id];
		if (chunkIndex === OWN_ARRAY) return this.#ownArrays.get(id) ?? EMPTY;
		return this.view(id).slice();
	}

	/** Bytes held in chunks (live slots, garbage and free tails) plus own arrays. */
	get heldBytes(): number {
		let bytes = 0;
		for (const chunk of this.#chunks) if (chunk !== null) bytes += chunk.bytes.length;
		for (const own of this.#ownArrays.values()) bytes += own.length;
		return bytes;
	}

	/** Chunks in use (for tests: compaction keeps this bounded). */
	get chunkCount(): number {
		return this.#chunks.length - this.#freeChunks.length;
	}

	/** Forgets every payload (the tree was cleared). */
	clear(): void {
		this.#chunks = [newChunk()];
		this.#current = 0;
		this.#freeChunks = [];
		this.#chunkOf.fill(NO_SLOT);
		this.#lengthOf.fill(0);
		this.#ownArrays.clear();
	}

	/** Gives up node `id`'s slot or array. */
	#release(id: number): void {
		const chunkIndex = this.#chunkOf[id] as number;
		this.#chunkOf[id] = NO_SLOT;
		if (chunkIndex === OWN_ARRAY) {
			this.#ownArrays.delete(id);
			return;
		}
		if (chunkIndex < 0) return;
		const chunk = this.#chunks[chunkIndex] as Chunk;
		chunk.garbage += this.#capacityOf[id] as number;
		if (chunkIndex !== this.#current && chunk.garbage * 2 > chunk.used) this.#compact(chunkIndex);
	}

	#allocate(capacity: number, id: number): { chunk: Chunk; index: number; offset: number } {
		let chunk = this.#chunks[this.#current] as Chunk;
		if (chunk.used + capacity > CHUNK_BYTES) {
			const previous = this.#current;
			this.#current = this.#freeChunks.pop() ?? this.#chunks.length;
			chunk = newChunk();
			this.#chunks[this.#current] = chunk;
			// The chunk just left may be mostly garbage already.
			const left = this.#chunks[previous] as Chunk;
			if (left.garbage * 2 > left.used) this.#compact(previous);
		}
		const offset = chunk.used;
		chunk.used += capacity;
		if (chunk.ownerCount === chunk.owners.length) {
			chunk.owners = grown(chunk.owners, new Int32Array(chunk.owners.length * 2));
		}
		chunk.owners[chunk.ownerCount++] = id;
		return { chunk, index: this.#current, offset };
	}

	/** Moves the live slots of a chunk to the current one and drops it. */
	#compact(chunkIndex: number): void {
		const chunk = this.#chunks[chunkIndex] as Chunk;
		this.#chunks[chunkIndex] = null;
		for (let i = 0; i < chunk.ownerCount; i++) {
			const id = chunk.owners[i] as number;
			if (this.#chunkOf[id] !== chunkIndex) continue;
			const capacity = this.#capacityOf[id] as number;
			const from = this.#offsetOf[id] as number;
			const moved = this.#allocate(capacity, id);
			moved.chunk.bytes.set(
				chunk.bytes.subarray(from, from + (this.#lengthOf[id] as number)),
				moved.offset,
			);
			this.#chunkOf[id] = moved.index;
			this.#offsetOf[id] = moved.offset;
		}
		// Free only now: reused during the loop, its index would mix moved and unmoved slots.
		this.#freeChunks.push(chunkIndex);
	}
}

/** `target` with `source`'s elements at its start. */
function grown<T extends Uint32Array | Int32Array>(source: T, target: T): T {
	target.set(source);
	return target;
}

/** Copies `length` bytes of `source` to `target` at `offset` (`set` beats a loop even for 100 bytes). */
function copyInto(target: Uint8Array, offset: number, source: Uint8Array, length: number): void {
	target.set(length === source.length ? source : source.subarray(0, length), offset);
}
