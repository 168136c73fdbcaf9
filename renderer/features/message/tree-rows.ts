/**
 * A decoded tree's rows as shown: collapsed containers hide what is below them, containers cut
 * short by the row budget end with a "more" row saying how many entries are not shown. Pure.
 */
import type { TreeRow } from '../../../shared/decode/decoder';
import { formatCount } from '../../lib/format';

export type ShownRow =
	| {
			readonly kind: 'value';
			readonly id: string;
			/** The row's index in the decoded tree. */
			readonly index: number;
			readonly row: TreeRow;
			readonly hasChildren: boolean;
			readonly isOpen: boolean;
	  }
	| { readonly kind: 'more'; readonly id: string; readonly depth: number; readonly count: number };

function isContainer(row: TreeRow): boolean {
	return row.kind === 'object' || row.kind === 'array';
}

/** The rows in display order, skipping the descendants of collapsed rows (by tree index). */
export function shownRows(rows: readonly TreeRow[], collapsed: ReadonlySet<number>): ShownRow[] {
	const shown: ShownRow[] = [];
	// Open containers above the current row, to close them (and add their "more" row) in order.
	const open: { index: number; row: TreeRow }[] = [];
	let hiddenBelow = -1;
	const close = (depth: number): void => {
		while (open.length > 0 && (open.at(-1) as { row: TreeRow }).row.depth >= depth) {
			const { index, row } = open.pop() as { index: number; row: TreeRow };
			if (row.omitted > 0) {
				shown.push({ kind: 'more', id: `more-${index}`, depth: row.depth + 1, count: row.omitted });
			}
		}
	};
	rows.forEach((row, index) => {
		if (hiddenBelow >= 0) {
			if (row.depth > hiddenBelow) return;
			hiddenBelow = -1;
		}
		close(row.depth);
		const hasChildren = isContainer(row) && row.size > 0;
		const isOpen = hasChildren && !collapsed.has(index);
		shown.push({ kind: 'value', id: String(index), index, row, hasChildren, isOpen });
		if (hasChildren && !isOpen) hiddenBelow = row.depth;
		else if (isOpen) open.push({ index, row });
	});
	close(0);
	return shown;
}

/** The key part of a row: `"name": ` in an object, nothing in an array or at the root. */
export function keyText(row: TreeRow): string {
	return typeof row.key === 'string' ? `${JSON.stringify(row.key)}: ` : '';
}

/** A row's value as shown: the leaf's text, or a container's bracket ("{", "{…}" when collapsed). */
export function valueText(row: TreeRow, isOpen: boolean): string {
	if (row.kind === 'object') return row.size === 0 ? '{}' : isOpen ? '{' : '{…}';
	if (row.kind === 'array') return row.size === 0 ? '[]' : isOpen ? '[' : '[…]';
	return row.text;
}

/** A container's size in words ("3 keys", "1 item"); empty for a leaf. */
export function sizeText(row: TreeRow): string {
	if (row.kind === 'object') return `${formatCount(row.size)} ${row.size === 1 ? 'key' : 'keys'}`;
	if (row.kind === 'array') return `${formatCount(row.size)} ${row.size === 1 ? 'item' : 'items'}`;
	return '';
}

export function moreText(count: number): string {
	return `… ${formatCount(count)} more not shown (the tree keeps the first 20,000 values; View whole payload reads it all)`;
}
