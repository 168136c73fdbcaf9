/**
 * One topic's history as the history panel lists it: pages fetched by key as the user scrolls
 * (newest first), new messages put in front as history stores them, the selected row (shown in
 * the message view) and the row marked to compare it with, and the listbox's keyboard focus.
 */
import type { HistoryItem } from '../../../shared/model/history';
import type { AppError } from '../../../shared/result';
import { api } from '../../lib/api';
import type { RevealRequest } from '../../lib/components/VirtualList.svelte';
import { appendOlder, listboxTarget, needsMore, prependNewer } from './history-rows';

/** Whose history: a live connection's, or a history connection's (an import, a closed one). */
export type HistoryTarget =
	{ readonly connectionId: string } | { readonly historyConnectionId: number };

const PAGE_SIZE = 200;
/** Bytes of each row's payload fetched for its preview column (the message view reads more). */
const ROW_PREVIEW_BYTES = 160;
/** Pages fetched at most while looking for a message to show (a search result's row). */
const MAX_PIN_PAGES = 50;

export class HistoryListState {
	items = $state.raw<readonly HistoryItem[]>([]);
	error = $state.raw<AppError | null>(null);
	isLoading = $state(false);
	/** Null once the oldest message is held; undefined before the first page. */
	#nextBeforeId = $state<number | null | undefined>(undefined);
	selectedId = $state<number | null>(null);
	/** The row marked to compare the selected one with (null: its previous message). */
	compareId = $state<number | null>(null);
	/** Row index with the keyboard focus. */
	focusIndex = $state<number | null>(null);
	reveal = $state.raw<RevealRequest | null>(null);
	#range = { offset: 0, limit: 50 };
	#isRefreshing = false;
	#isRefreshWanted = false;
	#loading: Promise<void> | null = null;

	constructor(
		readonly target: HistoryTarget,
		readonly topic: string,
	) {}

	get hasMore(): boolean {
		return this.#nextBeforeId !== null;
	}

	get isStarted(): boolean {
		return this.#nextBeforeId !== undefined;
	}

	get selected(): HistoryItem | null {
		return this.items.find((item) => item.id === this.selectedId) ?? null;
	}

