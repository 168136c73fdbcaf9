/**
 * The frames of one connection as this window sees them: a live window of the (filtered) list,
 * following the newest, held where the user scrolled, or paused; the focused and selected frame
 * in full.
 *
 * Paused means the list stops moving, not that it stops loading: the stream keeps running with
 * the list anchored where it was (`untilSeq`), so rows scrolled into view are fetched, and main
 * says how many frames arrived since and which of the paused rows the ring has evicted.
 */
import type { AppError } from '../../../shared/result';
import type {
	FrameDetail,
	FrameType,
	FramesView,
	WireDirection,
} from '../../../shared/model/frames';
import type { Field } from '../../../shared/mqtt/codec/types';
import type { StreamHandle } from '../../../shared/ipc/client';
import type { ParamsOf } from '../../../shared/ipc/contract';
import { api } from '../../lib/api';
import { innermostField, type ByteRange } from '../../lib/field-path';
import { LiveStream } from '../../lib/live-stream.svelte';
import { publishNotShown } from './frame-format';
import { FramesFocus } from './frames-focus.svelte';

export interface FramesFilter {
	readonly types: readonly FrameType[];
	readonly direction: WireDirection | null;
	readonly topicFilter: string;
}

/** Where a paused list is anchored: the frames before `untilSeq`, `rowCount` rows. */
interface PauseAnchor {
	readonly untilSeq: number;
	rowCount: number | undefined;
}

const NO_FILTER: FramesFilter = { types: [], direction: null, topicFilter: '' };

