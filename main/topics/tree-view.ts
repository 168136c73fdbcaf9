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
import type { TopicNode, TopicTree } from './topic-tree';
import { OpenNodes, rowIndexOf, walkRows, ROOT } from './visible-rows';

/** Preview characters in a row. */
const PREVIEW_CHARS = 80;

/** The row of node `id`. */
export function rowOf(tree: TopicTree, id: number): TreeRow {
	const hasMessage = tree.hasMessage(id);
	const parent = tree.parentOf(id);
	return {
		id: tree.pathOf(id),
		segment: tree.segmentOf(id),
		depth: tree.depthOf(id),
		childCount: tree.childCountOf(id),
		setSize: parent < 0 ? 1 : tree.childCountOf(parent),
		posInSet: tree.siblingIndexOf(id) + 1,
		messageCount: tree.messageCountOf(id),
		totalMessages: tree.totalMessagesOf(id),
		topicCount: tree.topicsBelowOf(id),
		hasMessage,
		// The payload in place, read at once: no copy.
		preview: hasMessage ? previewText(tree.payloadView(id), PREVIEW_CHARS) : '',
		isRetained: hasMessage && tree.isRetained(id),
		updatedAt: hasMessage ? Math.floor(tree.timeUsOf(id) / 1000) : 0,
	};
}

export function toRow(node: TopicNode): TreeRow {
	return rowOf(node.tree, node.id);
}

interface WindowIds {
	readonly totalRows: number;
	readonly ids: readonly number[];
}

function windowIds(open: OpenNodes, offset: number, limit: number): WindowIds {
	const totalRows = open.visibleSize(ROOT);
	const ids: number[] = [];
	const end = offset + limit;
	if (offset < totalRows && limit > 0) {
		walkRows(open, offset, (id, index) => {
			if (index >= end) return true;
			ids.push(id);
			return false;
		});
	}
	return { totalRows, ids };
}

/** Flattens the visible rows (children of the root and of expanded nodes) and cuts a window. */
export function visibleWindow(
	tree: TopicTree,
	expanded: ReadonlySet<string>,
	offset: number,
	limit: number,
): { readonly totalRows: number; readonly nodes: readonly TopicNode[] } {
	const { totalRows, ids } = windowIds(new OpenNodes(tree, expanded), offset, limit);
	return { totalRows, nodes: ids.map((id) => tree.node(id)) };
}

/**
 * Where a topic is among the visible rows (its row index), or null when it is not shown (unknown,
 * or an ancestor is collapsed).
 *
 * Lets the renderer move focus to a row outside the window it holds (a parent, a topic chosen
 * elsewhere) without fetching the rows between.
 */
export function locateRow(
	tree: TopicTree,
	expanded: ReadonlySet<string>,
	path: string,
): TreeRowLocation | null {
	const id = tree.idOf(path);
	if (id <= ROOT) return null;
	const index = rowIndexOf(new OpenNodes(tree, expanded), id);
	return index === null ? null : { index, topic: tree.pathOf(id) };
}

/**
 * Type-ahead: the first visible row at or after `fromIndex` (wrapping to the top) whose segment
 * starts with `prefix`, ignoring case; null when none does.
 *
 * Runs in main because the match may be anywhere in the visible rows, which the renderer does
 * not hold; the walk visits each row at most once and jumps over the rows before `fromIndex`.
 */
export function findRowByPrefix(
	tree: TopicTree,
	expanded: ReadonlySet<string>,
	fromIndex: number,
	prefix: string,
): TreeRowLocation | null {
	const wanted = prefix.toLowerCase();
	if (wanted === '') return null;
	const open = new OpenNodes(tree, expanded);
	const search = (from: number, to: number): TreeRowLocation | null => {
		let found: TreeRowLocation | null = null;
		walkRows(open, from, (id, index) => {
			if (index >= to) return true;
			if (!tree.segmentOf(id).toLowerCase().startsWith(wanted)) return false;
			found = { index, topic: tree.pathOf(id) };
			return true;
		});
		return found;
	};
	return search(fromIndex, Number.POSITIVE_INFINITY) ?? search(0, fromIndex);
}

export class TreeView implements StreamView<TreePatch, TreeWindowParams> {
	#params: TreeWindowParams;
	#expanded: readonly string[];
	#ids: readonly number[] = [];
	#generation = -1;
	#sentVersion = -1;
	#sentStructure = -1;
	#sentTotal = -1;
	#sentTotalRows = -1;

	constructor(
		readonly tree: TopicTree,
		params: TreeWindowParams,
	) {
		this.#params = params;
		this.#expanded = params.expanded;
	}

	/** The full window; always the first message of a subscription. */
	snapshot(): TreePatch {
		const { totalRows, ids } = this.#compute();
		this.#remember(ids, totalRows);
		return {
			kind: 'reset',
			totalRows,
			offset: this.#params.offset,
			rows: ids.map((id) => rowOf(this.tree, id)),
			totalMessages: this.tree.root.totalMessages,
		};
	}

	/**
	 * Moves the window (scroll, resize, a node expanded or collapsed) without starting over: the
	 * receiver gets the new row order and only the rows it does not hold yet.
	 */
	update(params: TreeWindowParams): TreePatch | null {
		this.#params = params;
		this.#expanded = params.expanded;
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
		for (const id of this.#ids) {
			if (tree.versionOf(id) > this.#sentVersion) rows.push(rowOf(tree, id));
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
		const tree = this.tree;
		// A cleared tree reuses ids: nothing held before it is the same row.
		const before = this.#generation === tree.generation ? this.#ids : [];
		const sentVersion = this.#sentVersion;
		const sentStructure = this.#sentStructure;
		const { totalRows, ids } = this.#compute();
		this.#sentStructure = tree.structureVersion;
		const isSame =
			ids.length === before.length &&
			ids.every((id, i) => id === before[i]) &&
			totalRows === this.#sentTotalRows;
		if (isSame && !always) return null;
		const held = new Set(before);
		const rows: TreeRow[] = [];
		for (const id of ids) {
			// A sibling added moves a held row's place (aria-posinset/setsize) without touching it.
			const isMoved = tree.childrenVersionOf(tree.parentOf(id)) > sentStructure;
			if (!held.has(id) || tree.versionOf(id) > sentVersion || isMoved) {
				rows.push(rowOf(tree, id));
			}
		}
		this.#remember(ids, totalRows);
		return {
			kind: 'window',
			totalRows,
			offset: this.#params.offset,
			ids: ids.map((id) => tree.pathOf(id)),
			rows,
			totalMessages: tree.root.totalMessages,
		};
	}

	#compute(): WindowIds {
		const open = new OpenNodes(this.tree, this.#expanded);
		return windowIds(open, this.#params.offset, this.#params.limit);
	}

	#remember(ids: readonly number[], totalRows: number): void {
		this.#ids = ids;
		this.#generation = this.tree.generation;
		this.#sentVersion = this.tree.version;
		this.#sentStructure = this.tree.structureVersion;
		this.#sentTotal = this.tree.root.totalMessages;
		this.#sentTotalRows = totalRows;
	}
}
