import { describe, expect, it } from 'vitest';
import { FrameSplitter, fromHexDigits, toHex } from '../../../../shared/mqtt/codec/index';
import { VALID_FRAMES } from '../../../fixtures/frames/frames';
import { createRandom } from './random';

function hexBytes(hex: string): Uint8Array {
	return fromHexDigits(hex) ?? new Uint8Array(0);
}

// Valid frames plus one with a two-byte and one with a three-byte remaining length.
const FRAMES: string[] = [
	...VALID_FRAMES.map((frame) => frame.hex),
	`30c1020003612f62${'61'.repeat(316)}`,
	`30808004${'00026162'}${'62'.repeat(65536 - 4)}`,
];

function stream(): Uint8Array {
	return hexBytes(FRAMES.join(''));
}

function split(chunks: Uint8Array[]): string[] {
	const splitter = new FrameSplitter();
	const out: string[] = [];
	for (const chunk of chunks) {
		const result = splitter.push(chunk);
		// A plain check: an expect() per chunk would dominate the run time.
		if (result.error !== undefined) throw new Error(result.error.message);
		for (const frame of result.frames) out.push(toHex(frame));
	}
	expect(splitter.bufferedBytes).toBe(0);
	return out;
}

describe('FrameSplitter', () => {
	it('checks its own fixture: the 3-byte length frame is whole', () => {
		expect(hexBytes(FRAMES[FRAMES.length - 1] ?? '').length).toBe(1 + 3 + 65536);
	});

	it('splits all frames given in one chunk', () => {
		expect(split([stream()])).toEqual(FRAMES);
	});

	it('reassembles frames given one byte at a time', () => {
		const bytes = stream();
		const chunks: Uint8Array[] = [];
		for (let i = 0; i < bytes.length; i++) chunks.push(bytes.subarray(i, i + 1));
		expect(split(chunks)).toEqual(FRAMES);
	});

	it('reassembles frames from random chunk boundaries', () => {
		const random = createRandom(7);
		const bytes = stream();
		for (let round = 0; round < 50; round++) {
			const chunks: Uint8Array[] = [];
			let at = 0;
			while (at < bytes.length) {
				const size = 1 + Math.floor(random() * (round % 2 === 0 ? 8 : 4000));
				chunks.push(bytes.slice(at, at + size));
				at += size;
			}
			expect(split(chunks)).toEqual(FRAMES);
		}
	});

	it('copies held-back bytes so the caller may reuse its buffer', () => {
		const splitter = new FrameSplitter();
		const chunk = hexBytes('320c0003');
		splitter.push(chunk);
		chunk.fill(0xff);
		const result = splitter.push(hexBytes('612f62000768656c6c6f'));
		expect(result.frames.map(toHex)).toEqual(['320c0003612f62000768656c6c6f']);
	});

	it('reports a remaining length longer than four bytes, with its stream offset, and stops', () => {
		const splitter = new FrameSplitter();
		const result = splitter.push(hexBytes('c000' + '30ffffffff01'));
		expect(result.frames.map(toHex)).toEqual(['c000']);
		expect(result.error).toMatchObject({ offset: 4, streamOffset: 6, rule: '[MQTT-2.2.3]' });
		expect(splitter.push(hexBytes('c000')).error).toBeDefined();
	});

	it('reports a malformed length split across chunks', () => {
		const splitter = new FrameSplitter({ protocolLevel: 5 });
		expect(splitter.push(hexBytes('30ff')).error).toBeUndefined();
		expect(splitter.push(hexBytes('ff')).error).toBeUndefined();
		expect(splitter.push(hexBytes('ffff')).error).toMatchObject({
			streamOffset: 4,
			rule: '[MQTT-1.5.5]',
		});
	});

	it('accepts the largest remaining length, 268,435,455, and waits for the bytes', () => {
		const splitter = new FrameSplitter();
		const result = splitter.push(hexBytes('30ffffff7f0003612f62'));
		expect(result).toEqual({ frames: [] });
		expect(splitter.expectedFrameLength).toBe(268_435_455 + 5);
		const megabyte = new Uint8Array(1 << 20);
		for (let i = 0; i < 8; i++) expect(splitter.push(megabyte).frames).toEqual([]);
		expect(splitter.bufferedBytes).toBe(10 + 8 * (1 << 20));
	});
});

describe('FrameSplitter fuzz', () => {
	it('never throws and never loses bytes on random input in random chunks', () => {
		const random = createRandom(99);
		for (let round = 0; round < 2000; round++) {
			const input = new Uint8Array(Math.floor(random() * 300));
			for (let i = 0; i < input.length; i++) input[i] = Math.floor(random() * 256);
			const splitter = new FrameSplitter();
			const out: number[] = [];
			let failed = false;
			let at = 0;
			while (at < input.length && !failed) {
				const size = 1 + Math.floor(random() * 20);
				const result = splitter.push(input.subarray(at, at + size));
				for (const frame of result.frames) out.push(...frame);
				failed = result.error !== undefined;
				at += size;
			}
			// Frames plus held-back bytes are exactly a prefix of the input.
			if (!failed) expect(out.length + splitter.bufferedBytes).toBe(input.length);
			expect(toHex(Uint8Array.from(out))).toBe(toHex(input.subarray(0, out.length)));
		}
	});
});
