/**
 * Decoded values (from JSON.parse, a CBOR or MessagePack decoder, a protobuf message) as flat
 * tree rows, within a budget: a 30 MB document must not become 30 MB of rows on screen.
 */
import type { DecodedTree, TreeValueKind } from './decoder';

/** Rows kept at most; the document's size is still counted to the end. */
export const MAX_TREE_ROWS = 20_000;
/** Characters of one string kept in its row. */
export const MAX_STRING_CHARS = 4_096;
/** Bytes of one byte string shown in its row. */
const MAX_BYTES_SHOWN = 64;

/** A value a library gives that is not plain JSON-like data: a tag or extension around a value. */
export interface Wrapped {
	/** Said beside the value ("CBOR tag 1"); empty for a plain conversion (a Long to a bigint). */
	readonly note: string;
	readonly value: unknown;
}

export interface TreeOptions {
	/** Recognises a library's wrapper objects (a CBOR Tag, a MessagePack ExtData). */
	readonly unwrap?: (value: unknown) => Wrapped | null;
	readonly maxRows?: number;
}

interface MutableRow {
	depth: number;
	key: string | number | null;
	kind: TreeValueKind;
	text: string;
	size: number;
	omitted: number;
	note?: string;
}

interface Pending {
	readonly value: unknown;
	readonly depth: number;
	readonly key: string | number | null;
	readonly note?: string;
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function bytesText(bytes: Uint8Array): string {
	const shown = bytes.subarray(0, MAX_BYTES_SHOWN);
	let text = '';
	for (let i = 0; i < shown.length; i++)
		text += (i === 0 ? '' : ' ') + (HEX[shown[i] as number] as string);
	return bytes.length > shown.length ? `${text} …` : text;
}

/** A Map's key as an object key: strings as themselves, anything else as JSON would write it. */
function keyText(key: unknown): string {
	if (typeof key === 'string') return key;
	if (typeof key === 'bigint') return key.toString();
	if (key instanceof Uint8Array) return `h'${bytesText(key).replace(/ /g, '')}'`;
	try {
		return JSON.stringify(key) ?? String(key);
	} catch {
		// A key JSON cannot write (a cycle): its string form is still a name.
		return String(key);
	}
}

function children(value: unknown): readonly (readonly [string | number, unknown])[] | null {
	if (Array.isArray(value)) return value.map((item, index) => [index, item] as const);
	if (value instanceof Map)
		return [...value.entries()].map(([key, item]) => [keyText(key), item] as const);
	if (ArrayBuffer.isView(value) && !(value instanceof Uint8Array) && !(value instanceof DataView)) {
		// A typed array (CBOR tags 64–87): its numbers, one row each.
		const numbers = Array.from(value as unknown as ArrayLike<number | bigint>);
		return numbers.map((item, index) => [index, item] as const);
	}
	if (
		typeof value === 'object' &&
		value !== null &&
		!(value instanceof Uint8Array) &&
		!(value instanceof Date)
	) {
		return Object.entries(value);
	}
	return null;
}

/** A string as its row shows it: quoted and escaped as JSON writes it, long ones cut and said so. */
export function stringLeaf(value: string): { kind: 'string'; text: string; note?: string } {
	if (value.length <= MAX_STRING_CHARS) return { kind: 'string', text: JSON.stringify(value) };
	const omitted = value.length - MAX_STRING_CHARS;
	return {
		kind: 'string',
		text: `${JSON.stringify(value.slice(0, MAX_STRING_CHARS)).slice(0, -1)}…"`,
		note: `${omitted.toLocaleString('en-US')} more characters`,
	};
}

function leaf(value: unknown): { kind: TreeValueKind; text: string; note?: string } {
	switch (typeof value) {
		case 'string':
			return stringLeaf(value);
		case 'number':
			return { kind: 'number', text: Object.is(value, -0) ? '-0' : String(value) };
		case 'bigint':
			return { kind: 'bigint', text: value.toString() };
		case 'boolean':
			return { kind: 'boolean', text: String(value) };
		case 'undefined':
			return { kind: 'undefined', text: 'undefined' };
		default:
			break;
	}
	if (value === null) return { kind: 'null', text: 'null' };
	if (value instanceof Uint8Array) {
		return {
			kind: 'bytes',
			text: bytesText(value),
			note: `${value.length.toLocaleString('en-US')} bytes`,
		};
	}
	if (value instanceof Date) {
		const time = value.getTime();
		return { kind: 'date', text: Number.isNaN(time) ? 'Invalid Date' : value.toISOString() };
	}
	return { kind: 'string', text: JSON.stringify(String(value)) };
}

/**
 * The rows of `value` in pre-order, at most `maxRows` of them; containers cut short say how many
 * entries they left out. Walks with its own stack: a deeply nested document cannot overflow it.
 */
export function toTree(value: unknown, options: TreeOptions = {}): DecodedTree {
	const maxRows = options.maxRows ?? MAX_TREE_ROWS;
	const rows: MutableRow[] = [];
	// Direct children emitted per container row, to work out what each one left out.
	const emitted: number[] = [];
	const parents: number[] = [];
	let nodeCount = 0;
	const stack: Pending[] = [{ value, depth: 0, key: null }];
	while (stack.length > 0) {
		const pending = stack.pop() as Pending;
		let current = pending.value;
		let note = pending.note;
		const wrapped = options.unwrap?.(current) ?? null;
		if (wrapped !== null) {
			current = wrapped.value;
			if (wrapped.note !== '')
				note = note === undefined ? wrapped.note : `${note}, ${wrapped.note}`;
		}
		nodeCount += 1;
		const entries = children(current);
		parents.length = pending.depth;
		if (rows.length < maxRows) {
			const parentRow = pending.depth === 0 ? undefined : parents[pending.depth - 1];
			if (parentRow !== undefined && parentRow >= 0)
				emitted[parentRow] = (emitted[parentRow] ?? 0) + 1;
			const row: MutableRow =
				entries === null
					? { depth: pending.depth, key: pending.key, ...leaf(current), size: 0, omitted: 0 }
					: {
							depth: pending.depth,
							key: pending.key,
							kind: Array.isArray(current) || ArrayBuffer.isView(current) ? 'array' : 'object',
							text: '',
							size: entries.length,
							omitted: 0,
						};
			if (note !== undefined) row.note = row.note === undefined ? note : `${note}, ${row.note}`;
			parents[pending.depth] = rows.length;
			rows.push(row);
		} else {
			parents[pending.depth] = -1;
		}
		if (entries === null) continue;
		for (let i = entries.length - 1; i >= 0; i--) {
			const [key, item] = entries[i] as readonly [string | number, unknown];
			stack.push({ value: item, depth: pending.depth + 1, key });
		}
	}
	rows.forEach((row, index) => {
		if (row.kind === 'object' || row.kind === 'array')
			row.omitted = row.size - (emitted[index] ?? 0);
	});
	return { rows, nodeCount };
}
