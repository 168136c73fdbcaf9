import { describe, expect, it } from 'vitest';
import { incompleteTailLength, payloadText } from '../../../shared/model/payload-text';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('payloadText', () => {
	it.each([
		['plain ASCII', utf8('21.5'), '21.5'],
		['JSON with tabs and newlines', utf8('{\n\t"a": 1\r\n}'), '{\n\t"a": 1\r\n}'],
		['multi-byte characters', utf8('température 21 °C ✓ 🌡'), 'température 21 °C ✓ 🌡'],
		['the empty payload', bytes(), ''],
	])('reads %s as text', (_name, payload, expected) => {
		expect(payloadText(payload)).toBe(expected);
	});

	it.each([
		['invalid UTF-8', bytes(0xff, 0xfe, 0x41)],
		['a NUL byte', bytes(0x41, 0x00, 0x42)],
		['an ESC control character', bytes(0x1b, 0x5b, 0x41)],
		['DEL', bytes(0x41, 0x7f)],
		['a lone continuation byte', bytes(0x41, 0x80)],
	])('calls %s binary', (_name, payload) => {
		expect(payloadText(payload)).toBeNull();
	});

	it('drops a character cut in half by a preview instead of calling the payload binary', () => {
		const whole = utf8('ab🌡'); // the thermometer is 4 bytes: f0 9f 8c a1
		for (const cut of [3, 4, 5]) {
			const head = whole.subarray(0, cut);
			expect(payloadText(head)).toBeNull();
			expect(payloadText(head, true)).toBe('ab');
		}
		expect(payloadText(whole.subarray(0, 6), true)).toBe('ab🌡');
	});

	it('still calls a cut payload binary when its bytes before the cut are not UTF-8', () => {
		expect(payloadText(bytes(0xff, 0x41, 0xe2, 0x82), true)).toBeNull();
	});
});

describe('incompleteTailLength', () => {
	it.each([
		[utf8('abc'), 0],
		[bytes(0x41, 0xc3), 1],
		[bytes(0x41, 0xe2, 0x82), 2],
		[bytes(0x41, 0xe2, 0x82, 0xac), 0],
		[bytes(0xf0, 0x9f, 0x8c), 3],
		[bytes(0xf0, 0x9f, 0x8c, 0xa1), 0],
	])('%j ends with %i bytes of an incomplete character', (payload, expected) => {
		expect(incompleteTailLength(payload)).toBe(expected);
	});
});
