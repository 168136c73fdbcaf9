/**
 * One renderer's window onto a topic tree: which nodes are expanded and which slice of the
 * flattened visible rows is on screen. Main sends only that slice, and only what changed.
 */
import type {
	TreePatch,
	TreeRow,
	TreeRowLocation,
	TreeWindowParams,
} from '../../shared/tree/patch';
import type { StreamView } from '../core/stream-view';
import { previewText } from './preview';
import { sortedChildrenOf, type TopicNode, type TopicTree } from './topic-tree';

export function toRow(node: TopicNode): TreeRow {
	const last = node.last;
	const parent = node.parent;
	if (parent !== null) sortedChildrenOf(parent);
	return {
		id: node.path,
		segment: node.segment,
		depth: node.depth,
		childCount: node.children.size,
		setSize: parent?.children.size ?? 1,
		posInSet: node.siblingIndex + 1,
		messageCount: node.messageCount,
		totalMessages: node.totalMessages,
		topicCount: node.topicCount,
		hasMessage: last !== null,
		preview: last === null ? '' : previewText(last.payload, 80),
		isRetained: last?.retain ?? false,
		updatedAt: last === null ? 0 : Math.floor(last.timeUs / 1000),
	};
}

interface WindowNodes {
	readonly totalRows: number;
	readonly nodes: readonly TopicNode[];
}

/**
 * The expanded children of `node`, found by whichever is shorter: its children or the expanded
 * set (a node with 5,000 children and two of them open costs two lookups, not 5,000).
 */
function expandedChildren(
	tree: TopicTree,
	expanded: ReadonlySet<string>,
	node: TopicNode,
): TopicNode[] {
	const open: TopicNode[] = [];
	if (expanded.size < node.children.size) {
		for (const path of expanded) {
			const child = tree.find(path);
			if (child !== null && child.parent === node) open.push(child);
		}
	} else {
		for (const child of node.children.values()) {
			if (expanded.has(child.path)) open.push(child);
		}
	}
	return open;
}

/**
 * Rows under a node when it is expanded: its children plus what its expanded children show.
 * Memoised per call site, so one question about the tree walks each open subtree once.
 */
function visibleSizer(tree: TopicTree, expanded: ReadonlySet<string>): (node: TopicNode) => number {
	const sizes = new Map<TopicNode, number>();
	const visibleSize = (node: TopicNode): number => {
		const known = sizes.get(node);
		if (known !== undefined) return known;
		let size = node.children.size;
		for (const child of expandedChildren(tree, expanded, node)) size += visibleSize(child);
		sizes.set(node, size);
		return size;
	};
	return visibleSize;
}

/** Flattens the visible rows (children of the root and of expanded nodes) and cuts a window. */
export function visibleWindow(
	tree: TopicTree,
	expanded: ReadonlySet<string>,
	offset: number,
	limit: number,
): WindowNodes {
	const visibleSize = visibleSizer(tree, expanded);
	const totalRows = visibleSize(tree.root);
	const nodes: TopicNode[] = [];
	let index = 0;
	const end = offset + limit;
	const walk = (parent: TopicNode): void => {
		for (const child of sortedChildrenOf(parent)) {
			if (index >= end) return;
			const isOpen = expanded.has(child.path);
			const span = 1 + (isOpen ? visibleSize(child) : 0);
			if (index + span <= offset) {
				index += span;
				continue;
			}
			if (index >= offset) nodes.push(child);
			index += 1;
			if (isOpen) walk(child);
		}
	};
	walk(tree.root);
	return { totalRows, nodes };
}

/**
 * Where a topic is among the visible rows (its row index), or null when it is not shown (unknown, or an
 * ancestor is collapsed).
 *
 * Lets the renderer move focus to a row outside the window it holds (a parent, a topic chosen
 * elsewhere) without fetching the rows between. Cost: the siblings before each ancestor, or the
 * expanded set when that is smaller, plus the sizes of the open subtrees before it.
 */
export function locateRow(
	tree: TopicTree,
	expanded: ReadonlySet<string>,
	path: string,
): TreeRowLocation | null {
	const node = tree.find(path);
	if (node === null || node === tree.root) return null;
	for (let up = node.parent; up !== null && up !== tree.root; up = up.parent) {
		if (!expanded.has(up.path)) return null;
	}
	const visibleSize = visibleSizer(tree, expanded);
	let index = 0;
	for (let at: TopicNode = node; at.parent !== null; at = at.parent) {
		const parent = at.parent;
		sortedChildrenOf(parent);
		// Rows before `at` under its parent: each earlier sibling, and what the open ones show.
		index += at.siblingIndex;
		for (const open of expandedChildren(tree, expanded, parent)) {
			if (open.siblingIndex < at.siblingIndex) index += visibleSize(open);
		}
		// The parent's own row (the root has none).
		if (parent !== tree.root) index += 1;
	}
	return { index, topic: node.path };
}

/**
 * Visits the visible rows in display order from row `from`, skipping whole subtrees that end
 * before it, and returns the first answer `visit` gives (undefined means "go on").
 */
