/**
 * One renderer's end of its streams: how far behind it is, and what main held back or shed for
 * it (DESIGN §2: every queue bounded; a slow consumer makes main coalesce or count what it sheds).
 *
 * A renderer acknowledges each stream message once it has taken it in (after the frame that shows
 * it). A stream whose receiver has `maxInFlight` messages unacknowledged is not polled at the
 * next flush tick: its view keeps comparing versions, so the changes of the ticks it sat out go
 * in its next patch, latest values only. A slow renderer thus gets fewer, fuller patches, and
 * nothing queues without bound. A receiver that never acknowledges (an older client) is held
 * back only by its socket's own buffer.
 */

/** What a receiver's streams cost and saved, for the status bar and the benchmark. */
export interface ReceiverCounters {
	/** Flush ticks a stream sat out because its receiver was behind: their changes were coalesced. */
	coalescedTicks: number;
	/** Stream messages dropped because the transport's buffer was full (the stream then restarts). */
	shedMessages: number;
	sentMessages: number;
	sentBytes: number;
}

/** Unacknowledged messages a stream may have before it sits ticks out. */
export const MAX_IN_FLIGHT = 2;

export class Receiver {
	readonly counters: ReceiverCounters = {
		coalescedTicks: 0,
		shedMessages: 0,
		sentMessages: 0,
		sentBytes: 0,
	};
	/** Per stream id: the last sequence number sent and acknowledged. */
	readonly #streams = new Map<number, { sent: number; acked: number }>();
	#acknowledges = false;

	constructor(readonly maxInFlight = MAX_IN_FLIGHT) {}

	/** A stream (re)opened under `id`: its sequence starts over at 0. */
	opened(id: number): void {
		this.#streams.set(id, { sent: -1, acked: -1 });
	}

	closed(id: number): void {
		this.#streams.delete(id);
	}

	sent(id: number, seq: number, bytes: number): void {
		const stream = this.#streams.get(id);
		if (stream !== undefined) stream.sent = seq;
		this.counters.sentMessages += 1;
		this.counters.sentBytes += bytes;
	}

	/** The renderer took in stream `id` up to `seq`. */
	acked(id: number, seq: number): void {
		this.#acknowledges = true;
		const stream = this.#streams.get(id);
		if (stream !== undefined && seq > stream.acked && seq <= stream.sent) stream.acked = seq;
	}

	/** Whether stream `id` may be sent its next patch now. */
	isReady(id: number): boolean {
		if (!this.#acknowledges) return true;
		const stream = this.#streams.get(id);
		return stream === undefined || stream.sent - stream.acked < this.maxInFlight;
	}

	held(): void {
		this.counters.coalescedTicks += 1;
	}

	shed(): void {
		this.counters.shedMessages += 1;
	}
}
