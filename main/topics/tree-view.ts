/**
 * One renderer's window onto a topic tree: which nodes are expanded and which slice of the
 * flattened visible rows is on screen. Main sends only that slice, and only what changed.
 */
import {
	DEFAULT_TREE_SHAPE,
	type TreeFilterProgress,
	type TreePatch,
	type TreeRow,
	type TreeRowLocation,
	type TreeShape,
	type TreeWindowParams,
} from '../../shared/tree/patch';
import type { StreamView } from '../core/stream-view';
import { NodeRates } from './node-rates';
import { previewText } from './preview';
import { ShapedChildren } from './shaped-children';
import type { TopicNode, TopicTree } from './topic-tree';
import { isFiltering, scansOf, type FilterScan } from './tree-filter';
import {
	naturalChildren,
	OpenNodes,
	rowIndexOf,
	walkRows,
	ROOT,
	type ChildView,
} from './visible-rows';

/** Preview characters in a row. */
const PREVIEW_CHARS = 80;
/** Nodes a filter scan looks at per tick (a million topics: about a second, the loop never held). */
export const FILTER_SCAN_BUDGET = 50_000;

/** What a row needs besides the tree: the view's children lists and rates (absent: natural). */
interface RowContext {
	readonly children: ChildView;
	readonly shaped: ShapedChildren | null;
	readonly rates: NodeRates | null;
}

/** The row of node `id`. */
export function rowOf(tree: TopicTree, id: number, context?: RowContext): TreeRow {
	const hasMessage = tree.hasMessage(id);
	const parent = tree.parentOf(id);
	const children = context?.children;
	const shaped = context?.shaped ?? null;
	const hasChildren = shaped === null ? true : shaped.hasShownChildren(id);
	return {
		id: tree.pathOf(id),
		segment: tree.segmentOf(id),
		depth: tree.depthOf(id),
		childCount: hasChildren ? tree.childCountOf(id) : 0,
		setSize: parent < 0 ? 1 : children ? children.listOf(parent).length : tree.childCountOf(parent),
		posInSet: (children ? children.placeOf(id) : tree.siblingIndexOf(id)) + 1,
		messageCount: tree.messageCountOf(id),
		totalMessages: tree.totalMessagesOf(id),
		topicCount: tree.topicsBelowOf(id),
		hasMessage,
		// The payload in place, read at once: no copy.
		preview: hasMessage ? previewText(tree.payloadView(id), PREVIEW_CHARS) : '',
		isRetained: hasMessage && tree.isRetained(id),
		updatedAt: hasMessage ? Math.floor(tree.timeUsOf(id) / 1000) : 0,
		qos: hasMessage ? tree.qosOf(id) : 0,
		sizeBytes: hasMessage ? tree.payloadSizeOf(id) : 0,
		messagesPerSecond: context?.rates?.rateOf(id) ?? null,
	};
}

/** Whether a shape changes anything from the tree's natural rows. */
function isShaped(shape: TreeShape): boolean {
	return shape.sort !== 'name' || shape.hideSys || isFiltering(shape);
}

/**
 * The children view of a shape for one question (locate, type-ahead): the filter's scan if a view
 * runs one (a filter nobody streams has no matches yet), else natural order.
 */
