/**
 * Differences between two messages: a structural diff of two JSON documents by path (added,
 * removed, changed, with the numeric delta), and a line diff of two texts. Pure; the history
 * panel's diff view shows what these return, with signs and words, never colour alone.
 */
import { pathStep } from '../decode/tree-path';

export type JsonChange =
	| { readonly kind: 'added'; readonly path: string; readonly after: string }
	| { readonly kind: 'removed'; readonly path: string; readonly before: string }
	| {
			readonly kind: 'changed';
			readonly path: string;
			readonly before: string;
			readonly after: string;
			/** `after - before` when both are numbers. */
			readonly delta?: number;
	  };

export interface JsonDiff {
	readonly changes: readonly JsonChange[];
	/** Changes found past `maxChanges`, not listed. */
	readonly omitted: number;
}

/** A diff of two large documents lists this many changes at most (and counts the rest). */
export const MAX_JSON_CHANGES = 5_000;

const ABSENT = Symbol('absent');

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value as it is shown in a diff row: JSON, cut to `maxChars`. */
export function valueText(value: unknown, maxChars = 200): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

/**
 * What changed from `before` to `after`, by JSONPath (`$.data.temp`, `$.list[2]`): keys in the
 * order `before` has them, then the keys only `after` has; arrays index by index. A value whose
 * type changed (object to number, array to object) is one change at its path.
 */
export function diffJson(before: unknown, after: unknown, maxChanges = MAX_JSON_CHANGES): JsonDiff {
	const changes: JsonChange[] = [];
	let omitted = 0;
	const push = (change: JsonChange): void => {
		if (changes.length < maxChanges) changes.push(change);
		else omitted += 1;
	};
	// An explicit stack: a deeply nested document must not overflow the call stack. A missing
	// side is ABSENT, so added and removed entries come out in document order with the rest.
	type Pair = { path: string; before: unknown; after: unknown };
	const stack: Pair[] = [{ path: '$', before, after }];
	while (stack.length > 0) {
		const item = stack.pop() as Pair;
		const children: Pair[] = [];
		if (item.before === ABSENT) {
			push({ kind: 'added', path: item.path, after: valueText(item.after) });
		} else if (item.after === ABSENT) {
			push({ kind: 'removed', path: item.path, before: valueText(item.before) });
		} else if (isRecord(item.before) && isRecord(item.after)) {
			const [from, to] = [item.before, item.after];
			for (const key of Object.keys(from)) {
				const next = Object.hasOwn(to, key) ? to[key] : ABSENT;
				children.push({ path: item.path + pathStep(key), before: from[key], after: next });
			}
			for (const key of Object.keys(to)) {
				if (!Object.hasOwn(from, key)) {
					children.push({ path: item.path + pathStep(key), before: ABSENT, after: to[key] });
				}
			}
		} else if (Array.isArray(item.before) && Array.isArray(item.after)) {
			const [from, to] = [item.before, item.after];
			for (let i = 0; i < Math.max(from.length, to.length); i++) {
				children.push({
					path: item.path + pathStep(i),
					before: i < from.length ? from[i] : ABSENT,
					after: i < to.length ? to[i] : ABSENT,
				});
			}
		} else if (!Object.is(item.before, item.after)) {
			const isNumeric = typeof item.before === 'number' && typeof item.after === 'number';
			push({
				kind: 'changed',
				path: item.path,
				before: valueText(item.before),
				after: valueText(item.after),
				...(isNumeric ? { delta: (item.after as number) - (item.before as number) } : {}),
			});
		}
		// Reversed onto the stack so that changes come out in document order.
		for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Pair);
	}
	return { changes, omitted };
}

/** A numeric delta with its sign always written: "+0.5", "−3" (a minus sign, not a hyphen). */
export function formatDelta(delta: number): string {
	const magnitude = Math.abs(delta);
	// Float noise (0.1 + 0.2) would print 17 digits: 12 significant ones say enough.
	const text = Number(magnitude.toPrecision(12)).toString();
	return `${delta < 0 ? '−' : '+'}${text}`;
}

