/**
 * Splits the bytes of the wire tap into MQTT frames, once, for everything that reads frames (the
 * frame log, the connection's own reading of MQTT 5 user properties in wire order).
 *
 * Hot path (DESIGN §4: tap + split ≤ 1 µs per message): one copy per chunk (Node may reuse it)
 * into a shared slab, one clock read per chunk, frames handed on as views of the copy.
 */
import type { WireDirection } from '../../shared/model/frames';
import { FrameSplitter } from '../../shared/mqtt/codec/splitter';
import { createLogger } from '../log/logger';
import { ByteSlab } from './byte-slab';
import type { WireTap } from './tap';

const log = createLogger('connections');

/** What a reader of frames is told, socket by socket. */
export interface FrameListener {
	/** A new socket (first connect or a reconnect): streams and sessions start over. */
	open(): void;
	/** One whole frame; `bytes` is a private copy the listener may keep. */
	frame(direction: WireDirection, bytes: Uint8Array, timeUs: number): void;
	/** The stream in `direction` cannot be framed any further on this socket (a corrupt length). */
	broken(direction: WireDirection, message: string, timeUs: number): void;
	/** The socket closed. */
	close(): void;
}

export class WireFramer implements WireTap {
	readonly #slab = new ByteSlab();
	#splitters = { in: new FrameSplitter(), out: new FrameSplitter() };
	#isBroken = { in: false, out: false };

	constructor(
		readonly listener: FrameListener,
		readonly clockUs: () => number,
	) {}

	open(): void {
		this.#splitters = { in: new FrameSplitter(), out: new FrameSplitter() };
		this.#isBroken = { in: false, out: false };
		this.listener.open();
	}

	data(direction: WireDirection, chunk: Uint8Array): void {
		if (this.#isBroken[direction]) return;
		// One copy per chunk: frames inside it stay views of the copy, split ones are joined anew.
		const { frames, error } = this.#splitters[direction].push(this.#slab.copy(chunk));
		if (frames.length === 0 && error === undefined) return;
		const timeUs = this.clockUs();
		for (const frame of frames) this.listener.frame(direction, frame, timeUs);
		if (error !== undefined) {
			this.#isBroken[direction] = true;
			log.warn('stream cannot be framed', { direction, streamOffset: error.streamOffset });
			this.listener.broken(direction, error.message, timeUs);
		}
	}

	close(): void {
		this.listener.close();
	}
}
