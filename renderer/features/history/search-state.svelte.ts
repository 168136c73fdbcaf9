/**
 * The global search: a query across every topic and connection, results fetched a page at a time
 * as the list scrolls (each page looks at a bounded number of stored messages, so a rare match
 * takes several pages: they follow while the end of the list is in view), stopped on request.
 */
import type { HistoryItem } from '../../../shared/model/history';
import type { AppError } from '../../../shared/result';
import { api } from '../../lib/api';
import type { RevealRequest } from '../../lib/components/VirtualList.svelte';
import { listboxTarget, needsMore } from './history-rows';
import { EMPTY_SEARCH, toSearchQuery, type SearchForm } from './search-form';

const PAGE_SIZE = 100;
const ROW_PREVIEW_BYTES = 160;

export class SearchState {
	form = $state<{ -readonly [K in keyof SearchForm]: SearchForm[K] }>({ ...EMPTY_SEARCH });
	items = $state.raw<readonly HistoryItem[]>([]);
	error = $state.raw<AppError | null>(null);
	/** A search has been run (the results, even none, are shown). */
	hasRun = $state(false);
	isDone = $state(false);
	/** Stopped by the user before the end. */
	isStopped = $state(false);
	isFetching = $state(false);
	/** Stored messages looked at so far. */
	scanned = $state(0);
	selectedId = $state<number | null>(null);
	readonly compareId = null;
	focusIndex = $state<number | null>(null);
	reveal = $state.raw<RevealRequest | null>(null);
	#searchId: string | null = null;
	#nextBeforeId: number | null = null;
	#range = { offset: 0, limit: 50 };
	/** Bumped per search, so an answer to a replaced search is dropped. */
	#generation = 0;

	get selected(): HistoryItem | null {
		return this.items.find((item) => item.id === this.selectedId) ?? null;
	}

	get isRunning(): boolean {
		return this.hasRun && !this.isDone && !this.isStopped;
	}

	async run(nowMs = Date.now()): Promise<void> {
		const query = toSearchQuery(this.form, nowMs);
		if (!query.ok) {
			this.error = query.error;
			return;
		}
		this.#forget();
		const generation = ++this.#generation;
		this.items = [];
		this.selectedId = null;
		this.focusIndex = null;
		this.scanned = 0;
		this.isDone = false;
		this.isStopped = false;
		this.error = null;
		this.hasRun = true;
		this.isFetching = true;
		const { qos, connectionIds, ...rest } = query.value;
		const started = await api.invoke('history:search', {
			query: {
				...rest,
				...(qos !== undefined ? { qos: [...qos] } : {}),
				...(connectionIds !== undefined ? { connectionIds: [...connectionIds] } : {}),
			},
			limit: PAGE_SIZE,
			previewBytes: ROW_PREVIEW_BYTES,
		});
		if (generation !== this.#generation) return;
		this.isFetching = false;
		if (!started.ok) {
			this.error = started.error;
			this.isDone = true;
			return;
		}
		this.#searchId = started.value.searchId;
		this.#take(started.value.page);
	}

	#take(page: {
		readonly items: readonly HistoryItem[];
		readonly nextBeforeId: number | null;
		readonly scanned: number;
		readonly isDone: boolean;
	}): void {
		this.items = page.items.length === 0 ? this.items : [...this.items, ...page.items];
		this.scanned += page.scanned;
		this.#nextBeforeId = page.nextBeforeId;
		this.isDone = page.isDone || page.nextBeforeId === null;
		if (this.isDone) this.#forget();
		this.#checkRange();
	}

	setRange(offset: number, limit: number): void {
		this.#range = { offset, limit };
		this.#checkRange();
	}

	#checkRange(): void {
		const { offset, limit } = this.#range;
		if (!this.isRunning || this.isFetching) return;
		if (needsMore(offset, limit, this.items.length, true)) void this.#more();
	}

	async #more(): Promise<void> {
		const searchId = this.#searchId;
		const beforeId = this.#nextBeforeId;
		if (searchId === null || beforeId === null) return;
		const generation = this.#generation;
		this.isFetching = true;
		const page = await api.invoke('history:search-more', {
			searchId,
			beforeId,
			limit: PAGE_SIZE,
			previewBytes: ROW_PREVIEW_BYTES,
		});
		if (generation !== this.#generation || this.isStopped) return;
		this.isFetching = false;
		if (!page.ok) {
			this.error = page.error;
			this.isDone = true;
			return;
		}
		this.#take(page.value);
	}

	/** "Stop": no more pages are asked for, and main forgets the search. */
	stop(): void {
		if (!this.isRunning) return;
		this.isStopped = true;
		this.isFetching = false;
		this.#forget();
	}

	/** Main forgets the search: later pages of it are refused. */
	#forget(): void {
		if (this.#searchId !== null)
			void api.invoke('history:search-cancel', { searchId: this.#searchId });
		this.#searchId = null;
	}

	select(id: number): void {
		this.selectedId = id;
		const index = this.items.findIndex((item) => item.id === id);
		if (index >= 0) this.focusIndex = index;
	}

	toggleCompare(id: number): void {
		this.select(id);
	}

	handleKey(event: KeyboardEvent, pageRows: number): void {
		const target = listboxTarget(event.key, this.focusIndex, this.items.length, pageRows);
		if (target === null) return;
		event.preventDefault();
		this.focusIndex = target;
		this.reveal = { index: target, align: 'nearest' };
		this.selectedId = this.items[target]?.id ?? null;
	}

	enter(): void {
		if (this.focusIndex !== null || this.items.length === 0) return;
		const at = this.items.findIndex((item) => item.id === this.selectedId);
		this.focusIndex = Math.max(0, at);
	}

	revealed(): void {
		this.reveal = null;
	}
}
