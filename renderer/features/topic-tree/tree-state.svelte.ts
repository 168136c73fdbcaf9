/**
 * The topic tree of one connection as this window sees it: which nodes are expanded, which rows
 * are in view, and the selected topic. Main sends only the rows in view.
 */
import { createSubscriber, SvelteSet } from 'svelte/reactivity';
import { applyTreePatch, EMPTY_WINDOW, type TreeWindow } from '../../../shared/tree/patch';
import { api } from '../../lib/api';

export class TreeState {
	#window = $state.raw<TreeWindow>(EMPTY_WINDOW);
	readonly #expanded = new SvelteSet<string>();
	selectedTopic = $state<string | null>(null);
	#offset = 0;
	#limit = 80;
	#close: (() => void) | null = null;
	#isActive = false;

	#listen = createSubscriber(() => {
		this.#isActive = true;
		this.#open();
		return () => {
			this.#isActive = false;
			this.#close?.();
			this.#close = null;
		};
	});

	constructor(readonly connectionId: string) {}

	get window(): TreeWindow {
		this.#listen();
		return this.#window;
	}

	isExpanded(id: string): boolean {
		return this.#expanded.has(id);
	}

	toggle(id: string): void {
		if (!this.#expanded.delete(id)) this.#expanded.add(id);
		this.#reopen();
	}

	setExpanded(id: string, isOpen: boolean): void {
		if (this.#expanded.has(id) !== isOpen) this.toggle(id);
	}

	/** The rows on screen changed (scroll or resize): ask main for that slice. */
	setRange(offset: number, limit: number): void {
		if (offset === this.#offset && limit === this.#limit) return;
		this.#offset = offset;
		this.#limit = limit;
		this.#reopen();
	}

	#reopen(): void {
		if (this.#isActive) this.#open();
	}

	#open(): void {
		this.#close?.();
		this.#close = api.subscribe(
			'tree:patch',
			{
				connectionId: this.connectionId,
				expanded: [...this.#expanded],
				offset: this.#offset,
				limit: this.#limit,
			},
			(patch) => {
				this.#window = applyTreePatch(this.#window, patch);
			},
		);
	}
}
