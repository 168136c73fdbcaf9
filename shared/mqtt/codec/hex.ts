/**
 * Bytes from text people paste, and bytes to lowercase hex.
 *
 * Accepted: plain hex ('300d0004'), hex with spaces, colons or dashes ('30 0d', '30:0d'),
 * 0x-prefixed bytes ('0x30, 0x0d'), C arrays ('unsigned char x[] = { 0x30, 0x0d };') and hex dumps
 * with an offset column: Wireshark ('0000   30 0d 00 04   0...'), xxd ('00000000: 300d 0004  0..')
 * and hexdump -C ('00000000  30 0d 00 04  |0...|'). Offset and ASCII columns are ignored.
 */

/** Where in the pasted text a problem is. */
export interface HexPosition {
	/** 1-based line within the text parsed. */
	readonly line: number;
	/** 1-based column within that line, counted in characters (code points). */
	readonly column: number;
	/** Index into the text (UTF-16 code units) of the first character to mark. */
	readonly index: number;
	/** How many code units to mark. */
	readonly length: number;
}

/** A parse failure: what is wrong and, when one character or token is to blame, where. */
export interface HexProblem {
	readonly ok: false;
	readonly message: string;
	readonly position?: HexPosition;
}

export type HexParseResult = { readonly ok: true; readonly bytes: Uint8Array } | HexProblem;

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

/** The position of `length` code units at `index` in `text`. */
function positionAt(text: string, index: number, length: number): HexPosition {
	const lineStart = text.lastIndexOf('\n', index - 1) + 1;
	let line = 1;
	for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
	// Columns count characters as a person does: an emoji is one, not two code units.
	const column = Array.from(text.slice(lineStart, index)).length + 1;
	return { line, column, index, length };
}

function problem(message: string, position?: HexPosition): HexProblem {
	return position === undefined ? { ok: false, message } : { ok: false, message, position };
}

/** The character at `index` (a whole code point) for a message, and its length in code units. */
function characterAt(text: string, index: number): { name: string; length: number } {
	const code = text.codePointAt(index) ?? 0;
	const character = String.fromCodePoint(code);
	// Pasted text brings invisible characters (zero-width spaces, controls): name them by number.
	const isVisible = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(character);
	const name = isVisible
		? `'${character}'`
		: `U+${code.toString(16).toUpperCase().padStart(4, '0')} (an invisible character)`;
	return { name, length: character.length };
}

function parseDump(text: string): HexParseResult {
	let digits = '';
	let lineStart = 0;
	for (const rawLine of text.split('\n')) {
		const start = lineStart;
		lineStart += rawLine.length + 1;
		const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
		if (line.trim().length === 0) continue;
		const lineDigits = dumpLineDigits(line);
		if (lineDigits === undefined) {
			const indent = line.length - line.trimStart().length;
			return problem(
				`'${line.trim()}' is not a hex dump line (offset, hex, text).`,
				positionAt(text, start + indent, line.trim().length),
			);
		}
		digits += lineDigits;
	}
	return finish(digits);
}

function finish(digits: string): HexParseResult {
	if (digits.length === 0) return problem('There are no hex bytes in the input.');
	const bytes = fromHexDigits(digits);
	if (bytes === undefined) {
		return problem(`The hex has an odd number of digits (${digits.length}).`);
	}
	return { ok: true, bytes };
}

/** One `0x3f` token; a problem pointing into the text when it is not one. */
function byteToken(text: string, token: string, index: number): number | HexProblem {
	const match = /^0[xX]([0-9a-fA-F]{1,2})$/.exec(token);
	if (match !== null) return parseInt(match[1] ?? '', 16);
	if (!/^0[xX]/.test(token)) {
		return problem(`'${token}' is not a byte like 0x3f.`, positionAt(text, index, token.length));
	}
	const digits = token.slice(2);
	const bad = /[^0-9a-fA-F]/.exec(digits);
	if (bad !== null) {
		const at = index + 2 + bad.index;
		const character = characterAt(text, at);
		return problem(
			`${character.name} in '${token}' is not a hex digit.`,
			positionAt(text, at, character.length),
		);
	}
	if (digits.length === 0) {
		return problem(`'${token}' has no hex digits after 0x.`, positionAt(text, index, token.length));
	}
	return problem(
		`'${token}' has more than two hex digits; a byte takes at most two.`,
		positionAt(text, index + 4, token.length - 4),
	);
}