	#request(beforeId: number | undefined, limit: number) {
		return api.invoke('history:page', {
			...this.target,
			topic: this.topic,
			limit,
			previewBytes: ROW_PREVIEW_BYTES,
			...(beforeId !== undefined ? { beforeId } : {}),
		});
	}

	/**
	 * The next page, older than what is held (the first page the first time). A call while a page
	 * is on its way waits for that one (pin() must not take "loading" for "nothing more").
	 */
	loadMore(): Promise<void> {
		if (this.#nextBeforeId === null) return Promise.resolve();
		this.#loading ??= this.#loadPage().finally(() => (this.#loading = null));
		return this.#loading;
	}

	async #loadPage(): Promise<void> {
		this.isLoading = true;
		const page = await this.#request(this.#nextBeforeId ?? undefined, PAGE_SIZE);
		this.isLoading = false;
		if (!page.ok) {
			this.error = page.error;
			return;
		}
		this.error = null;
		this.items = appendOlder(this.items, page.value.items);
		this.#nextBeforeId = page.value.nextBeforeId;
		this.#checkRange();
	}

	/** The rows in view changed: fetch the next page when they come near the end. */
	setRange(offset: number, limit: number): void {
		this.#range = { offset, limit };
		this.#checkRange();
	}

	#checkRange(): void {
		const { offset, limit } = this.#range;
		if (needsMore(offset, limit, this.items.length, this.hasMore)) void this.loadMore();
	}

	/**
	 * History stored more messages: put this topic's new ones in front. One request at a time; a
	 * call meanwhile runs once more after it (so a burst costs two requests, not one per call).
	 */
	async refreshHead(): Promise<void> {
		if (!this.isStarted) return;
		if (this.#isRefreshing) {
			this.#isRefreshWanted = true;
			return;
		}
		this.#isRefreshing = true;
		const page = await this.#request(undefined, PAGE_SIZE);
		this.#isRefreshing = false;
		if (page.ok) {
			const before = this.items;
			const added = page.value.items.filter((item) => item.id > (before[0]?.id ?? 0)).length;
			this.items = prependNewer(before, page.value.items);
			// Keep the focused row on the same message as rows arrive above it.
			if (this.focusIndex !== null && added > 0) this.focusIndex += added;
			// A head that skipped messages (more new ones than a page) would leave a hole: reload.
			if (added === PAGE_SIZE && before.length > 0) this.#reload(page.value);
			else if (this.#nextBeforeId === undefined) this.#nextBeforeId = page.value.nextBeforeId;
		}
		if (this.#isRefreshWanted) {
			this.#isRefreshWanted = false;
			void this.refreshHead();
		}
	}

	#reload(first: { items: readonly HistoryItem[]; nextBeforeId: number | null }): void {
		this.items = first.items;
		this.#nextBeforeId = first.nextBeforeId;
		this.focusIndex = null;
	}

	/** A click: this row is shown, and no other is marked. */
	select(id: number): void {
		this.selectedId = id;
		this.compareId = null;
		const index = this.items.findIndex((item) => item.id === id);
		if (index >= 0) this.focusIndex = index;
	}

	/** Ctrl/Cmd+click or Space: mark this row to compare the shown one with (again: unmark). */
	toggleCompare(id: number): void {
		if (this.selectedId === null) {
			this.select(id);
			return;
		}
		if (id === this.selectedId) return;
		this.compareId = this.compareId === id ? null : id;
	}

	/**
	 * The listbox pattern: arrows, Home/End, Page Up/Down move and select; with Ctrl (or Cmd)
	 * they move the focus only, and Space marks the focused row to compare with the selected one.
	 */
	handleKey(event: KeyboardEvent, pageRows: number): void {
		if (event.key === ' ') {
			const focused = this.focusIndex === null ? undefined : this.items[this.focusIndex];
			if (focused !== undefined) this.toggleCompare(focused.id);
			event.preventDefault();
			return;
		}
		const target = listboxTarget(event.key, this.focusIndex, this.items.length, pageRows);
		if (target === null) return;
		event.preventDefault();
		this.focusIndex = target;
		this.reveal = { index: target, align: 'nearest' };
		const item = this.items[target];
		if (item !== undefined && !event.ctrlKey && !event.metaKey) {
			this.selectedId = item.id;
			this.compareId = null;
		}
	}

	/** The list carried out the `reveal` request. */
	revealed(): void {
		this.reveal = null;
	}

	/** The list took the focus: name the selected row, else the first. */
	enter(): void {
		if (this.focusIndex !== null || this.items.length === 0) return;
		const at = this.items.findIndex((item) => item.id === this.selectedId);
		this.focusIndex = Math.max(0, at);
	}

	/**
	 * Shows a message found elsewhere (a search result): loads pages until it is held (bounded),
	 * selects it and brings it into view. Answers whether it was found.
	 */
	async pin(id: number): Promise<boolean> {
		if (!this.isStarted) await this.loadMore();
		for (let pages = 0; pages < MAX_PIN_PAGES; pages++) {
			const index = this.items.findIndex((item) => item.id === id);
			if (index >= 0) {
				this.select(id);
				this.reveal = { index, align: 'center' };
				return true;
			}
			if (!this.hasMore || (this.items.at(-1)?.id ?? 0) < id) return false;
			await this.loadMore();
		}
		return false;
	}
}

/** One list per topic: the same object while the topic stays the same (like MessageStates). */
export class HistoryLists {
	#current: HistoryListState | null = null;

	constructor(readonly target: HistoryTarget) {}

	of(topic: string): HistoryListState {
		if (this.#current?.topic !== topic) this.#current = new HistoryListState(this.target, topic);
		return this.#current;
	}

	/** The list of the topic shown, if any. */
	get current(): HistoryListState | null {
		return this.#current;
	}
}
