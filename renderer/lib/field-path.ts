/**
 * Decoded field trees for display: flat visible rows, the field under a byte, value text.
 *
 * Pure functions shared by the byte viewer and field tree (codec panel, raw frames panel). A row's
 * path is the indices from the root joined by '/', stable for one decoded frame.
 */
import type { Field, FieldValue } from '../../shared/mqtt/codec/types';

export interface FieldRow {
	/** Indices from the root, '3/1' for the second child of the fourth field. */
	readonly path: string;
	readonly field: Field;
	readonly depth: number;
	readonly hasChildren: boolean;
}

export interface ByteRange {
	readonly start: number;
	readonly end: number;
}

/** Rows of the fields in display order, skipping the children of collapsed paths. */
export function visibleFieldRows(
	fields: readonly Field[],
	collapsed: ReadonlySet<string> = new Set(),
): FieldRow[] {
	const rows: FieldRow[] = [];
	const walk = (list: readonly Field[], prefix: string, depth: number): void => {
		list.forEach((field, index) => {
			const path = prefix === '' ? String(index) : `${prefix}/${index}`;
			const hasChildren = (field.children?.length ?? 0) > 0;
			rows.push({ path, field, depth, hasChildren });
			if (hasChildren && !collapsed.has(path)) walk(field.children ?? [], path, depth + 1);
		});
	};
	walk(fields, '', 0);
	return rows;
}

function contains(field: Field, offset: number): boolean {
	return offset >= field.start && offset < field.end;
}

/**
 * The innermost field whose bytes include `offset`, or null.
 *
 * At each level the first field containing the offset wins (the packet type before the flags that
 * share byte 0), then the search goes into its children while one of them contains the offset.
 */
export function innermostField(fields: readonly Field[], offset: number): Field | null {
	let found: Field | null = null;
	let level: readonly Field[] | undefined = fields;
	while (level !== undefined) {
		const next: Field | undefined = level.find((field) => contains(field, offset));
		if (next === undefined) break;
		found = next;
		level = next.children;
	}
	return found;
}

/** The path of a field (by identity) in the tree, or null when it is not there. */
export function pathOf(fields: readonly Field[], target: Field): string | null {
	const walk = (list: readonly Field[], prefix: string): string | null => {
		for (const [index, field] of list.entries()) {
			const path = prefix === '' ? String(index) : `${prefix}/${index}`;
			if (field === target) return path;
			const inner = field.children === undefined ? null : walk(field.children, path);
			if (inner !== null) return inner;
		}
		return null;
	};
	return walk(fields, '');
}

/** Every path leading to `path` (its ancestors), so they can be expanded to show it. */
export function ancestorPaths(path: string): string[] {
	const parts = path.split('/');
	return parts.slice(1).map((_, index) => parts.slice(0, index + 1).join('/'));
}

const MAX_VALUE_CHARS = 200;

function clip(text: string): string {
	return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

function hexBytes(bytes: Uint8Array): string {
	const shown = bytes.subarray(0, MAX_VALUE_CHARS / 3);
	const hex = [...shown].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
	return bytes.length > shown.length ? `${hex} … (${bytes.length} bytes)` : hex;
}

/**
 * A field value as the tree shows it.
 *
 * Strings are quoted (JSON escapes make control characters visible), bytes are spaced hex,
 * string pairs read `"name" = "value"`, numbers and booleans as themselves; long values are cut
 * with an ellipsis because the byte viewer holds the whole value.
 */
export function formatFieldValue(value: FieldValue | undefined): string {
	if (value === undefined) return '';
	if (typeof value === 'string') return clip(JSON.stringify(value));
	if (typeof value === 'number' || typeof value === 'boolean') return String(value);
	if (value instanceof Uint8Array) return value.length === 0 ? '(empty)' : hexBytes(value);
	return clip(`${JSON.stringify(value[0])} = ${JSON.stringify(value[1])}`);
}

/** A byte range as `[start–end)`, the end exclusive. */
export function formatRange(range: ByteRange): string {
	return `[${range.start}–${range.end})`;
}

/**
 * The bits a field takes in its byte, as Wireshark writes them: the byte's value at those bits and
 * a dot elsewhere, `...1 1...` for a Will QoS of 3. Undefined for a field of whole bytes.
 */
export function formatBits(field: Field, bytes: Uint8Array): string | undefined {
	const mask = field.mask;
	const byte = bytes[field.start];
	if (mask === undefined || byte === undefined) return undefined;
	let text = '';
	for (let bit = 7; bit >= 0; bit--) {
		if (bit === 3) text += ' ';
		text += (mask & (1 << bit)) === 0 ? '.' : (byte >> bit) & 1 ? '1' : '0';
	}
	return text;
}

/** A field's name as shown: the spec's camelCase name, list items as '#0', '#1'… */
export function fieldLabel(name: string): string {
	return /^\d+$/.test(name) ? `#${name}` : name;
}
