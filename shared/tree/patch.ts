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
	readonly updatedAt: number;
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
}

/**
 * A tree view stream message. `reset` replaces the window entirely (the first message); `window`
 * moves it (a scroll, an expanded node, new topics above): the rows it lists by id, with full rows
 * only for those the receiver does not hold yet or that changed; `update` replaces only the rows
 * it names.
 */
export type TreePatch =
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
	  };

export interface TreeWindow {
	readonly totalRows: number;
	readonly offset: number;
	readonly rows: readonly TreeRow[];
	readonly totalMessages: number;
}

export const EMPTY_WINDOW: TreeWindow = { totalRows: 0, offset: 0, rows: [], totalMessages: 0 };

/** Applies a patch to the mirrored window, returning a new window (inputs are not mutated). */
export function applyTreePatch(window: TreeWindow, patch: TreePatch): TreeWindow {
	if (patch.kind === 'reset') {
		return {
			totalRows: patch.totalRows,
			offset: patch.offset,
			rows: patch.rows,
			totalMessages: patch.totalMessages,
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
		};
	}
	if (patch.rows.length === 0) return { ...window, totalMessages: patch.totalMessages };
	const changed = new Map(patch.rows.map((row) => [row.id, row]));
	return {
		...window,
		rows: window.rows.map((row) => changed.get(row.id) ?? row),
		totalMessages: patch.totalMessages,
	};
}
