import { describe, expect, it } from 'vitest';
import { describeHexProblem, parseHex, toHex } from '../../../../shared/mqtt/codec/index';

const EXPECTED = '300d0004746573740068656c6c6f';

describe('parseHex', () => {
	it.each([
		['plain hex', '300d0004746573740068656c6c6f'],
		['upper case', '300D0004746573740068656C6C6F'],
		['spaces', '30 0d 00 04 74 65 73 74 00 68 65 6c 6c 6f'],
		['colons', '30:0d:00:04:74:65:73:74:00:68:65:6c:6c:6f'],
		['grouped without offsets', '300d 0004 7465 7374 0068 656c 6c6f'],
		[
			'0x bytes',
			'0x30, 0x0d, 0x00, 0x04, 0x74, 0x65, 0x73, 0x74, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f',
		],
		[
			'0x bytes with one digit',
			'0x30 0xd 0x0 0x4 0x74 0x65 0x73 0x74 0x0 0x68 0x65 0x6c 0x6c 0x6f',
		],
		[
			'C array',
			'{ 0x30, 0x0d, 0x00, 0x04, 0x74, 0x65, 0x73, 0x74, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f }',
		],
		[
			'C declaration over lines',
			'unsigned char frame[] = {\n  0x30, 0x0d, 0x00, 0x04, 0x74, 0x65, 0x73,\n  0x74, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f,\n};',
		],
		['Wireshark dump', '0000   30 0d 00 04 74 65 73 74 00 68 65 6c 6c 6f         0...test.hello'],
		[
			'Wireshark dump, two lines with a mid gap',
			'0000  30 0d 00 04 74 65 73 74  00 68 65 6c   0...test.hel\n000c  6c 6f                                         lo',
		],
		['xxd', '00000000: 300d 0004 7465 7374 0068 656c 6c6f       0...test.hello'],
		[
			'xxd over two lines',
			'00000000: 300d 0004 7465 7374  0...test\n00000008: 0068 656c 6c6f       .hello',
		],
		['hexdump -C', '00000000  30 0d 00 04 74 65 73 74  00 68 65 6c 6c 6f        |0...test.hello|'],
		[
			'xxd whose text column looks like hex',
			'00000000: 300d 0004 7465 7374 0068 656c 6c6f  beefcafe',
		],
	])('%s', (_name, text) => {
		const result = parseHex(text);
		expect(result.ok && toHex(result.bytes)).toBe(EXPECTED);
	});

	it.each([
		['empty', '   '],
		['odd digit count', '300'],
		['not hex', 'hello world'],
		['bad 0x byte', '0x30, 0xzz'],
		['unclosed C array', '{ 0x30, 0x0d'],
	])('explains %s', (_name, text) => {
		const result = parseHex(text);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.message.length).toBeGreaterThan(5);
	});

	it.each([
		// text, message, line, column, the characters marked
		['30 0z', "'z' is not a hex digit.", 1, 5, 'z'],
		['30 0d\n00 0h 04', "'h' is not a hex digit.", 2, 5, 'h'],
		['30 😀 0d', "'😀' is not a hex digit.", 1, 4, '😀'],
		// Columns count characters: the emoji before is one, not two UTF-16 code units.
		['char f[] = /* 😀 */ { 0x30, 0xzh };', "'z' in '0xzh' is not a hex digit.", 1, 30, 'z'],
		['30\u200b0d', 'U+200B (an invisible character) is not a hex digit.', 1, 3, '\u200b'],
		['0x30, 0xzz', "'z' in '0xzz' is not a hex digit.", 1, 9, 'z'],
		['0x30, 30', "'30' is not a byte like 0x3f.", 1, 7, '30'],
		['0x30, 0x123', "'0x123' has more than two hex digits; a byte takes at most two.", 1, 11, '3'],
		[
			'unsigned char f[] = {\n  0x30, 0x0d,\n  0x0g\n};',
			"'g' in '0x0g' is not a hex digit.",
			3,
			6,
			'g',
		],
		['{ 0x30, 0x0d', "The C array has '{' but no closing '}'.", 1, 1, '{'],
		['30 0d 0 04', "'0' has an odd number of hex digits; each byte takes two.", 1, 7, '0'],
		['300', 'The hex has an odd number of digits (3); each byte takes two.', 1, 3, '0'],
	])('points at the problem in %j', (text, message, line, column, marked) => {
		const result = parseHex(text);
		if (result.ok) throw new Error('parsed');
		expect(result.message).toBe(message);
		expect(result.position).toMatchObject({ line, column });
		const { index = 0, length = 0 } = result.position ?? {};
		expect(text.slice(index, index + length)).toBe(marked);
	});

	it('describes a problem with its line and column in the whole input', () => {
		const result = parseHex('30 0d\n00 0h 04');
		if (result.ok) throw new Error('parsed');
		expect(describeHexProblem(result)).toBe("Line 2, column 5: 'h' is not a hex digit.");
		// A block that starts on line 5 of a longer input.
		expect(describeHexProblem(result, 5)).toBe("Line 6, column 5: 'h' is not a hex digit.");
		const empty = parseHex(' ');
		if (empty.ok) throw new Error('parsed');
		expect(describeHexProblem(empty, 3)).toBe('Line 3: The input is empty.');
	});

	it('formats bytes as lowercase hex', () => {
		expect(toHex(Uint8Array.from([0, 0x0f, 0xab, 0xff]))).toBe('000fabff');
	});
});
