/** Tree view rows and patches, shared by main (producer) and the renderer's mirror. */

/** One visible row of the topic tree; `id` is the topic path (levels joined by '/'). */
export interface TreeRow {
	readonly id: string;
	readonly segment: string;
	readonly depth: number;
	readonly childCount: number;
	/** Siblings including this row (aria-setsize). */
	readonly setSize: number;
	/** 1-based position among its siblings in display order (aria-posinset). */
	readonly posInSet: number;
	/** Messages received on exactly this topic. */
	readonly messageCount: number;
	/** Messages received on this topic and every topic below it. */
	readonly totalMessages: number;
	/** Topics with at least one message below this node (not counting itself). */
	readonly topicCount: number;
	readonly hasMessage: boolean;
	/** Short text preview of the last value, or '' when none or binary. */
	readonly preview: string;
	readonly isRetained: boolean;
	/** Milliseconds since the epoch of the last message, 0 when none. */
	readonly updatedAt: number;
	/** QoS of the last message (0 when none). */
	readonly qos: 0 | 1 | 2;
	/** Payload size of the last message in bytes. */
	readonly sizeBytes: number;
	/**
	 * Messages per second on this topic and below, over the last second or so; null until the
	 * view has measured it twice (a row just scrolled into view).
	 */
	readonly messagesPerSecond: number | null;
}

/** Orders of siblings: natural by name (the default), most messages, most recent, highest rate. */
export const TREE_SORTS = ['name', 'messages', 'recent', 'rate'] as const;
export type TreeSort = (typeof TREE_SORTS)[number];

/** Which rows a tree view shows and in what order. */
export interface TreeShape {
	readonly sort: TreeSort;
	/**
	 * Show only topics whose path contains `text` (ignoring case), or that match `text` as an MQTT
	 * topic filter (`+`, `#`, and the `$` rule: `#` does not match `$SYS/…`), with their ancestors.
	 */
	readonly filter: { readonly kind: 'text' | 'topic-filter'; readonly text: string } | null;
	/** Hide the top-level `$SYS` subtree. */
	readonly hideSys: boolean;
	/** Show only topics whose last message was retained, with their ancestors. */
	readonly retainedOnly: boolean;
}

export const DEFAULT_TREE_SHAPE: TreeShape = {
	sort: 'name',
	filter: null,
	hideSys: false,
	retainedOnly: false,
};

/** The answer to "expand all below": paths to open, and whether that is all of them. */
export interface TreeExpandBelow {
	readonly paths: readonly string[];
	/** False when the bound was reached: deeper nodes stay closed. */
	readonly isComplete: boolean;
}

/** How far a filter's scan of the tree has come. */
export interface TreeFilterProgress {
	readonly scanned: number;
	readonly total: number;
	/** Topics matching so far. */
	readonly matches: number;
	readonly isDone: boolean;
}

/** Where a topic is among the visible rows (its row index), for moving focus to it. */
export interface TreeRowLocation {
	readonly index: number;
	readonly topic: string;
}

export interface TreeWindowParams {
	readonly expanded: readonly string[];
	readonly offset: number;
	readonly limit: number;
	/** Absent: DEFAULT_TREE_SHAPE. */
	readonly shape?: TreeShape;
}

/** What every patch may carry besides rows: a filter's progress and the nodes it asks to open. */
interface PatchExtras {
	/** Present while a filter or "retained only" is on. */
	readonly filter?: TreeFilterProgress;
	/** Ancestors of new matches the receiver should open (bounded per filter). */
	readonly expand?: readonly string[];
}

/**
 * A tree view stream message. `reset` replaces the window entirely (the first message); `window`
 * moves it (a scroll, an expanded node, new topics above): the rows it lists by id, with full rows
 * only for those the receiver does not hold yet or that changed; `update` replaces only the rows
 * it names.
 */
export type TreePatch = PatchExtras &
	(
		| {
				readonly kind: 'reset';
				readonly totalRows: number;
				readonly offset: number;
				readonly rows: readonly TreeRow[];
				readonly totalMessages: number;
		  }
		| {
				readonly kind: 'window';
				readonly totalRows: number;
				readonly offset: number;
				/** Every row of the new window, in order. */
				readonly ids: readonly string[];
				/** Rows the previous window did not have, or had in an older state. */
				readonly rows: readonly TreeRow[];
				readonly totalMessages: number;
		  }
		| {
				readonly kind: 'update';
				readonly rows: readonly TreeRow[];
				readonly totalMessages: number;
		  }
	);

export interface TreeWindow {
	readonly totalRows: number;
	readonly offset: number;
	readonly rows: readonly TreeRow[];
	readonly totalMessages: number;
	/** The filter's progress as last sent; null when no filter is on. */
	readonly filter: TreeFilterProgress | null;
}

export const EMPTY_WINDOW: TreeWindow = {
	totalRows: 0,
	offset: 0,
	rows: [],
	totalMessages: 0,
	filter: null,
};

/** Applies a patch to the mirrored window, returning a new window (inputs are not mutated). */
export function applyTreePatch(window: TreeWindow, patch: TreePatch): TreeWindow {
	// A reset without filter progress means no filter; other patches carry it only when it moved.
	const filter = patch.filter ?? (patch.kind === 'reset' ? null : window.filter);
	if (patch.kind === 'reset') {
		return {
			totalRows: patch.totalRows,
			offset: patch.offset,
			rows: patch.rows,
			totalMessages: patch.totalMessages,
			filter,
		};
	}
	if (patch.kind === 'window') {
		const held = new Map(window.rows.map((row) => [row.id, row]));
		for (const row of patch.rows) held.set(row.id, row);
		const rows: TreeRow[] = [];
		for (const id of patch.ids) {
			const row = held.get(id);
			// Main sends every row the previous window lacked; a missing one would be its bug.
			if (row !== undefined) rows.push(row);
		}
		return {
			totalRows: patch.totalRows,
			offset: patch.offset,
			rows,
			totalMessages: patch.totalMessages,
			filter,
		};
	}
	if (patch.rows.length === 0) return { ...window, totalMessages: patch.totalMessages, filter };
	const changed = new Map(patch.rows.map((row) => [row.id, row]));
	return {
		...window,
		rows: window.rows.map((row) => changed.get(row.id) ?? row),
		totalMessages: patch.totalMessages,
		filter,
	};
}
