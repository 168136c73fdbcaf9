/**
 * Incoming PUBLISH frames waiting for MQTT.js to parse them: each gives its message the time its
 * bytes arrived and, on MQTT 5, its User Properties in wire order (see message-properties.ts).
 *
 * MQTT.js parses the stream in order and reports each packet ('packetreceive') after the wire tap
 * has seen its bytes, so the oldest waiting frame is the packet being reported. Each is checked
 * against the packet's length before it is believed; on a mismatch the queue starts over and the
 * message falls back to MQTT.js's own reading.
 *
 * Once per message: a ring of lengths and times in typed arrays, nothing allocated per frame. The
 * frames themselves are kept only on MQTT 5, where User Properties are read from them.
 */
import type { UserProperty } from '../../shared/model/message';
import { decodeFrame } from '../../shared/mqtt/codec/decode';

const PUBLISH_TYPE = 3;
const INITIAL_SLOTS = 1024;

/** What `take` found for the packet just parsed (kept for a QoS 2 message delivered later). */
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
	#lengths = new Float64Array(INITIAL_SLOTS);
	#times = new Float64Array(INITIAL_SLOTS);
	/** MQTT 5 only: the frames, for their User Properties. */
	#frames: (Uint8Array | undefined)[] = [];
	#head = 0;
	#size = 0;
	mismatchCount = 0;
	/** The time of the frame `take` last matched. */
	timeUs = 0;
	/** The User Properties of the frame `take` last matched, when asked for and present. */
	userProperties: readonly UserProperty[] | undefined;

	constructor(readonly isV5: boolean) {}

	/** Every incoming frame passes here; only PUBLISH frames are kept. */
	push(frame: Uint8Array, timeUs: number): void {
		if ((frame[0] ?? 0) >> 4 !== PUBLISH_TYPE) return;
		if (this.#size === this.#lengths.length) this.#grow();
		const slot = (this.#head + this.#size) % this.#lengths.length;
		this.#lengths[slot] = frame.length;
		this.#times[slot] = timeUs;
		if (this.isV5) this.#frames[slot] = frame;
		this.#size += 1;
	}

	/**
	 * Pairs the oldest waiting PUBLISH with a packet MQTT.js just parsed with `remainingLength`:
	 * true and `timeUs` / `userProperties` set, or false when none matches (the queue then starts
	 * over).
	 */
	take(remainingLength: number, hasUserProperties: boolean): boolean {
		this.userProperties = undefined;
		if (this.#size === 0) return false;
		const slot = this.#head;
		const length = this.#lengths[slot] as number;
		const frame = this.isV5 ? this.#frames[slot] : undefined;
		if (this.isV5) this.#frames[slot] = undefined;
		this.timeUs = this.#times[slot] as number;
		this.#head = (slot + 1) % this.#lengths.length;
		this.#size -= 1;
		if (length !== fixedHeaderBytes(remainingLength) + remainingLength) {
			this.mismatchCount += 1;
			this.clear();
			return false;
		}
		if (hasUserProperties && frame !== undefined) {
			const packet = decodeFrame(frame, { protocolLevel: 5 }).packet;
			this.userProperties =
				packet?.type === 'PUBLISH' ? packet.properties?.userProperties : undefined;
		}
		return true;
	}

	/** A new socket: frames of the old one will never be parsed. */
	clear(): void {
		this.#head = 0;
		this.#size = 0;
		this.#frames = [];
	}

	get size(): number {
		return this.#size;
	}

	#grow(): void {
		const slots = this.#lengths.length;
		const lengths = new Float64Array(slots * 2);
		const times = new Float64Array(slots * 2);
		const frames: (Uint8Array | undefined)[] = [];
		for (let i = 0; i < this.#size; i++) {
			const slot = (this.#head + i) % slots;
			lengths[i] = this.#lengths[slot] as number;
			times[i] = this.#times[slot] as number;
			if (this.isV5) frames[i] = this.#frames[slot];
		}
		this.#lengths = lengths;
		this.#times = times;
		this.#frames = frames;
		this.#head = 0;
	}
}
