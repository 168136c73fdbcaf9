/**
 * A stream from main that runs while something on screen reads its data, and restarts when its
 * parameters change (main then sends a fresh snapshot for the new parameters).
 */
import { createSubscriber } from 'svelte/reactivity';

export class LiveStream {
	#close: (() => void) | null = null;
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

	/** `open` subscribes with the current parameters and returns the function that closes it. */
	constructor(readonly open: () => () => void) {}

	/** Call where the stream's data is read, so the stream runs while it is on screen. */
	track(): void {
		this.#listen();
	}

	/** The parameters changed: subscribe again if running. */
	restart(): void {
		if (this.#isActive && !this.#isPaused) this.#start();
	}

	/** Stops receiving (the data on screen stays as it is) until `resume`. */
	pause(): void {
		this.#isPaused = true;
		this.#stop();
	}

	resume(): void {
		this.#isPaused = false;
		this.restart();
	}

	#start(): void {
		this.#stop();
		if (!this.#isPaused) this.#close = this.open();
	}

	#stop(): void {
		this.#close?.();
		this.#close = null;
	}
}
