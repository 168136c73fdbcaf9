import { describe, expect, it } from 'vitest';
import { asciiCell, byteRows, hexCell, rowOffset } from '../../../renderer/lib/byte-grid';

describe('byte grid', () => {
	it('cuts cells into rows of 16, the last one short', () => {
		const rows = byteRows(35, 0, 10);
		expect(rows.map((row) => row.start)).toEqual([0, 16, 32]);
		expect(rows[2]?.offsets).toEqual([32, 33, 34]);
		expect(rows[0]?.offsets).toHaveLength(16);
	});

	it('gives only the rows in the window', () => {
		expect(byteRows(1000, 10, 12).map((row) => row.start)).toEqual([160, 176]);
		expect(byteRows(0, 0, 5)).toEqual([]);
	});

	it('shows hex, printable ASCII, and a placeholder past the end', () => {
		const bytes = Uint8Array.from([0x00, 0x41, 0x7f, 0xff]);
		expect([0, 1, 2, 3, 4].map((offset) => hexCell(bytes, offset))).toEqual([
			'00',
			'41',
			'7f',
			'ff',
			'··',
		]);
		expect([0, 1, 2, 3, 4].map((offset) => asciiCell(bytes, offset)).join('')).toBe('.A.. ');
		expect(rowOffset(0x30)).toBe('0030');
		expect(rowOffset(0x12340)).toBe('12340');
	});
});
