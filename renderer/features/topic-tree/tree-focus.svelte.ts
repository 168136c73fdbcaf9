/**
 * Keyboard focus in the topic tree: the WAI-ARIA tree view pattern over a virtualised list.
 *
 * Focus is a row index, so it can move to rows main has not sent yet: moving past the window
 * scrolls the list and main sends the new window. What the renderer cannot know without every
 * row (a parent above the window, a type-ahead match, a topic chosen in another view) main
 * answers as a row index (`tree:locate`, `tree:find-prefix`).
 */
import {
	EMPTY_WINDOW,
	type TreeRow,
	type TreeRowLocation,
	type TreeShape,
	type TreeWindow,
} from '../../../shared/tree/patch';
import type { Result } from '../../../shared/result';
import { api } from '../../lib/api';
import type { RevealRequest } from '../../lib/components/VirtualList.svelte';

/** Characters typed within this time of each other form one type-ahead search. */
const TYPE_AHEAD_RESET_MS = 1_000;

/** What focus needs from the tree's state (TreeState). */
export interface FocusableTree {
	readonly connectionId: string;
	readonly expandedPaths: readonly string[];
	/** Sort and filter, so main counts rows as they are shown. */
	readonly shape: TreeShape;
	selectedTopic: string | null;
	isExpanded(id: string): boolean;
	setExpanded(id: string, isOpen: boolean): void;
}

function rowAt(window: TreeWindow, index: number): TreeRow | undefined {
	return window.rows[index - window.offset];
}

/** The parent's topic path: topic paths are the segments joined by '/'. */
function parentOf(row: TreeRow): string {
	return row.id.slice(0, row.id.lastIndexOf('/'));
}

export class TreeFocus {
	/** Index of the focused row among the visible rows. */
	index = $state(0);
	/** A row the list should bring into view; cleared once the list has done it. */
	reveal = $state.raw<RevealRequest | null>(null);
	/** Bumped when the tree should take the keyboard focus (a jump from another view). */
	#focusRequests = $state(0);
	#focusHandled = 0;
	/** The focused topic once known; null while its row has not arrived from main. */
	#topic: string | null = null;
	/** A key moved focus to a row not yet received: select it when it arrives. */
	#isSelectPending = false;
	#typed = '';
	#typedAt = 0;
	/** Answers from main arrive out of date when keys come faster: only the last one counts. */
	#query = 0;
	/** The rows the list holds, as last received. */
	#window: TreeWindow = EMPTY_WINDOW;

	constructor(readonly tree: FocusableTree) {}

	/** True once per request to take the keyboard focus; read where the DOM can be focused. */
	/** Gives the keyboard back to the tree (the find box closing). */
	requestFocus(): void {
		this.#focusRequests += 1;
	}

