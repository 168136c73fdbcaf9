/**
 * "Find in topic tree" (Ctrl/Cmd+F): topics whose path contains the text typed, anywhere in the
 * tree (main searches, expanded or not), visited in display order with Enter and Shift+Enter.
 * Visiting a match opens its parents, selects it and scrolls to it, leaving the focus in the box.
 */
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import type { TreeState } from './tree-state.svelte';

/** Matches listed per search; the count says when there are more. */
const LIMIT = 1_000;

export class TreeFind {
	isOpen = $state(false);
	text = $state('');
	#topics = $state.raw<readonly string[]>([]);
	#total = $state(0);
	/** The match shown, or -1 before the first Enter. */
	index = $state(-1);
	/** Bumped to ask the box for the focus (DOM work, done by the component). */
	focusRequests = $state(0);
	#query = 0;

	constructor(readonly tree: TreeState) {}

	get total(): number {
		return this.#total;
	}

	/** "3 of 12 topics", "No topic contains …", or empty before a search. */
	get status(): string {
		if (this.text === '') return '';
		if (this.#total === 0) return `No topic contains “${this.text}”.`;
		const more = this.#total > this.#topics.length ? ` (first ${formatCount(LIMIT)} listed)` : '';
		const at = this.index >= 0 ? `${formatCount(this.index + 1)} of ` : '';
		return `${at}${formatCount(this.#total)} topic${this.#total === 1 ? '' : 's'}${more}`;
	}

	open(): void {
		this.isOpen = true;
		this.focusRequests += 1;
	}

	close(): void {
		this.isOpen = false;
		this.tree.focus.requestFocus();
	}

	async search(text: string): Promise<void> {
		this.text = text;
		this.index = -1;
		const query = ++this.#query;
		if (text === '') {
			this.#topics = [];
			this.#total = 0;
			return;
		}
		const found = await api.invoke('tree:find', {
			connectionId: this.tree.connectionId,
			text,
			limit: LIMIT,
		});
		if (query !== this.#query) return;
		this.#topics = found.ok ? found.value.topics : [];
		this.#total = found.ok ? found.value.total : 0;
	}

	/** Shows the next match (or the previous one with `step` -1), wrapping around. */
	async step(step: 1 | -1): Promise<void> {
		// New topics may have arrived since the search: look again before moving.
		if (this.#topics.length === 0 && this.text !== '') await this.search(this.text);
		const count = this.#topics.length;
		if (count === 0) return;
		this.index =
			this.index < 0 ? (step === 1 ? 0 : count - 1) : (this.index + step + count) % count;
		const topic = this.#topics[this.index];
		if (topic !== undefined) await this.tree.focus.show(topic, { takeFocus: false });
	}
}
