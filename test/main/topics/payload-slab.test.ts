import { describe, expect, it } from 'vitest';
import { MAX_SLAB_PAYLOAD_BYTES, PayloadSlab } from '../../../main/topics/payload-slab';

const bytes = (length: number, fill: number): Uint8Array => new Uint8Array(length).fill(fill);
/** Byte equality without the matcher's per-element diffing (slow on large arrays). */
const same = (a: Uint8Array, b: Uint8Array | undefined): boolean =>
	b !== undefined && a.length === b.length && a.every((byte, i) => byte === b[i]);

describe('PayloadSlab', () => {
	it('keeps a copy per node: the sender may reuse its buffer', () => {
		const slab = new PayloadSlab(4);
		const payload = new TextEncoder().encode('abc');
		slab.store(1, payload);
		payload[0] = 0x7a;
		expect(new TextDecoder().decode(slab.view(1))).toBe('abc');
		expect(slab.length(1)).toBe(3);
	});

	it('rewrites a slot in place for a payload of the same or smaller size, moves for a larger one', () => {
		const slab = new PayloadSlab(4);
		slab.store(1, bytes(100, 1));
		slab.store(2, bytes(100, 2));
		slab.store(1, bytes(90, 3));
		expect(slab.view(1)).toEqual(bytes(90, 3));
		slab.store(1, bytes(300, 4));
		expect(slab.view(1)).toEqual(bytes(300, 4));
		expect(slab.view(2)).toEqual(bytes(100, 2));
	});

	it('copies are the caller’s: a later message does not change them', () => {
		const slab = new PayloadSlab(4);
		slab.store(1, bytes(10, 1));
		const kept = slab.copy(1);
		slab.store(1, bytes(10, 2));
		expect(kept).toEqual(bytes(10, 1));
	});

	it('gives large payloads an array of their own, never written into', () => {
		const slab = new PayloadSlab(4);
		const big = bytes(MAX_SLAB_PAYLOAD_BYTES + 1, 9);
		slab.store(1, big);
		const held = slab.copy(1);
		expect(same(held, big)).toBe(true);
		expect(held).not.toBe(big);
		slab.store(1, bytes(5, 1));
		expect(held[0]).toBe(9);
		expect(slab.view(1)).toEqual(bytes(5, 1));
	});

	it('keeps empty payloads empty and grows for more nodes', () => {
		const slab = new PayloadSlab(2);
		slab.store(1, bytes(0, 0));
		expect(slab.length(1)).toBe(0);
		expect(slab.view(1)).toHaveLength(0);
		slab.grow(10);
		slab.store(9, bytes(3, 3));
		expect(slab.view(9)).toEqual(bytes(3, 3));
		expect(slab.view(1)).toHaveLength(0);
	});

	it('compacts chunks left mostly garbage, keeping every live payload byte-exact', () => {
		const nodes = 3_000;
		const slab = new PayloadSlab(nodes);
		const expected: Uint8Array[] = [];
		// Payloads that keep growing: each move leaves garbage behind.
		for (let round = 0; round < 8; round++) {
			for (let id = 0; id < nodes; id++) {
				const payload = bytes(200 + round * 100 + (id % 7), (id + round) % 251);
				slab.store(id, payload);
				expected[id] = payload;
			}
		}
		const wrong = expected.findIndex((payload, id) => !same(slab.view(id), payload));
		expect(wrong).toBe(-1);
		// Live bytes: 3,000 × ~900 B ≈ 2.7 MB; without compaction 8 rounds would hold ~13 MB.
		expect(slab.chunkCount).toBeLessThanOrEqual(7);
	});
});
