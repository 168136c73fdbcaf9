import { describe, expect, it } from 'vitest';
import { TextRowIndex } from '../../../renderer/lib/text-rows';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Indexes `text` fed in pages of `pageBytes`; returns each row's text and whether it starts a line. */
function rowsOf(text: string, pageBytes: number, maxRowBytes: number): [string, boolean][] {
	const bytes = encoder.encode(text);
	const index = new TextRowIndex(bytes.length, maxRowBytes);
	for (let at = 0; at < bytes.length; at += pageBytes)
		index.scan(bytes.subarray(at, at + pageBytes));
	expect(index.isComplete).toBe(true);
	const rows: [string, boolean][] = [];
	for (let row = 0; row < index.rowCount; row++) {
		const { start, end } = index.rowRange(row, (from, to) => bytes.subarray(from, to));
		rows.push([decoder.decode(bytes.subarray(start, end)), index.startsLine(row)]);
	}
	return rows;
}

describe('TextRowIndex', () => {
	it('makes a row per line, without the line feed or a CR before it', () => {
		for (const pageBytes of [1, 3, 1000]) {
			expect(rowsOf('one\r\ntwo\n\nfour', pageBytes, 80)).toEqual([
				['one', true],
				['two', true],
				['', true],
				['four', true],
			]);
		}
	});

	it('wraps a long line into rows that never start inside a character', () => {
		// 'é' is 2 bytes and '€' 3: with 4-byte rows most cuts fall inside one.
		const line = 'aé€bé€c';
		for (const pageBytes of [1, 2, 5, 64]) {
			const rows = rowsOf(`${line}\nz`, pageBytes, 4);
			expect(rows.map(([text]) => text).join('')).toBe(`${line}z`);
			expect(rows.every(([text]) => !text.includes('\uFFFD'))).toBe(true);
			expect(rows.filter(([, startsLine]) => startsLine)).toHaveLength(2);
			expect(rows.at(-1)).toEqual(['z', true]);
		}
	});

	it('ends with an empty row after a final line feed, as editors do', () => {
		expect(rowsOf('a\n', 10, 80)).toEqual([
			['a', true],
			['', true],
		]);
		expect(rowsOf('', 10, 80)).toEqual([['', true]]);
	});

	it('indexes a megabyte of one-line JSON into bounded rows', () => {
		const text = JSON.stringify(Array.from({ length: 60_000 }, (_, i) => ({ i, v: 'ü' })));
		const rows = rowsOf(text, 65_536, 256);
		expect(rows.map(([row]) => row).join('')).toBe(text);
		expect(rows.every(([row]) => encoder.encode(row).length <= 256 + 3)).toBe(true);
		expect(rows.filter(([, startsLine]) => startsLine)).toHaveLength(1);
	});
});
