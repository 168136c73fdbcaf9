/**
 * A stream from main that runs while something on screen reads its data. When its parameters
 * change (a scroll, a filter) the running stream is moved in place: main answers with a patch from
 * what it last sent, not a fresh snapshot. A view that pauses does so through its parameters
 * (the frames list's `untilSeq`): a closed stream would stop loading the rows scrolled into view.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { StreamHandle } from '../../shared/ipc/client';
import type { ParamsOf, StreamChannel } from '../../shared/ipc/contract';

export class LiveStream<S extends StreamChannel> {
	#handle: StreamHandle<S> | null = null;
	#isActive = false;
	readonly #listen = createSubscriber(() => {
		this.#isActive = true;
		this.#start();
		return () => {
			this.#isActive = false;
			this.#stop();
		};
	});

	/**
	 * `open` subscribes with the given parameters; `params` says what they are now.
	 */
	constructor(
		readonly open: (params: ParamsOf<S>) => StreamHandle<S>,
		readonly params: () => ParamsOf<S>,
	) {}

	/** Call where the stream's data is read, so the stream runs while it is on screen. */
	track(): void {
		this.#listen();
	}

	/** The parameters changed: move the running stream to them. */
	move(): void {
		if (!this.#isActive) return;
		if (this.#handle === null) this.#start();
		else this.#handle.update(this.params());
	}

	#start(): void {
		this.#stop();
		this.#handle = this.open(this.params());
	}

	#stop(): void {
		this.#handle?.close();
		this.#handle = null;
	}
}
