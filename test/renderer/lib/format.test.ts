import { describe, expect, it } from 'vitest';
import {
	describePayload,
	formatBytes,
	formatRate,
	hexDump,
	hexRow,
	plainHex,
	previewNotice,
} from '../../../renderer/lib/format';

const everyByte = (size: number): Uint8Array =>
	Uint8Array.from({ length: size }, (_, i) => i % 256);

describe('hexDump', () => {
	it('dumps every byte it is given, past the 4 KB it used to stop at', () => {
		const bytes = everyByte(64 * 1024);
		const lines = hexDump(bytes).split('\n');
		expect(lines).toHaveLength(4096);
		expect(lines[4095]).toBe(
			'0000fff0  f0 f1 f2 f3 f4 f5 f6 f7  f8 f9 fa fb fc fd fe ff  ................',
		);
	});

	it('lines up a short last row and shows printable ASCII', () => {
		expect(hexRow(new TextEncoder().encode('MQTT\n'), 0x20)).toBe(
			`00000020  ${'4d 51 54 54 0a'.padEnd(48)}  MQTT.`,
		);
		expect(hexDump(new Uint8Array(0))).toBe('');
	});
});

describe('formatBytes and previewNotice', () => {
	it.each([
		[0, '0 B'],
		[1023, '1023 B'],
		[1024, '1 KB'],
		[1536, '1.5 KB'],
		[65_536, '64 KB'],
		[65_533, '64 KB'],
		[5 * 1024 * 1024, '5 MB'],
		[5_500_000, '5.2 MB'],
	])('%i bytes read %s', (size, text) => {
		expect(formatBytes(size)).toBe(text);
	});

	it('says how much of how much is shown', () => {
		expect(previewNotice(65_536, 5 * 1024 * 1024)).toBe(
			'Showing the first 64 KB of 5 MB (5,242,880 bytes).',
		);
	});
});

describe('describePayload', () => {
	it('keeps a cut text as text, ending at the last whole character', () => {
		// 'é' is two bytes: a cut after its first byte must not make the preview binary.
		const bytes = new TextEncoder().encode('aé');
		const preview = describePayload(bytes.subarray(0, 2), true);
		expect(preview).toEqual({ kind: 'text', text: 'a', shownBytes: 1 });
	});

	it('shows binary as a hex dump of every byte of the preview', () => {
		const preview = describePayload(everyByte(20_000), true);
		expect(preview.kind).toBe('binary');
		expect(preview.shownBytes).toBe(20_000);
		expect(preview.kind === 'binary' && preview.hex.split('\n')).toHaveLength(1250);
	});

	it('pretty-prints whole JSON', () => {
		expect(describePayload(new TextEncoder().encode('{"a":1}'))).toEqual({
			kind: 'json',
			text: '{\n  "a": 1\n}',
			shownBytes: 7,
		});
	});
});

describe('plainHex', () => {
	it('writes two lowercase digits a byte', () => {
		expect(plainHex(new Uint8Array([0, 15, 255]))).toBe('000fff');
	});
});

describe('formatRate', () => {
	it('says nothing before a measure or for a quiet row, one decimal below 10, grouped above', () => {
		expect(formatRate(null)).toBe('');
		expect(formatRate(0)).toBe('');
		expect(formatRate(0.5)).toBe('0.5/s');
		expect(formatRate(2)).toBe('2/s');
		expect(formatRate(9.96)).toBe('10/s');
		expect(formatRate(12.4)).toBe('12/s');
		expect(formatRate(1204.6)).toBe('1,205/s');
	});
});