function childViewFor(tree: TopicTree, shape: TreeShape | undefined): ChildView {
	if (shape === undefined || !isShaped(shape)) return naturalChildren(tree);
	const scan = isFiltering(shape) ? (scansOf(tree).find(shape) ?? null) : null;
	return new ShapedChildren(tree, shape, scan, new NodeRates(tree));
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
	shape?: TreeShape,
): TreeRowLocation | null {
	const id = tree.idOf(path);
	if (id <= ROOT) return null;
	const index = rowIndexOf(new OpenNodes(childViewFor(tree, shape), expanded), id);
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
	shape?: TreeShape,
): TreeRowLocation | null {
	const wanted = prefix.toLowerCase();
	if (wanted === '') return null;
	const open = new OpenNodes(childViewFor(tree, shape), expanded);
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

export interface TreeViewOptions {
	/** The clock for rates and re-sorting (tests pass their own). */
	readonly now?: () => number;
}

/** A row's place, set size and whether it opens, in one number (to see that a held row moved). */
function placeKey(row: TreeRow): number {
	return (row.posInSet * 4_194_304 + row.setSize) * 2 + (row.childCount > 0 ? 1 : 0);
}

function sameProgress(a: TreeFilterProgress | null, b: TreeFilterProgress | null): boolean {
	if (a === null || b === null) return a === b;
	return (
		a.scanned === b.scanned &&
		a.total === b.total &&
		a.matches === b.matches &&
		a.isDone === b.isDone
	);
}

export class TreeView implements StreamView<TreePatch, TreeWindowParams> {
	#params: TreeWindowParams;
	#shape: TreeShape = DEFAULT_TREE_SHAPE;
	#scan: FilterScan | null = null;
	#context: RowContext;
	readonly #rates: NodeRates;
	readonly #now: () => number;
	#ids: readonly number[] = [];
	/** What the receiver holds of each row in the window: its place key and its rate. */
	readonly #sentPlace = new Map<number, number>();
	readonly #sentRate = new Map<number, number | null>();
	#sentFilter: TreeFilterProgress | null = null;
	/** How many of the scan's opened ancestors were sent. */
	#sentOpened = 0;
	#sentScanVersion = -1;
	#generation = -1;
	#sentVersion = -1;
	#sentStructure = -1;
	#sentTotal = -1;
	#sentTotalRows = -1;

	constructor(
		readonly tree: TopicTree,
		params: TreeWindowParams,
		options: TreeViewOptions = {},
	) {
		this.#now = options.now ?? Date.now;
		this.#rates = new NodeRates(tree, this.#now);
		this.#params = params;
		this.#context = { children: naturalChildren(tree), shaped: null, rates: this.#rates };
		this.#reshape(params.shape ?? DEFAULT_TREE_SHAPE);
	}

	/** The filter's scan this view holds (tests look at its cancellation). */
	get scan(): FilterScan | null {
		return this.#scan;
	}

	/** The full window; always the first message of a subscription. */
	snapshot(): TreePatch {
		this.#scan?.advance(FILTER_SCAN_BUDGET);
		const { totalRows, ids } = this.#compute();
		this.#rates.sample(ids);
		this.#sentPlace.clear();
		this.#sentRate.clear();
		const rows = ids.map((id) => this.#row(id));
		this.#remember(ids, totalRows);
		return this.#withExtras({
			kind: 'reset',
			totalRows,
			offset: this.#params.offset,
			rows,
			totalMessages: this.tree.root.totalMessages,
		});
	}

	/**
	 * Moves the window (scroll, resize, a node expanded or collapsed, another sort or filter)
	 * without starting over: the receiver gets the new row order and only the rows it does not
	 * hold yet. A new filter cancels the old one's scan.
	 */
	update(params: TreeWindowParams): TreePatch | null {
		this.#params = params;
		const shape = params.shape ?? DEFAULT_TREE_SHAPE;
		if (JSON.stringify(shape) !== JSON.stringify(this.#shape)) {
			this.#reshape(shape);
			this.#scan?.advance(FILTER_SCAN_BUDGET);
		}
		return this.#move(true);
	}

	/** What changed since the last call, or null when nothing visible did. */
	poll(): TreePatch | null {
		const tree = this.tree;
		this.#scan?.advance(FILTER_SCAN_BUDGET);
		const isShaped = this.#context.shaped !== null;
		const ratesMoved = this.#rates.sample(this.#ids);
		const scanMoved = (this.#scan?.version ?? -1) !== this.#sentScanVersion;
		if (
			!ratesMoved &&
			!scanMoved &&
			!isShaped &&
			tree.version === this.#sentVersion &&
			tree.structureVersion === this.#sentStructure &&
			this.#sentOpened === (this.#scan?.opened.length ?? 0)
		) {
			return null;
		}
		// A shaped window may reorder without a new node (a re-sort by count, a filter match).
		if (isShaped || scanMoved || tree.structureVersion !== this.#sentStructure) {
			const moved = this.#move(false);
			if (moved !== null) return moved;
		}
		const rows: TreeRow[] = [];
		for (const id of this.#ids) {
			const isChanged =
				tree.versionOf(id) > this.#sentVersion ||
				this.#rates.rateOf(id) !== (this.#sentRate.get(id) ?? null);
			if (isChanged) rows.push(this.#row(id));
		}
		this.#sentVersion = tree.version;
		const total = tree.root.totalMessages;
		const patch = this.#withExtras({ kind: 'update', rows, totalMessages: total });
		const hasExtras = patch.filter !== undefined || patch.expand !== undefined;
		if (rows.length === 0 && total === this.#sentTotal && !hasExtras) return null;
		this.#sentTotal = total;
		return patch;
	}

	dispose(): void {
		if (this.#scan !== null) scansOf(this.tree).release(this.#scan);
		this.#scan = null;
	}

	#reshape(shape: TreeShape): void {
		const previous = this.#scan;
		this.#shape = shape;
		this.#scan = isFiltering(shape) ? scansOf(this.tree).acquire(shape, this.#now) : null;
		// Acquired before the release: the same filter keeps its scan (and its progress).
		if (previous !== null) scansOf(this.tree).release(previous);
		if (this.#scan !== previous) {
			this.#sentOpened = 0;
			this.#sentScanVersion = -1;
		}
		const shaped = isShaped(shape)
			? new ShapedChildren(this.tree, shape, this.#scan, this.#rates, this.#now)
			: null;
		this.#context = {
			children: shaped ?? naturalChildren(this.tree),
			shaped,
			rates: this.#rates,
		};
	}

	#row(id: number): TreeRow {
		const row = rowOf(this.tree, id, this.#context);
		if (this.#context.shaped !== null) this.#sentPlace.set(id, placeKey(row));
		this.#sentRate.set(id, row.messagesPerSecond);
		return row;
	}

	/** What `placeKey` of `id`'s row would be, without building the row. */
	#placeKeyOf(shaped: ShapedChildren, id: number): number {
		const parent = this.tree.parentOf(id);
		const place = shaped.placeOf(id) + 1;
		const size = parent < 0 ? 1 : shaped.listOf(parent).length;
		return (place * 4_194_304 + size) * 2 + (shaped.hasShownChildren(id) ? 1 : 0);
	}

	/** Adds the filter's progress (when it moved) and the ancestors to open (when new). */
	#withExtras(patch: TreePatch): TreePatch {
		const scan = this.#scan;
		if (scan === null) {
			this.#sentFilter = null;
			return patch;
		}
		this.#sentScanVersion = scan.version;
		let extras: { filter?: TreeFilterProgress; expand?: readonly string[] } = {};
		const progress = scan.progress;
		if (patch.kind === 'reset' || !sameProgress(progress, this.#sentFilter)) {
			extras = { filter: progress };
			this.#sentFilter = progress;
		}
		if (this.#sentOpened > scan.opened.length) this.#sentOpened = 0;
		if (scan.opened.length > this.#sentOpened) {
			const opened = scan.opened.slice(this.#sentOpened);
			this.#sentOpened = scan.opened.length;
			extras = { ...extras, expand: opened.map((id) => this.tree.pathOf(id)) };
		}
		return { ...patch, ...extras };
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
		if (isSame && !always && this.#scan === null) return null;
		const held = new Set(before);
		const rows: TreeRow[] = [];
		const shaped = this.#context.shaped;
		for (const id of ids) {
			// A sibling added moves a held row's place (aria-posinset/setsize) without touching it;
			// in a shaped view a re-sort or a filter's match does too, so the place itself is compared.
			const isMoved =
				shaped === null
					? tree.childrenVersionOf(tree.parentOf(id)) > sentStructure
					: this.#sentPlace.get(id) !== this.#placeKeyOf(shaped, id);
			const isChanged =
				!held.has(id) ||
				tree.versionOf(id) > sentVersion ||
				isMoved ||
				this.#rates.rateOf(id) !== (this.#sentRate.get(id) ?? null);
			if (isChanged) rows.push(this.#row(id));
		}
		if (isSame && !always && rows.length === 0) {
			// Filtered but nothing moved on screen: progress and opened ancestors still go out.
			const extras = this.#withExtras({
				kind: 'update',
				rows,
				totalMessages: tree.root.totalMessages,
			});
			this.#remember(ids, totalRows);
			return extras.filter !== undefined || extras.expand !== undefined ? extras : null;
		}
		const keep = new Set(ids);
		for (const id of this.#sentPlace.keys()) if (!keep.has(id)) this.#sentPlace.delete(id);
		for (const id of this.#sentRate.keys()) if (!keep.has(id)) this.#sentRate.delete(id);
		this.#remember(ids, totalRows);
		return this.#withExtras({
			kind: 'window',
			totalRows,
			offset: this.#params.offset,
			ids: ids.map((id) => tree.pathOf(id)),
			rows,
			totalMessages: tree.root.totalMessages,
		});
	}

	#compute(): WindowIds {
		const open = new OpenNodes(this.#context.children, this.#params.expanded);
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