export type LineChange =
	| {
			readonly kind: 'same';
			readonly text: string;
			readonly beforeLine: number;
			readonly afterLine: number;
	  }
	| { readonly kind: 'removed'; readonly text: string; readonly beforeLine: number }
	| { readonly kind: 'added'; readonly text: string; readonly afterLine: number };

export interface LineDiff {
	readonly lines: readonly LineChange[];
	/**
	 * True when the texts differ in too many lines for a minimal diff: the differing middle is then
	 * shown as all of it removed and all of it added.
	 */
	readonly isCoarse: boolean;
}

/** Cells of the longest-common-subsequence table past which the diff turns coarse (16 MB). */
const MAX_LCS_CELLS = 4_000_000;

/**
 * A line diff (longest common subsequence) of two texts: the common head and tail are matched
 * first, so a small change in a long text costs little. Line numbers start at 1.
 */
export function diffLines(before: string, after: string): LineDiff {
	const a = before.split(/\r?\n/);
	const b = after.split(/\r?\n/);
	let head = 0;
	while (head < a.length && head < b.length && a[head] === b[head]) head++;
	let tail = 0;
	while (
		tail < a.length - head &&
		tail < b.length - head &&
		a[a.length - 1 - tail] === b[b.length - 1 - tail]
	) {
		tail++;
	}
	const lines: LineChange[] = [];
	for (let i = 0; i < head; i++) {
		lines.push({ kind: 'same', text: a[i] as string, beforeLine: i + 1, afterLine: i + 1 });
	}
	const midA = a.slice(head, a.length - tail);
	const midB = b.slice(head, b.length - tail);
	const isCoarse = (midA.length + 1) * (midB.length + 1) > MAX_LCS_CELLS;
	if (isCoarse) {
		midA.forEach((text, i) => lines.push({ kind: 'removed', text, beforeLine: head + i + 1 }));
		midB.forEach((text, i) => lines.push({ kind: 'added', text, afterLine: head + i + 1 }));
	} else {
		lines.push(...middleDiff(midA, midB, head));
	}
	for (let i = 0; i < tail; i++) {
		const at = a.length - tail + i;
		const bt = b.length - tail + i;
		lines.push({ kind: 'same', text: a[at] as string, beforeLine: at + 1, afterLine: bt + 1 });
	}
	return { lines, isCoarse };
}

/** The LCS diff of the differing middles; `offset` lines came before them. */
function middleDiff(a: readonly string[], b: readonly string[], offset: number): LineChange[] {
	const n = a.length;
	const m = b.length;
	const width = m + 1;
	// lengths[i * width + j]: LCS length of a[i..] and b[j..].
	const lengths = new Uint32Array((n + 1) * width);
	for (let i = n - 1; i >= 0; i--) {
		for (let j = m - 1; j >= 0; j--) {
			lengths[i * width + j] =
				a[i] === b[j]
					? (lengths[(i + 1) * width + j + 1] as number) + 1
					: Math.max(lengths[(i + 1) * width + j] as number, lengths[i * width + j + 1] as number);
		}
	}
	const out: LineChange[] = [];
	let i = 0;
	let j = 0;
	while (i < n || j < m) {
		if (i < n && j < m && a[i] === b[j]) {
			out.push({
				kind: 'same',
				text: a[i] as string,
				beforeLine: offset + i + 1,
				afterLine: offset + j + 1,
			});
			i++;
			j++;
		} else if (
			i < n &&
			(j >= m || (lengths[(i + 1) * width + j] as number) >= (lengths[i * width + j + 1] as number))
		) {
			// Removed lines before added ones, as diff tools show a change.
			out.push({ kind: 'removed', text: a[i] as string, beforeLine: offset + i + 1 });
			i++;
		} else {
			out.push({ kind: 'added', text: b[j] as string, afterLine: offset + j + 1 });
			j++;
		}
	}
	return out;
}
