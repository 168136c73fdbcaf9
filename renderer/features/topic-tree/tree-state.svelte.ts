/**
 * The topic tree of one connection as this window sees it: which nodes are expanded, which rows
 * are in view, and the selected topic. Main sends only the rows in view.
 */
import { SvelteSet } from 'svelte/reactivity';
import { applyTreePatch, EMPTY_WINDOW, type TreeWindow } from '../../../shared/tree/patch';
import { api } from '../../lib/api';
import { LiveStream } from '../../lib/live-stream.svelte';
import { TreeFind } from './tree-find.svelte';
import { TreeFocus } from './tree-focus.svelte';

export class TreeState {
	#window = $state.raw<TreeWindow>(EMPTY_WINDOW);
	readonly #expanded = new SvelteSet<string>();
	selectedTopic = $state<string | null>(null);
	#offset = 0;
	#limit = 80;
	readonly #stream = new LiveStream<'tree:patch'>(
		(params) =>
			api.open('tree:patch', params, (patch) => {
				this.#window = applyTreePatch(this.#window, patch);
				this.focus.onWindow(this.#window);
			}),
		() => ({
			connectionId: this.connectionId,
			expanded: [...this.#expanded],
			offset: this.#offset,
			limit: this.#limit,
		}),
	);

	/** Keyboard focus among the rows (the tree view pattern). */
	readonly focus: TreeFocus = new TreeFocus(this);
	/** Find in topic tree (Ctrl/Cmd+F). */
	readonly find: TreeFind = new TreeFind(this);
	/** Where the list was scrolled to, so it comes back there when shown again (not reactive). */
	scrollTop = 0;

	constructor(readonly connectionId: string) {}

	get expandedPaths(): readonly string[] {
		return [...this.#expanded];
	}

	get window(): TreeWindow {
		this.#stream.track();
		return this.#window;
	}

	isExpanded(id: string): boolean {
		return this.#expanded.has(id);
	}

	toggle(id: string): void {
		if (!this.#expanded.delete(id)) this.#expanded.add(id);
		this.#stream.move();
	}

	setExpanded(id: string, isOpen: boolean): void {
		if (this.#expanded.has(id) !== isOpen) this.toggle(id);
	}

	/** The rows on screen changed (scroll or resize): ask main for that slice. */
	setRange(offset: number, limit: number): void {
		if (offset === this.#offset && limit === this.#limit) return;
		this.#offset = offset;
		this.#limit = limit;
		this.#stream.move();
	}
}
