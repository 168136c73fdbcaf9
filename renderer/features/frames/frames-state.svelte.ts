/**
 * The frames of one connection as this window sees them: a live window of the (filtered) list,
 * paused or following the newest, and the selected frame in full.
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

export interface FramesFilter {
	readonly types: readonly FrameType[];
	readonly direction: WireDirection | null;
	readonly topicFilter: string;
}

const NO_FILTER: FramesFilter = { types: [], direction: null, topicFilter: '' };

export class FramesState {
	view = $state.raw<FramesView | null>(null);
	filter = $state.raw<FramesFilter>(NO_FILTER);
	/** Keep the newest frames in view as they arrive. */
	isFollowing = $state(true);
	isPaused = $state(false);
	selectedSeq = $state<number | null>(null);
	/** A row the list should scroll to (its index in the list), set when jumping to a frame. */
	scrollTarget = $state<number | null>(null);
	detail = $state.raw<FrameDetail | null>(null);
	error = $state.raw<AppError | null>(null);
	#activeField = $state.raw<{ readonly detail: FrameDetail; readonly field: Field } | null>(null);
	#offset = 0;
	#limit = 60;
	readonly #stream = new LiveStream<'frames:window'>(
		(params) => this.#open(params),
		() => this.#params(),
	);
	#pendingScrollSeq: number | null = null;

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

	setFilter(filter: Partial<FramesFilter>): void {
		this.filter = { ...this.filter, ...filter };
		this.#stream.move();
	}

	/** The rows on screen changed: fetch that slice (unless following the newest). */
	setRange(offset: number, limit: number): void {
		if (offset === this.#offset && limit === this.#limit) return;
		this.#offset = offset;
		this.#limit = limit;
		if (!this.isFollowing) this.#stream.move();
	}

	setFollowing(isFollowing: boolean): void {
		if (this.isFollowing === isFollowing) return;
		this.isFollowing = isFollowing;
		this.#stream.move();
	}

	/** Pausing freezes the list where it is; resuming brings it up to date. */
	togglePause(): void {
		this.isPaused = !this.isPaused;
		if (this.isPaused) this.#stream.pause();
		else this.#stream.resume();
	}

	async select(seq: number): Promise<void> {
		this.selectedSeq = seq;
		const result = await api.invoke('frames:get', { connectionId: this.connectionId, seq });
		if (this.selectedSeq !== seq) return;
		this.detail = result.ok ? result.value : null;
		this.error = result.ok ? null : result.error;
	}

	/** Selects the newest PUBLISH received on a topic (from the topic tree). */
	async showPublishOf(topic: string): Promise<boolean> {
		const result = await api.invoke('frames:find-publish', {
			connectionId: this.connectionId,
			topic,
		});
		if (!result.ok || result.value.seq === null) {
			this.error = result.ok
				? {
						code: 'not-found',
						message: `No PUBLISH on ${topic} is held in the frame log any more.`,
					}
				: result.error;
			return false;
		}
		const seq = result.value.seq;
		await this.select(seq);
		this.#scrollTo(seq);
		return true;
	}

	/** Scrolls the list to a frame; only the unfiltered list maps sequence numbers to rows. */
	#scrollTo(seq: number): void {
		const view = this.view;
		const first = view?.entries[0];
		const { types, direction, topicFilter } = this.filter;
		if (!view || !first || types.length > 0 || direction !== null || topicFilter.trim() !== '')
			return;
		this.isFollowing = false;
		this.scrollTarget = view.offset + (seq - first.seq);
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
		return {
			connectionId: this.connectionId,
			offset: this.#offset,
			limit: this.#limit,
			follow: this.isFollowing,
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
				if (this.#pendingScrollSeq !== null) this.#scrollTo(this.#pendingScrollSeq);
			},
			(error) => {
				this.error = error;
			},
		);
	}
}
