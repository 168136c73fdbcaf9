/**
 * The tree's visible rows (the root's children, and the children of every expanded node, depth
 * first in display order) without building them: a window of rows, a topic's row index, a search
 * from a row.
 *
 * Costs depend on what is open and on the rows asked for, not on how many siblings come before:
 * between two expanded siblings every row is exactly one node, so a walk jumps over them by
 * arithmetic. A window at row 50,000 of a node with 100,000 children costs the expanded nodes
 * (sorted by place) plus the rows of the window.
 */
import type { ChildList } from './child-order';
import type { TopicTree } from './topic-tree';

export const ROOT = 0;

/**
 * Which children a node shows, in which order: the tree's natural order, or a view's sorted and
 * filtered lists (shaped-children.ts).
 */
export interface ChildView {
	readonly tree: TopicTree;
	/** `parent`'s shown children in display order. */
	listOf(parent: number): ChildList;
	/** `id`'s place among its shown siblings, or -1 when it is not shown. */
	placeOf(id: number): number;
}

/** The tree as it is: every child, natural order. */
export function naturalChildren(tree: TopicTree): ChildView {
	return {
		tree,
		listOf: (parent) => tree.sortedChildren(parent),
		placeOf: (id) => tree.siblingIndexOf(id),
	};
}

/** The expanded set resolved to ids for one question: open children per parent, subtree sizes. */
export class OpenNodes {
	readonly #byParent = new Map<number, number[]>();
	readonly #sorted = new Set<number>();
	readonly #sizes = new Map<number, number>();
	readonly #open = new Set<number>();

	readonly tree: TopicTree;
	readonly children: ChildView;

	constructor(tree: TopicTree | ChildView, expanded: Iterable<string>) {
		this.children = 'listOf' in tree ? tree : naturalChildren(tree);
		this.tree = this.children.tree;
		for (const path of expanded) {
			const id = this.tree.idOf(path);
			// A node not shown (filtered out) opens nothing.
			if (id <= ROOT || this.#open.has(id) || this.children.placeOf(id) < 0) continue;
			this.#open.add(id);
			const parent = this.tree.parentOf(id);
			const list = this.#byParent.get(parent);
			if (list === undefined) this.#byParent.set(parent, [id]);
			else list.push(id);
		}
	}

	isOpen(id: number): boolean {
		return this.#open.has(id);
	}

	/** The expanded children of `parent`, in display order. */
	childrenOf(parent: number): readonly number[] {
		const list = this.#byParent.get(parent);
		if (list === undefined) return [];
		if (!this.#sorted.has(parent)) {
			const children = this.children;
			list.sort((a, b) => children.placeOf(a) - children.placeOf(b));
			this.#sorted.add(parent);
		}
		return list;
	}

	/** Rows under `id` when it is expanded: its children plus what its expanded children show. */
	visibleSize(id: number): number {
		const known = this.#sizes.get(id);
		if (known !== undefined) return known;
		let size = this.children.listOf(id).length;
		for (const child of this.childrenOf(id)) size += this.visibleSize(child);
		this.#sizes.set(id, size);
		return size;
	}
}

/**
 * Visits the visible rows in display order from row `from`, skipping whole runs before it, until
 * `visit` returns true (stop). Returns whether it was stopped.
 */
export function walkRows(
	open: OpenNodes,
	from: number,
	visit: (id: number, index: number) => boolean,
): boolean {
	const children = open.children;
	const walk = (parent: number, base: number): boolean => {
		const { ids, length } = children.listOf(parent);
		const opens = open.childrenOf(parent);
		let row = base;
		let place = 0;
		let k = 0;
		// Jump to the first row at or after `from`: plain runs by arithmetic, open children whole.
		while (row < from && place < length) {
			const nextOpen = k < opens.length ? children.placeOf(opens[k] as number) : length;
			if (from < row + (nextOpen - place)) {
				place += from - row;
				row = from;
				break;
			}
			row += nextOpen - place;
			place = nextOpen;
			if (k >= opens.length) break;
			const span = 1 + open.visibleSize(opens[k] as number);
			// `from` falls in this open child's rows: start there.
			if (from < row + span) break;
			row += span;
			place += 1;
			k += 1;
		}
		for (; place < length; place++) {
			const id = ids[place] as number;
			if (row >= from && visit(id, row)) return true;
			row += 1;
			if (k < opens.length && opens[k] === id) {
				k += 1;
				const size = open.visibleSize(id);
				if (row + size > from && walk(id, row)) return true;
				row += size;
			}
		}
		return false;
	};
	return walk(ROOT, 0);
}

/**
 * Where a node is among the visible rows, or null when it is not shown (unknown, the root, or an
 * ancestor collapsed). Cost: the expanded siblings of each ancestor and their subtree sizes.
 */
export function rowIndexOf(open: OpenNodes, id: number): number | null {
	const tree = open.tree;
	const children = open.children;
	if (id <= ROOT || children.placeOf(id) < 0) return null;
	for (let up = tree.parentOf(id); up > ROOT; up = tree.parentOf(up)) {
		if (!open.isOpen(up)) return null;
	}
	let index = 0;
	for (let at = id; at > ROOT; at = tree.parentOf(at)) {
		const parent = tree.parentOf(at);
		const place = children.placeOf(at);
		// Rows before `at` under its parent: each earlier sibling, and what the open ones show.
		index += place;
		for (const child of open.childrenOf(parent)) {
			if (children.placeOf(child) >= place) break;
			index += open.visibleSize(child);
		}
		// The parent's own row (the root has none).
		if (parent !== ROOT) index += 1;
	}
	return index;
}