export class FramesState {
	view = $state.raw<FramesView | null>(null);
	filter = $state.raw<FramesFilter>(NO_FILTER);
	/** Keep the newest frames in view as they arrive (resumed with the list when paused). */
	isFollowing = $state(true);
	isPaused = $state(false);
	selectedSeq = $state<number | null>(null);
	detail = $state.raw<FrameDetail | null>(null);
	/** The stream or a request failed. */
	error = $state.raw<AppError | null>(null);
	/** Why "Show frame" could not show the frame (it left the ring…); kept until the next jump. */
	notice = $state<string | null>(null);
	readonly focus = new FramesFocus({
		select: (seq) => void this.select(seq),
		stopFollowing: () => this.setFollowing(false),
	});
	#activeField = $state.raw<{ readonly detail: FrameDetail; readonly field: Field } | null>(null);
	#offset = 0;
	#limit = 60;
	#pause: PauseAnchor | null = null;
	/** A frame found by "Show frame" to bring into view once its window arrives. */
	#pendingShowSeq: number | null = null;
	readonly #stream = new LiveStream<'frames:window'>(
		(params) => this.#open(params),
		() => this.#params(),
	);

	constructor(readonly connectionId: string) {}

	get current(): FramesView | null {
		this.#stream.track();
		return this.view;
	}

	get activeField(): Field | null {
		const active = this.#activeField;
		return active !== null && active.detail === this.detail ? active.field : null;
	}

	get highlight(): ByteRange | null {
		const field = this.activeField;
		return field === null ? null : { start: field.start, end: field.end };
	}

	get hasFilter(): boolean {
		const { types, direction, topicFilter } = this.filter;
		return types.length > 0 || direction !== null || topicFilter.trim() !== '';
	}

	setFilter(filter: Partial<FramesFilter>): void {
		this.filter = { ...this.filter, ...filter };
		// Another filter, other rows: a paused list keeps its anchor, main counts its new rows.
		if (this.#pause) this.#pause.rowCount = undefined;
		this.focus.reset();
		this.#stream.move();
	}

	/** The rows on screen changed: fetch that slice (unless following the newest). */
	setRange(offset: number, limit: number): void {
		if (offset === this.#offset && limit === this.#limit) return;
		this.#offset = offset;
		this.#limit = limit;
		if (!this.isFollowing || this.isPaused) this.#stream.move();
	}

	setFollowing(isFollowing: boolean): void {
		if (this.isFollowing === isFollowing) return;
		this.isFollowing = isFollowing;
		if (!this.isPaused) this.#stream.move();
	}

	/** "Jump to newest": the live list, following (a paused list is resumed). */
	jumpToNewest(): void {
		this.#pause = null;
		this.isPaused = false;
		this.isFollowing = true;
		this.#stream.move();
	}

	/**
	 * Pausing freezes the list at the newest frame it has (new frames neither shift nor grow it;
	 * scrolling still loads rows); resuming brings it up to date.
	 */
	togglePause(): void {
		const view = this.view;
		if (this.isPaused) {
			this.#pause = null;
			this.isPaused = false;
		} else if (view !== null) {
			// One view's figures belong together: its row count is the rows before its nextSeq. A
			// paused view still on screen (resumed a moment ago) pauses at its own anchor again.
			this.#pause =
				view.frozen === null
					? { untilSeq: view.nextSeq, rowCount: view.totalMatching }
					: { untilSeq: view.frozen.untilSeq, rowCount: view.frozen.rowCount };
			this.isPaused = true;
		}
		this.#stream.move();
	}

	async select(seq: number): Promise<void> {
		this.selectedSeq = seq;
		this.notice = null;
		const result = await api.invoke('frames:get', { connectionId: this.connectionId, seq });
		if (this.selectedSeq !== seq) return;
		this.detail = result.ok ? result.value : null;
		this.error = result.ok ? null : result.error;
	}

	/**
	 * "Show frame" on a message: the PUBLISH that carried it (its topic and its stamp), selected
	 * and brought into view; or, when the ring no longer holds it, a sentence saying so (never
	 * another PUBLISH on the topic).
	 */
	async showPublishOf(topic: string, receivedAtUs: number): Promise<boolean> {
		this.notice = null;
		const result = await api.invoke('frames:find-publish', {
			connectionId: this.connectionId,
			topic,
			receivedAtUs,
		});
		if (!result.ok) {
			this.error = result.error;
			return false;
		}
		const found = result.value;
		if (found.kind !== 'found') {
			this.selectedSeq = null;
			this.detail = null;
			this.notice = publishNotShown(found, topic, receivedAtUs);
			return false;
		}
		const seq = found.seq;
		// A frame newer than the paused list is only in the live one.
		if (this.#pause !== null && seq >= this.#pause.untilSeq) this.jumpToNewest();
		await this.select(seq);
		this.#pendingShowSeq = seq;
		this.#showPending();
		return true;
	}

	/** Scrolls the list to the frame "Show frame" found; only the unfiltered list maps it to a row. */
	#showPending(): void {
		const seq = this.#pendingShowSeq;
		const view = this.view;
		const first = view?.entries[0];
		if (seq === null || !view || !first) return;
		this.#pendingShowSeq = null;
		if (this.hasFilter) return;
		const index = view.offset + view.goneRows + (seq - first.seq);
		if (index < 0 || index >= view.totalMatching) return;
		this.setFollowing(false);
		this.focus.showRow(index, seq);
	}

	focusField(field: Field | null): void {
		this.#activeField =
			field === null || this.detail === null ? null : { detail: this.detail, field };
	}

	focusByte(offset: number | null): void {
		const decoded = this.detail?.decoded;
		this.focusField(offset === null || !decoded ? null : innermostField(decoded.fields, offset));
	}

	async exportPcapng(): Promise<void> {
		const result = await api.invoke('frames:export-pcapng', { connectionId: this.connectionId });
		if (!result.ok) {
			this.error = result.error;
			return;
		}
		// A download: Electron asks where to save it, a browser saves it as usual.
		const { bytes, fileName } = result.value;
		const url = URL.createObjectURL(
			new Blob([bytes.slice()], { type: 'application/vnd.tcpdump.pcap' }),
		);
		const link = document.createElement('a');
		link.href = url;
		link.download = fileName;
		link.click();
		URL.revokeObjectURL(url);
	}

	#params(): ParamsOf<'frames:window'> {
		const { types, direction, topicFilter } = this.filter;
		const pause = this.#pause;
		return {
			connectionId: this.connectionId,
			offset: this.#offset,
			limit: this.#limit,
			follow: this.isFollowing && pause === null,
			...(pause === null
				? {}
				: {
						untilSeq: pause.untilSeq,
						...(pause.rowCount === undefined ? {} : { frozenRows: pause.rowCount }),
					}),
			filter: {
				...(types.length > 0 ? { types: [...types] } : {}),
				...(direction ? { direction } : {}),
				...(topicFilter.trim() ? { topicFilter: topicFilter.trim() } : {}),
			},
		};
	}

	#open(params: ParamsOf<'frames:window'>): StreamHandle<'frames:window'> {
		return api.open(
			'frames:window',
			params,
			(view) => {
				this.view = view;
				this.error = null;
				// Keep the paused list's size as main counted it, for a stream opened again later.
				if (this.#pause !== null && view.frozen !== null) {
					this.#pause.rowCount = view.frozen.rowCount;
				}
				this.focus.onView(view);
				this.#showPending();
			},
			(error) => {
				this.error = error;
			},
		);
	}
}