	takeFocusRequest(): boolean {
		if (this.#focusRequests === this.#focusHandled) return false;
		this.#focusHandled = this.#focusRequests;
		return true;
	}

	/** The window changed: follow the focused topic as rows move, finish a move that waited. */
	onWindow(window: TreeWindow): void {
		this.#window = window;
		if (this.#topic !== null) {
			const at = window.rows.findIndex((row) => row.id === this.#topic);
			if (at >= 0 && window.offset + at !== this.index) this.index = window.offset + at;
			return;
		}
		const row = rowAt(window, this.index);
		if (row === undefined) return;
		this.#topic = row.id;
		if (this.#isSelectPending) this.tree.selectedTopic = row.id;
		this.#isSelectPending = false;
	}

	/** A click on a row: it gets the focus (and the selection when `select`). */
	focusRow(index: number, id: string, select: boolean): void {
		this.index = index;
		this.#topic = id;
		this.#isSelectPending = false;
		if (select) this.tree.selectedTopic = id;
	}

	/** The tree's keys; `pageRows` is how many rows fit in view. Leaves other keys alone. */
	handleKey(event: KeyboardEvent, pageRows: number): void {
		if (event.altKey || event.ctrlKey || event.metaKey) return;
		const key = event.key;
		// A printable character searches; Space does too while a search is being typed.
		if ([...key].length === 1 && (key !== ' ' || this.#isTyping())) {
			event.preventDefault();
			void this.#typeAhead(key);
			return;
		}
		this.#typed = '';
		const row = rowAt(this.#window, this.index);
		const isOnRow = key === 'ArrowRight' || key === 'ArrowLeft' || key === 'Enter' || key === ' ';
		// The focused row was scrolled away (wheel, scrollbar): bring it back before acting on it.
		if (isOnRow && row === undefined) this.#moveTo(this.index);
		else if (key === 'ArrowDown') this.#moveTo(this.index + 1);
		else if (key === 'ArrowUp') this.#moveTo(this.index - 1);
		else if (key === 'Home') this.#moveTo(0);
		else if (key === 'End') this.#moveTo(this.#window.totalRows - 1);
		else if (key === 'PageDown') this.#moveTo(this.index + pageRows);
		else if (key === 'PageUp') this.#moveTo(this.index - pageRows);
		else if (key === 'ArrowRight') this.#right(row);
		else if (key === 'ArrowLeft') void this.#left(row);
		else if (key === 'Enter' || key === ' ') this.#activate(row);
		else return;
		event.preventDefault();
	}

	/** "Show in topic tree": expand its ancestors, select it, scroll to it and focus it. */
	async show(topic: string, options: { readonly takeFocus?: boolean } = {}): Promise<void> {
		const levels = topic.split('/');
		for (let depth = 1; depth < levels.length; depth++) {
			this.tree.setExpanded(levels.slice(0, depth).join('/'), true);
		}
		this.tree.selectedTopic = topic;
		this.#topic = topic;
		this.#isSelectPending = false;
		// Find in tree keeps the focus in its box; "Show in topic tree" hands it to the tree.
		if (options.takeFocus !== false) this.#focusRequests += 1;
		const query = ++this.#query;
		const found = await this.#locate(topic);
		if (query !== this.#query || found === null) return;
		this.index = found.index;
		this.reveal = { index: found.index, align: 'center' };
	}

	/** The list has brought `request` into view. */
	revealed(request: RevealRequest): void {
		if (this.reveal === request) this.reveal = null;
	}

	#moveTo(index: number, topic: string | null = null): void {
		const window = this.#window;
		if (window.totalRows === 0) return;
		const target = Math.max(0, Math.min(window.totalRows - 1, index));
		const id = topic ?? rowAt(window, target)?.id ?? null;
		this.index = target;
		this.#topic = id;
		this.#isSelectPending = id === null;
		if (id !== null) this.tree.selectedTopic = id;
		this.reveal = { index: target, align: 'nearest' };
	}

	/** Right: expand a closed node, or step into an open one. */
	#right(row: TreeRow | undefined): void {
		if (row === undefined || row.childCount === 0) return;
		if (!this.tree.isExpanded(row.id)) this.tree.setExpanded(row.id, true);
		else this.#moveTo(this.index + 1);
	}

	/** Left: collapse an open node, or go to the parent (asking main when it is above the window). */
	async #left(row: TreeRow | undefined): Promise<void> {
		if (row === undefined) return;
		if (row.childCount > 0 && this.tree.isExpanded(row.id)) {
			this.tree.setExpanded(row.id, false);
			return;
		}
		if (row.depth === 0) return;
		for (let index = this.index - 1; index >= this.#window.offset; index--) {
			const above = rowAt(this.#window, index);
			if (above?.depth === row.depth - 1) {
				this.#moveTo(index, above.id);
				return;
			}
		}
		const query = ++this.#query;
		const parent = await this.#locate(parentOf(row));
		if (query === this.#query && parent !== null) {
			this.#moveTo(parent.index, parent.topic);
		}
	}

	/** Enter / Space: open or close a node. */
	#activate(row: TreeRow | undefined): void {
		if (row !== undefined && row.childCount > 0) {
			this.tree.setExpanded(row.id, !this.tree.isExpanded(row.id));
		}
	}

	#isTyping(): boolean {
		return this.#typed !== '' && performance.now() - this.#typedAt < TYPE_AHEAD_RESET_MS;
	}

	/**
	 * Type-ahead: the next row whose segment starts with what was typed. The same letter again
	 * goes to the next match (as in file managers); more letters refine from the current row.
	 */
	async #typeAhead(key: string): Promise<void> {
		this.#typed = this.#isTyping() ? this.#typed + key : key;
		this.#typedAt = performance.now();
		const typed = this.#typed;
		const isRepeat = [...typed].every((char) => char === typed[0]);
		const prefix = isRepeat ? key : typed;
		const fromIndex = isRepeat ? this.index + 1 : this.index;
		const query = ++this.#query;
		const found = unwrap(
			await api.invoke('tree:find-prefix', {
				connectionId: this.tree.connectionId,
				expanded: [...this.tree.expandedPaths],
				fromIndex,
				prefix,
				shape: this.tree.shape,
			}),
		);
		if (query === this.#query && found !== null) this.#moveTo(found.index, found.topic);
	}

	async #locate(topic: string): Promise<TreeRowLocation | null> {
		return unwrap(
			await api.invoke('tree:locate', {
				connectionId: this.tree.connectionId,
				expanded: [...this.tree.expandedPaths],
				topic,
				shape: this.tree.shape,
			}),
		);
	}
}

/**
 * A failed lookup leaves focus where it is: the expected failure is a connection closed a moment
 * ago, whose view goes away with it; anything else goes to the log.
 */
function unwrap(result: Result<TreeRowLocation | null>): TreeRowLocation | null {
	if (result.ok) return result.value;
	if (result.error.code !== 'not-found') console.warn('tree lookup failed', result.error);
	return null;
}