/** Bytes written as 0x tokens in text[from, to), separated by spaces and commas. */
function parseByteList(text: string, from: number, to: number): HexParseResult {
	const bytes: number[] = [];
	const tokens = /[^\s,]+/g;
	tokens.lastIndex = from;
	for (let match = tokens.exec(text); match !== null; match = tokens.exec(text)) {
		if (match.index >= to) break;
		const token = match[0].slice(0, to - match.index);
		const value = byteToken(text, token, match.index);
		if (typeof value !== 'number') return value;
		bytes.push(value);
	}
	if (bytes.length === 0) return problem('There are no hex bytes in the input.');
	return { ok: true, bytes: Uint8Array.from(bytes) };
}

/** Plain hex, with spaces, colons or dashes anywhere between digits. */
function parsePlain(text: string): HexParseResult {
	let digits = '';
	const groups: { start: number; length: number }[] = [];
	let group: { start: number; length: number } | undefined;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (/[\s:-]/.test(text[i] ?? '')) {
			group = undefined;
			continue;
		}
		if (hexValue(code) < 0) {
			const character = characterAt(text, i);
			return problem(
				`${character.name} is not a hex digit.`,
				positionAt(text, i, character.length),
			);
		}
		digits += text[i];
		if (group === undefined) {
			group = { start: i, length: 0 };
			groups.push(group);
		}
		group.length++;
	}
	if (digits.length === 0) return problem('There are no hex bytes in the input.');
	if (digits.length % 2 === 0) return finish(digits);
	// An odd count: point at the first group of odd length, or at the last digit when the hex is
	// one run (a digit was dropped somewhere; where cannot be known).
	const odd = groups.length > 1 ? groups.find((item) => item.length % 2 === 1) : undefined;
	if (odd === undefined) {
		const last = groups[groups.length - 1];
		const end = last === undefined ? 0 : last.start + last.length - 1;
		return problem(
			`The hex has an odd number of digits (${digits.length}); each byte takes two.`,
			positionAt(text, end, 1),
		);
	}
	const token = text.slice(odd.start, odd.start + odd.length);
	return problem(
		`'${token}' has an odd number of hex digits; each byte takes two.`,
		positionAt(text, odd.start, odd.length),
	);
}

/** Parses bytes from any of the formats above; says what is wrong, and where, instead of throwing. */
export function parseHex(text: string): HexParseResult {
	const lines = text.split(/\r?\n/);
	const nonEmpty = lines.filter((line) => line.trim().length > 0);
	if (nonEmpty.length === 0) return problem('The input is empty.');
	if (nonEmpty.every(isDumpLine) && !/0[xX]/.test(text)) return parseDump(text);
	const open = text.indexOf('{');
	if (open >= 0) {
		const close = text.lastIndexOf('}');
		if (close < open) {
			return problem("The C array has '{' but no closing '}'.", positionAt(text, open, 1));
		}
		return parseByteList(text, open + 1, close);
	}
	if (/0[xX][0-9a-fA-F]/.test(text)) {
		const end = text.trimEnd().length;
		return parseByteList(text, 0, text[end - 1] === ';' ? end - 1 : end);
	}
	return parsePlain(text);
}

/** "Line 6, column 12: 'h' is not a hex digit." `firstLine` numbers the text's first line. */
export function describeHexProblem(failure: HexProblem, firstLine = 1): string {
	const position = failure.position;
	if (position === undefined) return `Line ${firstLine}: ${failure.message}`;
	return `Line ${firstLine + position.line - 1}, column ${position.column}: ${failure.message}`;
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
