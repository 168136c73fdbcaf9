/**
 * The paged payload viewer's state: one message's payload shown as text or hex rows, read from
 * main in pages as rows come into view, never held whole (a 100 MB payload keeps a few MB here).
 *
 * Hex rows are 16 bytes each, so any row's bytes are known at once. Text rows need to know where
 * lines start: the first time text is shown the payload is read once from start to end to index
 * them (see text-rows.ts); rows appear as the index grows.
 */
import type { PayloadPage } from '../../shared/model/message';
import type { AppError, Result } from '../../shared/result';
import { hexRow } from './format';
import { fetchPayloadPage, type PayloadSource } from './payload-fetch';
import { TextRowIndex } from './text-rows';

export type ViewerMode = 'text' | 'hex';

/** Bytes per page fetched for rows in view. */
export const PAGE_BYTES = 64 * 1024;
/** Bytes per request while indexing text (the contract's maximum). */
const INDEX_CHUNK_BYTES = 1024 * 1024;
/** Pages kept: about 4 MB. */
const MAX_PAGES = 64;
const MAX_REQUESTS_IN_FLIGHT = 4;

export interface ViewerRow {
	readonly index: number;
	/** Offset (hex) or line number (text); empty for a row that continues a long line. */
	readonly gutter: string;
	/** The row's content, or null while its bytes are being read. */
	readonly text: string | null;
}

/** Where a message's payload comes from: its topic, and the stamp and count that name it. */
export interface PinnedSource extends PayloadSource {
	readonly receivedAtUs: number;
	readonly messageCount: number;
}

export class PayloadViewerState {
	mode = $state<ViewerMode>('text');
	error = $state.raw<AppError | null>(null);
	/** Bytes indexed for text so far (drives the progress shown while indexing). */
	indexedBytes = $state(0);
	/** Bumped whenever pages arrive, so rows in view are read again. */
	#pagesVersion = $state(0);
	// Plain collections on purpose: `#pagesVersion` is the one signal, bumped once per page.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #pages = new Map<number, Uint8Array>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #requested = new Set<number>();
	#queue: number[] = [];
	#inFlight = 0;
	readonly #decoder = new TextDecoder('utf-8');
	#index: TextRowIndex | null = null;

	constructor(
		readonly source: PinnedSource,
		readonly sizeBytes: number,
		initialMode: ViewerMode,
	) {
		this.mode = initialMode;
	}

	/** Rows known now: all hex rows; text rows indexed so far. */
	get rowCount(): number {
		if (this.mode === 'hex') return Math.max(1, Math.ceil(this.sizeBytes / 16));
		void this.indexedBytes;
		return this.#textIndex().rowCount;
	}

	get isIndexing(): boolean {
		return this.mode === 'text' && this.indexedBytes < this.sizeBytes;
	}

	/** The rows from `first`, `count` of them; asks main for the pages they need. */
	rows(first: number, count: number): ViewerRow[] {
		void this.#pagesVersion;
		const end = Math.min(this.rowCount, first + count);
		const rows: ViewerRow[] = [];
		for (let index = Math.max(0, first); index < end; index++) rows.push(this.#row(index));
		return rows;
	}

	#row(index: number): ViewerRow {
		if (this.mode === 'hex') {
			const start = index * 16;
			const bytes = this.#bytes(start, Math.min(start + 16, this.sizeBytes));
			return { index, gutter: '', text: bytes === null ? null : hexRow(bytes, start) };
		}
		const rowIndex = this.#textIndex();
		const { start, end } = rowIndex.rowRange(index, (from, to) => this.#bytes(from, to));
		const bytes = this.#bytes(start, end);
		return {
			index,
			gutter: rowIndex.startsLine(index) ? String(rowIndex.lineOf(index) + 1) : '↪',
			text: bytes === null ? null : this.#decoder.decode(bytes),
		};
	}

	/** Bytes `start`..`end` when every page holding them is here; else null and the pages are asked for. */
	#bytes(start: number, end: number): Uint8Array | null {
		if (end <= start) return new Uint8Array(0);
		const firstPage = Math.floor(start / PAGE_BYTES);
		const lastPage = Math.floor((end - 1) / PAGE_BYTES);
		if (firstPage === lastPage) {
			const page = this.#page(firstPage);
			const base = firstPage * PAGE_BYTES;
			return page === null ? null : page.subarray(start - base, end - base);
		}
		const out = new Uint8Array(end - start);
		let isMissing = false;
		for (let number = firstPage; number <= lastPage; number++) {
			const page = this.#page(number);
			if (page === null) {
				isMissing = true;
				continue;
			}
			const base = number * PAGE_BYTES;
			const from = Math.max(start, base);
			const to = Math.min(end, base + page.length);
			out.set(page.subarray(from - base, to - base), from - start);
		}
		return isMissing ? null : out;
	}

	#page(number: number): Uint8Array | null {
		const page = this.#pages.get(number);
		if (page !== undefined) return page;
		if (!this.#requested.has(number) && this.error === null) {
			this.#requested.add(number);
			this.#queue.push(number);
			queueMicrotask(() => this.#pump());
		}
		return null;
	}

	#pump(): void {
		while (this.#inFlight < MAX_REQUESTS_IN_FLIGHT && this.#queue.length > 0) {
			const number = this.#queue.shift() as number;
			this.#inFlight += 1;
			void fetchPayloadPage(this.source, number * PAGE_BYTES, PAGE_BYTES).then((result) => {
				this.#inFlight -= 1;
				this.#requested.delete(number);
				if (this.#accept(result)) this.#keep(number, result.value.bytes);
				this.#pump();
			});
		}
	}

	#accept(result: Result<PayloadPage>): result is { ok: true; value: PayloadPage } {
		if (result.ok) return true;
		this.error = result.error;
		this.#queue = [];
		return false;
	}

	#keep(number: number, bytes: Uint8Array): void {
		this.#pages.delete(number);
		this.#pages.set(number, bytes);
		// The oldest page goes first; a Map iterates in insertion order.
		while (this.#pages.size > MAX_PAGES) {
			const oldest = this.#pages.keys().next().value as number;
			this.#pages.delete(oldest);
		}
		this.#pagesVersion += 1;
	}

	/** The text row index, started the first time text rows are asked for. */
	#textIndex(): TextRowIndex {
		if (this.#index === null) {
			this.#index = new TextRowIndex(this.sizeBytes);
			void this.#indexAll(this.#index);
		}
		return this.#index;
	}

	async #indexAll(index: TextRowIndex): Promise<void> {
		while (!index.isComplete && this.error === null) {
			const result = await fetchPayloadPage(this.source, index.scannedBytes, INDEX_CHUNK_BYTES);
			if (!this.#accept(result)) return;
			const { bytes, offset } = result.value;
			if (bytes.length === 0) return;
			index.scan(bytes);
			// The pages just read are likely to be looked at next (the top, at first).
			for (let at = 0; at < bytes.length && this.#pages.size < MAX_PAGES; at += PAGE_BYTES) {
				const number = (offset + at) / PAGE_BYTES;
				if (Number.isInteger(number)) this.#keep(number, bytes.slice(at, at + PAGE_BYTES));
			}
			this.indexedBytes = index.scannedBytes;
		}
	}
}