function walkVisible<T>(
	tree: TopicTree,
	expanded: ReadonlySet<string>,
	from: number,
	visit: (node: TopicNode, index: number) => T | undefined,
): T | undefined {
	const visibleSize = visibleSizer(tree, expanded);
	let index = 0;
	const walk = (parent: TopicNode): T | undefined => {
		for (const child of sortedChildrenOf(parent)) {
			const isOpen = expanded.has(child.path);
			const span = 1 + (isOpen ? visibleSize(child) : 0);
			if (index + span <= from) {
				index += span;
				continue;
			}
			if (index >= from) {
				const answer = visit(child, index);
				if (answer !== undefined) return answer;
			}
			index += 1;
			if (isOpen) {
				const answer = walk(child);
				if (answer !== undefined) return answer;
			}
		}
		return undefined;
	};
	return walk(tree.root);
}

/**
 * Type-ahead: the first visible row at or after `fromIndex` (wrapping to the top) whose segment
 * starts with `prefix`, ignoring case; null when none does.
 *
 * Runs in main because the match may be anywhere in the visible rows, which the renderer does
 * not hold; the walk visits each row at most once and skips subtrees before `fromIndex`.
 */
export function findRowByPrefix(
	tree: TopicTree,
	expanded: ReadonlySet<string>,
	fromIndex: number,
	prefix: string,
): TreeRowLocation | null {
	const wanted = prefix.toLowerCase();
	if (wanted === '') return null;
	// null stops the walk without a match (the end of the range was reached).
	const search = (from: number, to: number): TreeRowLocation | null =>
		walkVisible<TreeRowLocation | null>(tree, expanded, from, (node, index) => {
			if (index >= to) return null;
			return node.segment.toLowerCase().startsWith(wanted)
				? { index, topic: node.path }
				: undefined;
		}) ?? null;
	return search(fromIndex, Number.POSITIVE_INFINITY) ?? search(0, fromIndex);
}

export class TreeView implements StreamView<TreePatch, TreeWindowParams> {
	#params: TreeWindowParams;
	#expanded: ReadonlySet<string>;
	#nodes: readonly TopicNode[] = [];
	#sentVersion = -1;
	#sentStructure = -1;
	#sentTotal = -1;
	#sentTotalRows = -1;

	constructor(
		readonly tree: TopicTree,
		params: TreeWindowParams,
	) {
		this.#params = params;
		this.#expanded = new Set(params.expanded);
	}

	/** The full window; always the first message of a subscription. */
	snapshot(): TreePatch {
		const { totalRows, nodes } = this.#compute();
		this.#remember(nodes, totalRows);
		return {
			kind: 'reset',
			totalRows,
			offset: this.#params.offset,
			rows: nodes.map(toRow),
			totalMessages: this.tree.root.totalMessages,
		};
	}

	/**
	 * Moves the window (scroll, resize, a node expanded or collapsed) without starting over: the
	 * receiver gets the new row order and only the rows it does not hold yet.
	 */
	update(params: TreeWindowParams): TreePatch | null {
		this.#params = params;
		this.#expanded = new Set(params.expanded);
		return this.#move(true);
	}

	/** What changed since the last call, or null when nothing visible did. */
	poll(): TreePatch | null {
		const tree = this.tree;
		if (tree.version === this.#sentVersion && tree.structureVersion === this.#sentStructure) {
			return null;
		}
		if (tree.structureVersion !== this.#sentStructure) {
			const moved = this.#move(false);
			if (moved !== null) return moved;
		}
		const rows: TreeRow[] = [];
		for (const node of this.#nodes) {
			if (node.version > this.#sentVersion) rows.push(toRow(node));
		}
		this.#sentVersion = tree.version;
		const total = tree.root.totalMessages;
		if (rows.length === 0 && total === this.#sentTotal) return null;
		this.#sentTotal = total;
		return { kind: 'update', rows, totalMessages: total };
	}

	/**
	 * A `window` patch from what was last sent to the window now, or null when the rows are the
	 * same (then `poll` sends what changed in them). `always` sends it even then (an update asked).
	 */
	#move(always: boolean): TreePatch | null {
		const before = this.#nodes;
		const sentVersion = this.#sentVersion;
		const sentStructure = this.#sentStructure;
		const { totalRows, nodes } = this.#compute();
		this.#sentStructure = this.tree.structureVersion;
		const isSame =
			nodes.length === before.length &&
			nodes.every((node, i) => node === before[i]) &&
			totalRows === this.#sentTotalRows;
		if (isSame && !always) return null;
		const held = new Set(before);
		const rows: TreeRow[] = [];
		for (const node of nodes) {
			// A sibling added moves a held row's place (aria-posinset/setsize) without touching it.
			const isMoved = (node.parent?.childrenVersion ?? 0) > sentStructure;
			if (!held.has(node) || node.version > sentVersion || isMoved) rows.push(toRow(node));
		}
		this.#remember(nodes, totalRows);
		return {
			kind: 'window',
			totalRows,
			offset: this.#params.offset,
			ids: nodes.map((node) => node.path),
			rows,
			totalMessages: this.tree.root.totalMessages,
		};
	}

	#compute(): WindowNodes {
		return visibleWindow(this.tree, this.#expanded, this.#params.offset, this.#params.limit);
	}

	#remember(nodes: readonly TopicNode[], totalRows: number): void {
		this.#nodes = nodes;
		this.#sentVersion = this.tree.version;
		this.#sentStructure = this.tree.structureVersion;
		this.#sentTotal = this.tree.root.totalMessages;
		this.#sentTotalRows = totalRows;
	}
}
