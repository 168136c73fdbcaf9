/**
 * A stream from main that runs while something on screen reads its data. When its parameters
 * change (a scroll, a filter) the running stream is moved in place: main answers with a patch from
 * what it last sent, not a fresh snapshot.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { StreamHandle } from '../../shared/ipc/client';
import type { ParamsOf, StreamChannel } from '../../shared/ipc/contract';

export class LiveStream<S extends StreamChannel> {
	#handle: StreamHandle<S> | null = null;
	#isActive = false;
	#isPaused = false;
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
		if (!this.#isActive || this.#isPaused) return;
		if (this.#handle === null) this.#start();
		else this.#handle.update(this.params());
	}

	/** Stops receiving (the data on screen stays as it is) until `resume`. */
	pause(): void {
		this.#isPaused = true;
		this.#stop();
	}

	resume(): void {
		this.#isPaused = false;
		if (this.#isActive) this.#start();
	}

	#start(): void {
		this.#stop();
		if (!this.#isPaused) this.#handle = this.open(this.params());
	}

	#stop(): void {
		this.#handle?.close();
		this.#handle = null;
	}
}
