/**
 * Paths to values in a decoded tree, for "copy path": JSONPath-style (`$.sensors[0].value`,
 * `$["key with spaces"]`), which jq, JSONata and most JSON tools read.
 */
import type { TreeRow } from './decoder';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** One step of a path: `.name` for identifier keys, `["…"]` for any other key, `[3]` for an index. */
export function pathStep(key: string | number): string {
	if (typeof key === 'number') return `[${key}]`;
	return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** The keys from the root down to the row at `index` (its ancestors are the nearest shallower rows). */
export function keysOf(rows: readonly TreeRow[], index: number): (string | number)[] {
	const keys: (string | number)[] = [];
	let depth = rows[index]?.depth ?? 0;
	let at = index;
	while (at >= 0 && depth > 0) {
		const row = rows[at] as TreeRow;
		if (row.depth === depth) {
			if (row.key !== null) keys.push(row.key);
			depth -= 1;
		}
		at -= 1;
	}
	return keys.reverse();
}

/** The JSONPath of the row at `index`: `$` for the root. */
export function pathOf(rows: readonly TreeRow[], index: number): string {
	return `$${keysOf(rows, index).map(pathStep).join('')}`;
}
