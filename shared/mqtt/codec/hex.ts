/**
 * Bytes from text people paste, and bytes to lowercase hex.
 *
 * Accepted: plain hex ('300d0004'), hex with spaces, colons or dashes ('30 0d', '30:0d'),
 * 0x-prefixed bytes ('0x30, 0x0d'), C arrays ('unsigned char x[] = { 0x30, 0x0d };') and hex dumps
 * with an offset column: Wireshark ('0000   30 0d 00 04   0...'), xxd ('00000000: 300d 0004  0..')
 * and hexdump -C ('00000000  30 0d 00 04  |0...|'). Offset and ASCII columns are ignored.
 */

export type HexParseResult =
	| { readonly ok: true; readonly bytes: Uint8Array }
	| { readonly ok: false; readonly message: string };

const HEX_DIGITS = '0123456789abcdef';

/** Lowercase hex, two digits per byte, no separators. */
export function toHex(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i++) {
		const byte = bytes[i] ?? 0;
		out += (HEX_DIGITS[byte >> 4] ?? '') + (HEX_DIGITS[byte & 15] ?? '');
	}
	return out;
}

function hexValue(code: number): number {
	if (code >= 0x30 && code <= 0x39) return code - 0x30;
	const lower = code | 0x20;
	if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
	return -1;
}

/** Bytes of a string of hex digits only; undefined when odd-length or not hex. */
export function fromHexDigits(digits: string): Uint8Array | undefined {
	if (digits.length % 2 !== 0) return undefined;
	const out = new Uint8Array(digits.length / 2);
	for (let i = 0; i < out.length; i++) {
		const high = hexValue(digits.charCodeAt(i * 2));
		const low = hexValue(digits.charCodeAt(i * 2 + 1));
		if (high < 0 || low < 0) return undefined;
		out[i] = (high << 4) | low;
	}
	return out;
}

// A dump line: an offset of 4 to 8 hex digits, then a colon or at least two spaces (one space
// after a bare offset would be ambiguous with grouped plain hex such as '300d 0004').
const DUMP_LINE = /^\s*([0-9a-fA-F]{4,8})(?::\s*|\s{2,}|\t)(.*)$/;

/** Whether a line looks like a hex dump line with an offset column. */
export function isDumpLine(line: string): boolean {
	return DUMP_LINE.test(line);
}

/** Hex digits of one dump line, with the offset and ASCII columns dropped. */
function dumpLineDigits(line: string): string | undefined {
	const match = DUMP_LINE.exec(line);
	if (match === null) return undefined;
	const isXxd = /^\s*[0-9a-fA-F]{4,8}:/.test(line);
	let rest = match[2] ?? '';
	const bar = rest.indexOf('|');
	if (bar >= 0) {
		// hexdump -C: the ASCII column sits between bars.
		rest = rest.slice(0, bar);
	} else {
		// xxd puts two spaces before the ASCII column; Wireshark three (two only mid-line).
		const gap = rest.search(isXxd ? /\s{2,}/ : /\s{3,}/);
		if (gap >= 0) rest = rest.slice(0, gap);
	}
	let digits = '';
	for (const token of rest.trim().split(/\s+/)) {
		if (token.length === 0) continue;
		// Beyond the hex columns (short lines pad differently): stop at the first non-hex token.
		if (!/^(?:[0-9a-fA-F]{2})+$/.test(token)) break;
		digits += token;
	}
	return digits;
}

function parseDump(lines: readonly string[]): HexParseResult {
	let digits = '';
	for (const line of lines) {
		if (line.trim().length === 0) continue;
		const lineDigits = dumpLineDigits(line);
		if (lineDigits === undefined) {
			return { ok: false, message: `'${line.trim()}' is not a hex dump line (offset, hex, text).` };
		}
		digits += lineDigits;
	}
	return finish(digits);
}

function finish(digits: string): HexParseResult {
	if (digits.length === 0) return { ok: false, message: 'There are no hex bytes in the input.' };
	const bytes = fromHexDigits(digits);
	if (bytes === undefined) {
		return { ok: false, message: `The hex has an odd number of digits (${digits.length}).` };
	}
	return { ok: true, bytes };
}

function parseByteList(text: string): HexParseResult {
	const bytes: number[] = [];
	for (const token of text.split(/[\s,]+/)) {
		if (token.length === 0) continue;
		const match = /^0[xX]([0-9a-fA-F]{1,2})$/.exec(token);
		if (match === null) {
			return { ok: false, message: `'${token}' is not a byte like 0x3f.` };
		}
		bytes.push(parseInt(match[1] ?? '', 16));
	}
	if (bytes.length === 0) return { ok: false, message: 'There are no hex bytes in the input.' };
	return { ok: true, bytes: Uint8Array.from(bytes) };
}

/** Parses bytes from any of the formats above; says what is wrong instead of throwing. */
export function parseHex(text: string): HexParseResult {
	const lines = text.split(/\r?\n/);
	const nonEmpty = lines.filter((line) => line.trim().length > 0);
	if (nonEmpty.length === 0) return { ok: false, message: 'The input is empty.' };
	if (nonEmpty.every(isDumpLine) && !/0[xX]/.test(text)) return parseDump(nonEmpty);
	const open = text.indexOf('{');
	if (open >= 0) {
		const close = text.lastIndexOf('}');
		if (close < open) return { ok: false, message: "The C array has '{' but no closing '}'." };
		const body = text.slice(open + 1, close).replace(/,\s*$/, '');
		return parseByteList(body);
	}
	if (/0[xX][0-9a-fA-F]/.test(text)) return parseByteList(text.trim().replace(/;$/, ''));
	const digits = text.replace(/[\s:-]/g, '');
	const bad = /[^0-9a-fA-F]/.exec(digits);
	if (bad !== null) return { ok: false, message: `'${bad[0]}' is not a hex digit.` };
	return finish(digits);
}

export interface HexBlock {
	/** 1-based line number where the block starts. */
	readonly line: number;
	readonly text: string;
}

/**
 * Splits pasted text into one block per frame.
 *
 * Each non-empty line is a frame, except: consecutive hex dump lines form one frame (a blank line
 * or a dump line at offset 0 starts the next one), and a C array runs from '{' to '}'.
 */
export function splitHexBlocks(text: string): HexBlock[] {
	const blocks: HexBlock[] = [];
	let current: { line: number; lines: string[]; kind: 'dump' | 'array' } | undefined;
	const flush = (): void => {
		if (current !== undefined) blocks.push({ line: current.line, text: current.lines.join('\n') });
		current = undefined;
	};
	text.split(/\r?\n/).forEach((line, index) => {
		const lineNumber = index + 1;
		if (current?.kind === 'array') {
			current.lines.push(line);
			if (line.includes('}')) flush();
			return;
		}
		if (line.trim().length === 0) return flush();
		const dump = DUMP_LINE.exec(line);
		if (dump !== null && !/0[xX]/.test(line)) {
			const offset = parseInt(dump[1] ?? '0', 16);
			if (current !== undefined && offset === 0) flush();
			if (current === undefined) current = { line: lineNumber, lines: [], kind: 'dump' };
			current.lines.push(line);
			return;
		}
		flush();
		if (line.includes('{') && !line.includes('}')) {
			current = { line: lineNumber, lines: [line], kind: 'array' };
			return;
		}
		blocks.push({ line: lineNumber, text: line });
	});
	flush();
	return blocks;
}
