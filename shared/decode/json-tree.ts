/**
 * JSON (RFC 8259) straight to tree rows, keeping what JSON.parse loses: numbers exactly as
 * written (`68.0` stays `68.0`, a 20-digit device id keeps every digit), keys in document order
 * (JavaScript objects put integer-like keys first) and duplicate keys (a viewer must show what
 * was sent, not what an object keeps). Errors name the line and column.
 *
 * A parser of its own because JSON.parse offers none of that on Node 20; it is over 200 lines
 * because the grammar and its error messages are, and it recurses at most MAX_DEPTH levels.
 */
import { err, ok, type Result } from '../result';
import type { DecodedTree, TreeRow } from './decoder';
import { MAX_TREE_ROWS, stringLeaf } from './tree';

const MAX_DEPTH = 2_000;

interface MutableRow {
	depth: number;
	key: string | number | null;
	kind: TreeRow['kind'];
	text: string;
	size: number;
	omitted: number;
	note?: string;
}

class JsonError extends Error {}

const ESCAPES: Readonly<Record<string, string>> = {
	'"': '"',
	'\\': '\\',
	'/': '/',
	b: '\b',
	f: '\f',
	n: '\n',
	r: '\r',
	t: '\t',
};

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
	at = 0;
	readonly rows: MutableRow[] = [];
	nodeCount = 0;

	constructor(
		readonly text: string,
		readonly maxRows: number,
	) {}

	fail(what: string, at = this.at): never {
		let line = 1;
		let lineStart = 0;
		for (let i = 0; i < at && i < this.text.length; i++) {
			if (this.text.charCodeAt(i) === 0x0a) {
				line += 1;
				lineStart = i + 1;
			}
		}
		throw new JsonError(`${what} at line ${line}, column ${at - lineStart + 1}`);
	}

	found(): string {
		const char = this.text[this.at];
		return char === undefined ? 'the end of the text' : JSON.stringify(char);
	}

	space(): void {
		for (;;) {
			const code = this.text.charCodeAt(this.at);
			if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return;
			this.at += 1;
		}
	}

	/** Adds a row (within the budget); returns it, or null past the budget. */
	row(
		depth: number,
		key: string | number | null,
		leaf: Omit<MutableRow, 'depth' | 'key' | 'size' | 'omitted'>,
		parent: MutableRow | null,
	): MutableRow | null {
		this.nodeCount += 1;
		if (this.rows.length >= this.maxRows) return null;
		const row: MutableRow = { depth, key, ...leaf, size: 0, omitted: 0 };
		this.rows.push(row);
		// Counted here, corrected to "left out" once the container's size is known.
		if (parent !== null) parent.omitted -= 1;
		return row;
	}

	value(depth: number, key: string | number | null, parent: MutableRow | null): void {
		if (depth > MAX_DEPTH) this.fail(`Nested more than ${MAX_DEPTH} levels deep`);
		this.space();
		const char = this.text[this.at];
		if (char === '{' || char === '[') {
			this.container(char, depth, key, parent);
			return;
		}
		if (char === '"') {
			const value = this.string();
			this.row(depth, key, stringLeaf(value), parent);
			return;
		}
		for (const [word, kind] of [
			['true', 'boolean'],
			['false', 'boolean'],
			['null', 'null'],
		] as const) {
			if (this.text.startsWith(word, this.at)) {
				this.at += word.length;
				this.row(depth, key, { kind, text: word }, parent);
				return;
			}
		}
		NUMBER.lastIndex = this.at;
		const number = NUMBER.exec(this.text);
		if (number === null) this.fail(`Unexpected ${this.found()}, expected a value`);
		this.at += number[0].length;
		const isBig = /^-?\d+$/.test(number[0]) && !Number.isSafeInteger(Number(number[0]));
		this.row(depth, key, { kind: isBig ? 'bigint' : 'number', text: number[0] }, parent);
	}

	container(
		open: '{' | '[',
		depth: number,
		key: string | number | null,
		parent: MutableRow | null,
	): void {
		const close = open === '{' ? '}' : ']';
		const row = this.row(depth, key, { kind: open === '{' ? 'object' : 'array', text: '' }, parent);
		this.at += 1;
		this.space();
		let size = 0;
		if (this.text[this.at] === close) {
			this.at += 1;
			return;
		}
		for (;;) {
			let childKey: string | number = size;
			if (open === '{') {
				this.space();
				if (this.text[this.at] !== '"')
					this.fail(`Unexpected ${this.found()}, expected a key in quotes`);
				childKey = this.string();
				this.space();
				if (this.text[this.at] !== ':')
					this.fail(`Unexpected ${this.found()}, expected ':' after the key`);
				this.at += 1;
			}
			this.value(depth + 1, childKey, row);
			size += 1;
			this.space();
			const next = this.text[this.at];
			if (next !== close && next !== ',')
				this.fail(`Unexpected ${this.found()}, expected ',' or '${close}'`);
			this.at += 1;
			if (next === close) break;
		}
		if (row !== null) {
			row.size = size;
			row.omitted += size;
		}
	}

	string(): string {
		const start = this.at;
		this.at += 1;
		let out = '';
		let from = this.at;
		for (;;) {
			const code = this.text.charCodeAt(this.at);
			if (Number.isNaN(code)) this.fail('Unterminated string', start);
			if (code === 0x22) break;
			if (code < 0x20) this.fail('A control character in a string must be escaped');
			if (code !== 0x5c) {
				this.at += 1;
				continue;
			}
			out += this.text.slice(from, this.at);
			const escape = this.text[this.at + 1];
			const simple = escape === undefined ? undefined : ESCAPES[escape];
			if (simple !== undefined) {
				out += simple;
				this.at += 2;
			} else if (
				escape === 'u' &&
				/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))
			) {
				out += String.fromCharCode(parseInt(this.text.slice(this.at + 2, this.at + 6), 16));
				this.at += 6;
			} else {
				this.fail(`Invalid escape \\${escape ?? ''}`);
			}
			from = this.at;
		}
		out += this.text.slice(from, this.at);
		this.at += 1;
		return out;
	}
}

/** The rows of a JSON text, at most `maxRows`; an error names where the text stops being JSON. */
export function parseJsonTree(text: string, maxRows = MAX_TREE_ROWS): Result<DecodedTree> {
	const parser = new Parser(text, maxRows);
	try {
		parser.value(0, null, null);
		parser.space();
		if (parser.at < text.length) parser.fail(`Unexpected ${parser.found()} after the JSON value`);
	} catch (error) {
		if (error instanceof JsonError) return err('invalid-request', error.message);
		throw error;
	}
	return ok({ rows: parser.rows, nodeCount: parser.nodeCount });
}
