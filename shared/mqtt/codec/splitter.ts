/**
 * Incremental framing: bytes in any chunking in, whole frames out.
 *
 * Frames that sit inside one chunk are emitted as views over it (no copy); a frame spread over
 * chunks is gathered once its length is known and copied exactly once. A remaining length longer
 * than four bytes cannot be framed past, so the splitter reports it and stops: the stream is lost.
 */
import type { FrameError, ProtocolLevel } from './types';

export interface SplitResult {
	readonly frames: Uint8Array[];
	/** Set once the stream can no longer be framed; later pushes return it again. */
	readonly error?: FrameError & { readonly streamOffset: number };
}

const MAX_HEADER = 5;

type HeaderScan =
	| { readonly kind: 'complete'; readonly frameLength: number }
	| { readonly kind: 'incomplete' }
	| { readonly kind: 'malformed'; readonly at: number };

function scanHeader(bytes: Uint8Array, offset: number): HeaderScan {
	let value = 0;
	let multiplier = 1;
	for (let i = 1; i <= 4; i++) {
		const index = offset + i;
		if (index >= bytes.length) return { kind: 'incomplete' };
		const byte = bytes[index] ?? 0;
		value += (byte & 0x7f) * multiplier;
		if ((byte & 0x80) === 0) return { kind: 'complete', frameLength: 1 + i + value };
		multiplier *= 128;
	}
	return { kind: 'malformed', at: offset + 4 };
}

export class FrameSplitter {
	readonly #level: ProtocolLevel;
	#pending: Uint8Array[] = [];
	#pendingLength = 0;
	/** Length of the frame being gathered, once its header is complete. */
	#frameLength: number | undefined;
	/** Stream offset of the first pending byte. */
	#consumed = 0;
	#error: SplitResult['error'];

	constructor(options: { readonly protocolLevel?: ProtocolLevel } = {}) {
		this.#level = options.protocolLevel ?? 4;
	}

	/** Bytes held back waiting for the rest of a frame. */
	get bufferedBytes(): number {
		return this.#pendingLength;
	}

	/** Total length of the frame being gathered, when its header has arrived. */
	get expectedFrameLength(): number | undefined {
		return this.#frameLength;
	}

	push(chunk: Uint8Array): SplitResult {
		if (this.#error !== undefined) return { frames: [], error: this.#error };
		const frames: Uint8Array[] = [];
		if (chunk.length === 0) return { frames };
		if (this.#pendingLength === 0) {
			this.#scan(chunk, frames);
		} else if (this.#frameLength === undefined) {
			// The header is split: at most four bytes wait, so joining them is cheap.
			const joined = concat([...this.#pending, chunk], this.#pendingLength + chunk.length);
			this.#clearPending();
			this.#scan(joined, frames);
		} else {
			const missing = this.#frameLength - this.#pendingLength;
			if (chunk.length < missing) {
				this.#keep(chunk);
			} else {
				this.#pending.push(chunk.subarray(0, missing));
				frames.push(concat(this.#pending, this.#frameLength));
				this.#consumed += this.#frameLength;
				this.#clearPending();
				this.#scan(chunk.subarray(missing), frames);
			}
		}
		return this.#error === undefined ? { frames } : { frames, error: this.#error };
	}

	#clearPending(): void {
		this.#pending = [];
		this.#pendingLength = 0;
		this.#frameLength = undefined;
	}

	#keep(bytes: Uint8Array): void {
		// Copy: the caller may reuse its chunk buffer after push returns.
		this.#pending.push(bytes.slice());
		this.#pendingLength += bytes.length;
	}

	#scan(bytes: Uint8Array, frames: Uint8Array[]): void {
		let offset = 0;
		while (offset < bytes.length) {
			const header = scanHeader(bytes, offset);
			if (header.kind === 'incomplete') {
				this.#keep(bytes.subarray(offset));
				return;
			}
			if (header.kind === 'malformed') {
				const streamOffset = this.#consumed + (header.at - offset);
				this.#error = {
					offset: header.at - offset,
					streamOffset,
					rule: this.#level === 5 ? '[MQTT-1.5.5]' : '[MQTT-2.2.3]',
					message: `The remaining length at stream byte ${streamOffset - 3} continues past four bytes; the stream cannot be framed any further.`,
				};
				return;
			}
			const end = offset + header.frameLength;
			if (end > bytes.length) {
				this.#keep(bytes.subarray(offset));
				this.#frameLength = header.frameLength;
				return;
			}
			frames.push(bytes.subarray(offset, end));
			this.#consumed += header.frameLength;
			offset = end;
		}
	}
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
	const out = new Uint8Array(length);
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/** The most bytes a fixed header can take. */
export const MAX_FIXED_HEADER_BYTES = MAX_HEADER;
