/**
 * What every stream's view object does, and the one loop that runs it: a full snapshot first,
 * then at each flush tick whatever changed, and new parameters applied in place.
 *
 * A view sits beside the model it reads (TreeView beside TopicTree, FramesWindowView beside
 * FrameLog…); main/ipc/streams.ts only picks the model and wires the view to the ticker.
 */
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

/** A running stream: stop it, or move it. */
export interface OpenStream<P> {
	stop(): void;
	update?(params: P): void;
}

/** Emits the view's snapshot, then its changes at the ticker's pace. */
export function runView<T, P>(
	view: StreamView<T, P>,
	ticker: FlushTicker,
	emit: (data: T) => void,
): OpenStream<P> {
	emit(view.snapshot());
	const stopTicking = ticker.add(() => {
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
