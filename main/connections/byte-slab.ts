/**
 * Copies of small chunks packed into shared 64 KB slabs.
 *
 * The tap must copy every chunk (Node may reuse it), and a fresh `Uint8Array` per chunk costs an
 * ArrayBuffer allocation each: more than the rest of ingest for a chunk of one small frame. A
 * slab is freed once no frame in the ring points into it any more.
 */
const SLAB_BYTES = 65_536;
/** Chunks above this get a buffer of their own rather than wasting a slab's tail. */
const MAX_SLABBED_BYTES = 8_192;

export class ByteSlab {
	#slab = new Uint8Array(SLAB_BYTES);
	#used = 0;

	/** A private copy of `chunk`. */
	copy(chunk: Uint8Array): Uint8Array {
		const length = chunk.length;
		if (length > MAX_SLABBED_BYTES) return new Uint8Array(chunk);
		if (this.#used + length > SLAB_BYTES) {
			this.#slab = new Uint8Array(SLAB_BYTES);
			this.#used = 0;
		}
		const start = this.#used;
		this.#slab.set(chunk, start);
		this.#used = start + length;
		return this.#slab.subarray(start, start + length);
	}
}
