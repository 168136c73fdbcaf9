/**
 * What every stream's view object does, and the one loop that runs it: a full snapshot first,
 * then at each flush tick whatever changed, and new parameters applied in place.
 *
 * A view sits beside the model it reads (TreeView beside TopicTree, FramesWindowView beside
 * FrameLog…); main/ipc/streams.ts only picks the model and wires the view to the ticker.
 */
import type { ReceiverCounters } from '../ipc/receiver';
import type { FlushTicker } from './flush-ticker';

export interface StreamView<T, P> {
	/** Everything the receiver needs; always the first message. */
	snapshot(): T;
	/** What changed since the last message, or null when nothing the receiver shows did. */
	poll(): T | null;
	/** New parameters (a scrolled window, another filter): the message that brings the receiver there. */
	update?(params: P): T | null;
	/** The stream ended: let go of what the view listens to. */
	dispose?(): void;
}

/**
 * Sends one message of a stream to its receiver. The transport may say the receiver is behind
 * (`isReady`): the stream then sits the tick out and its view coalesces the changes into the next
 * one (`held` counts it).
 */
export interface Emit<T> {
	(data: T): void;
	readonly isReady?: () => boolean;
	readonly held?: () => void;
	/** The receiver's counters, for streams that report them (the status bar). */
	readonly receiver?: ReceiverCounters;
}

/** A running stream: stop it, or move it. */
export interface OpenStream<P> {
	stop(): void;
	update?(params: P): void;
}

/**
 * Emits the view's snapshot, then its changes at the ticker's pace, skipping ticks while the
 * receiver is behind (views compare versions, so a skipped tick's changes are in the next patch).
 */
export function runView<T, P>(
	view: StreamView<T, P>,
	ticker: FlushTicker,
	emit: Emit<T>,
): OpenStream<P> {
	emit(view.snapshot());
	const stopTicking = ticker.add(() => {
		if (emit.isReady?.() === false) {
			emit.held?.();
			return;
		}
		const change = view.poll();
		if (change !== null) emit(change);
	});
	const stop = (): void => {
		stopTicking();
		view.dispose?.();
	};
	const update = view.update?.bind(view);
	return update === undefined
		? { stop }
		: {
				stop,
				update(params) {
					const change = update(params);
					if (change !== null) emit(change);
				},
			};
}
