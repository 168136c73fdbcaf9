import { describe, expect, it } from 'vitest';
import { parseHex, toHex } from '../../../../shared/mqtt/codec/index';

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

	it('formats bytes as lowercase hex', () => {
		expect(toHex(Uint8Array.from([0, 0x0f, 0xab, 0xff]))).toBe('000fabff');
	});
});
