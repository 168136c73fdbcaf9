/**
 * Keyboard focus in the frames list: the WAI-ARIA listbox pattern over a virtualised list, with
 * the selection following the focus (the focused frame is the one inspected).
 *
 * Focus is a row index, so it can move to rows main has not sent yet: moving past the window
 * scrolls the list, main sends that window, and the frame is selected when its row arrives. Once
 * known, the focused frame is followed by its sequence number as rows shift (the ring evicting
 * under a live list).
 */
import type { FrameSummary, FramesView } from '../../../shared/model/frames';
import type { RevealRequest } from '../../lib/components/VirtualList.svelte';

/** What focus needs from the frames' state (FramesState). */
export interface FocusableFrames {
	/** Inspect this frame. */
	select(seq: number): void;
	/** A key moved the focus away from the newest row: stop following it. */
	stopFollowing(): void;
}

/** The frame shown at row `index` of the window, if the window holds it (not gone). */
export function frameAt(view: FramesView, index: number): FrameSummary | undefined {
	return view.entries[index - view.offset - view.goneRows];
}

export class FramesFocus {
	/** Row index of the focused row; null until the list is first focused. */
	index = $state<number | null>(null);
	/** A row the list should bring into view; cleared once the list has done it. */
	reveal = $state.raw<RevealRequest | null>(null);
	/** The focused frame once known; null while its row has not arrived from main. */
	#seq: number | null = null;
	/** A key moved focus to a row not yet received: select it when it arrives. */
	#isSelectPending = false;
	#view: FramesView | null = null;

	constructor(readonly frames: FocusableFrames) {}

	/** A new window: follow the focused frame as rows shift, finish a move that waited. */
	onView(view: FramesView): void {
		this.#view = view;
		if (this.index === null) return;
		if (this.#seq !== null) {
			const at = view.entries.findIndex((entry) => entry.seq === this.#seq);
			const index = view.offset + view.goneRows + at;
			if (at >= 0 && index !== this.index) this.index = index;
			return;
		}
		const isInWindow =
			this.index >= view.offset && this.index < view.offset + view.goneRows + view.entries.length;
		if (!isInWindow) return;
		const frame = frameAt(view, this.index);
		// A gone row (evicted while paused) has nothing to inspect.
		this.#seq = frame?.seq ?? null;
		if (frame !== undefined && this.#isSelectPending) this.frames.select(frame.seq);
		this.#isSelectPending = false;
	}

	/**
	 * The list took the keyboard focus: without a focused row yet, the selected frame's row when
	 * it is in the window, else `fallback` (the row at the top of the view, or the newest).
	 */
	enter(selectedSeq: number | null, fallback: number): void {
		const view = this.#view;
		if (this.index !== null || view === null || view.totalMatching === 0) return;
		const at = view.entries.findIndex((entry) => entry.seq === selectedSeq);
		this.index = at >= 0 ? view.offset + view.goneRows + at : clamp(fallback, view);
		this.#seq = frameAt(view, this.index)?.seq ?? null;
	}

	/** A click on a row: it gets the focus and is inspected. */
	focusRow(index: number, seq: number): void {
		this.index = index;
		this.#seq = seq;
		this.#isSelectPending = false;
		this.frames.select(seq);
	}

	/** "Show frame": focus the row of a frame found elsewhere and bring it to the middle. */
	showRow(index: number, seq: number): void {
		this.index = index;
		this.#seq = seq;
		this.#isSelectPending = false;
		this.reveal = { index, align: 'center' };
	}

	/** The listbox's keys; `pageRows` is how many rows fit in view. Leaves other keys alone. */
	handleKey(event: KeyboardEvent, pageRows: number): void {
		if (event.altKey || event.ctrlKey || event.metaKey || this.#view === null) return;
		const at = this.index;
		const key = event.key;
		if (key === 'Enter' || key === ' ') {
			if (at !== null) this.#moveTo(at);
		} else if (at === null) {
			// The first key only shows where the focus is.
			if (!['ArrowDown', 'ArrowUp', 'Home', 'End', 'PageDown', 'PageUp'].includes(key)) return;
			this.enter(null, this.#view.offset + this.#view.goneRows);
		} else if (key === 'ArrowDown') this.#moveTo(at + 1);
		else if (key === 'ArrowUp') this.#moveTo(at - 1);
		else if (key === 'Home') this.#moveTo(0);
		else if (key === 'End') this.#moveTo(this.#view.totalMatching - 1);
		else if (key === 'PageDown') this.#moveTo(at + pageRows);
		else if (key === 'PageUp') this.#moveTo(at - pageRows);
		else return;
		event.preventDefault();
		if (key !== 'End') this.frames.stopFollowing();
	}

	/** The list's rows changed meaning (another filter): nothing is focused. */
	reset(): void {
		this.index = null;
		this.#seq = null;
		this.#isSelectPending = false;
		this.reveal = null;
	}

	/** The list has brought `request` into view. */
	revealed(request: RevealRequest): void {
		if (this.reveal === request) this.reveal = null;
	}

	#moveTo(index: number): void {
		const view = this.#view;
		if (view === null || view.totalMatching === 0) return;
		const target = clamp(index, view);
		const frame = frameAt(view, target);
		this.index = target;
		this.#seq = frame?.seq ?? null;
		const isGone = target >= view.offset && target < view.offset + view.goneRows;
		this.#isSelectPending = frame === undefined && !isGone;
		if (frame !== undefined) this.frames.select(frame.seq);
		this.reveal = { index: target, align: 'nearest' };
	}
}

function clamp(index: number, view: FramesView): number {
	return Math.max(0, Math.min(view.totalMatching - 1, index));
}
