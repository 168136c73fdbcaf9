/**
 * Incoming PUBLISH frames waiting for MQTT.js to parse them: each gives its message the time its
 * bytes arrived and, on MQTT 5, its User Properties in wire order (see message-properties.ts).
 *
 * MQTT.js parses the stream in order and reports each packet ('packetreceive') after the wire tap
 * has seen its bytes, so the oldest waiting frame is the packet being reported. Each is checked
 * against the packet's length before it is believed; on a mismatch the queue starts over and the
 * message falls back to MQTT.js's own reading.
 */
import type { UserProperty } from '../../shared/model/message';
import { decodeFrame } from '../../shared/mqtt/codec/decode';

const PUBLISH_TYPE = 3;
/** Past this many consumed entries the array is compacted (amortised O(1) per frame). */
const COMPACT_AFTER = 1_024;

export interface InboundPublish {
	readonly timeUs: number;
	/** Wire-order User Properties, read only when the packet has some. */
	readonly userProperties: readonly UserProperty[] | undefined;
}

/** Bytes the fixed header takes for a remaining length (1 type byte + 1 to 4 length bytes). */
function fixedHeaderBytes(remainingLength: number): number {
	if (remainingLength < 128) return 2;
	if (remainingLength < 16_384) return 3;
	if (remainingLength < 2_097_152) return 4;
	return 5;
}

export class InboundPublishes {
	#frames: Uint8Array[] = [];
	#times: number[] = [];
	#head = 0;
	mismatchCount = 0;

	constructor(readonly isV5: boolean) {}

	/** Every incoming frame passes here; only PUBLISH frames are kept. */
	push(frame: Uint8Array, timeUs: number): void {
		if ((frame[0] ?? 0) >> 4 !== PUBLISH_TYPE) return;
		this.#frames.push(frame);
		this.#times.push(timeUs);
	}

	/**
	 * The oldest waiting PUBLISH, for a packet MQTT.js just parsed with `remainingLength`, or
	 * undefined when none matches (the queue then starts over).
	 */
	take(remainingLength: number, hasUserProperties: boolean): InboundPublish | undefined {
		if (this.#head >= this.#frames.length) return undefined;
		const frame = this.#frames[this.#head] as Uint8Array;
		const timeUs = this.#times[this.#head] as number;
		this.#head += 1;
		if (this.#head >= COMPACT_AFTER) this.#compact();
		if (frame.length !== fixedHeaderBytes(remainingLength) + remainingLength) {
			this.mismatchCount += 1;
			this.clear();
			return undefined;
		}
		if (!hasUserProperties || !this.isV5) return { timeUs, userProperties: undefined };
		const decoded = decodeFrame(frame, { protocolLevel: 5 });
		const packet = decoded.packet;
		const userProperties =
			packet?.type === 'PUBLISH' ? packet.properties?.userProperties : undefined;
		return { timeUs, userProperties };
	}

	/** A new socket: frames of the old one will never be parsed. */
	clear(): void {
		this.#frames = [];
		this.#times = [];
		this.#head = 0;
	}

	get size(): number {
		return this.#frames.length - this.#head;
	}

	#compact(): void {
		this.#frames = this.#frames.slice(this.#head);
		this.#times = this.#times.slice(this.#head);
		this.#head = 0;
	}
}
