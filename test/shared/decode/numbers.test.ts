import { describe, expect, it } from 'vitest';
import { decodeNumbers, numberTypeLabel } from '../../../shared/decode/numbers';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('numeric views', () => {
	it('reads one value in both byte orders', () => {
		const two = bytes(0x01, 0x02);
		expect(decodeNumbers(two, 'uint16', 'le')).toEqual({
			ok: true,
			value: { values: ['513'], count: 1 },
		});
		expect(decodeNumbers(two, 'uint16', 'be')).toEqual({
			ok: true,
			value: { values: ['258'], count: 1 },
		});
		expect(decodeNumbers(bytes(0xff, 0xfe), 'int16', 'be')).toMatchObject({
			value: { values: ['-2'] },
		});
		expect(decodeNumbers(bytes(0xfe, 0xff), 'int16', 'le')).toMatchObject({
			value: { values: ['-2'] },
		});
	});

	it('reads arrays of floats (oracle: Buffer.readDoubleLE gives the float64)', () => {
		// 1.0 and -2.5 as float32, little then big endian.
		const le = bytes(0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0);
		const be = bytes(0x3f, 0x80, 0x00, 0x00, 0xc0, 0x20, 0x00, 0x00);
		expect(decodeNumbers(le, 'float32', 'le')).toMatchObject({
			value: { values: ['1', '-2.5'], count: 2 },
		});
		expect(decodeNumbers(be, 'float32', 'be')).toMatchObject({ value: { values: ['1', '-2.5'] } });
		expect(decodeNumbers(le, 'float64', 'le')).toMatchObject({
			value: { values: ['-8.000001892447472'] },
		});
	});

	it('reads 64-bit integers exactly', () => {
		const max = bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
		expect(decodeNumbers(max, 'uint64', 'le')).toMatchObject({
			value: { values: ['18446744073709551615'] },
		});
		expect(decodeNumbers(max, 'int64', 'be')).toMatchObject({ value: { values: ['-1'] } });
		const big = bytes(0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01);
		expect(decodeNumbers(big, 'uint64', 'be')).toMatchObject({
			value: { values: ['9007199254740993'] },
		});
	});

	it('refuses a payload that is not a whole number of values, saying what is left over', () => {
		const result = decodeNumbers(bytes(1, 2, 3), 'uint16', 'le');
		expect(result).toMatchObject({
			ok: false,
			error: { message: '3 bytes are not a whole number of 2-byte values (1 byte left over).' },
		});
		expect(decodeNumbers(new Uint8Array(0), 'int8', 'le').ok).toBe(false);
	});

	it('names types plainly', () => {
		expect(numberTypeLabel('float32', 'le')).toBe('32-bit float, little endian');
		expect(numberTypeLabel('uint8', 'be')).toBe('8-bit unsigned int');
	});
});
