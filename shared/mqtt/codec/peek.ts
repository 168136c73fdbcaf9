/**
 * A tiny header peek: the few facts the frames list and flow pairing need, read straight from the
 * bytes without building a decoded frame. It runs once per frame on the ingest path, so it reads
 * only fixed offsets (plus the filter list of the rare SUBSCRIBE and the codes of SUBACK) and
 * never throws: a short frame gives what it could read and `isTruncated`.
 *
 * It sits beside the decoder because it must say what the decoder says: every field it reports
 * equals the decoder's reading of the same bytes at the same level (peek-agreement.test.ts checks
 * it on the byte fixtures, random mqtt-packet frames and the bounded fuzz input).
 */
import type { ProtocolLevel } from './types';
import { decodeUtf8 } from './utf8';

/** The facts a flow or a list row needs, read from a frame without decoding it. */
export interface HeaderPeek {
	readonly typeCode: number;
	/** The low four bits of the first byte. */
	readonly headerFlags: number;
	/** Fixed header length: 1 + the remaining length bytes. */
	readonly headerBytes: number;
	readonly remainingLength: number;
	readonly packetId?: number;
	/** PUBLISH: from the flags; may be 3 on a malformed frame. */
	readonly qos?: number;
	readonly isDup?: boolean;
	readonly isRetain?: boolean;
	readonly topic?: string;
	/** PUBLISH: bytes of application payload. */
	readonly payloadBytes?: number;
	/**
	 * MQTT 5 PUBLISH: the first Topic Alias property (3.3.2.3.4), read only when the property block
	 * is not empty; with an empty `topic` the connection's alias map says what the topic is.
	 */
	readonly topicAlias?: number;
	/** CONNACK, MQTT 5 acks, DISCONNECT, AUTH. */
	readonly reasonCode?: number;
	/** SUBACK, and UNSUBACK on MQTT 5. */
	readonly reasonCodes?: readonly number[];
	/** SUBSCRIBE: the maximum QoS asked for, per filter. */
	readonly requestedQos?: readonly number[];
	/** UNSUBSCRIBE and SUBSCRIBE: how many filters. */
	readonly filterCount?: number;
	/** CONNECT: the protocol level it asks for. */
	readonly connectLevel?: ProtocolLevel;
	/** Set when the frame ends before a field the peek wanted. */
	readonly isTruncated?: boolean;
}

/** ASCII topics up to this length go through the cache below. */
const SHORT_TOPIC_BYTES = 128;
/** Slots of the topic cache; a power of two. */
const TOPIC_CACHE_SLOTS = 4096;
/**
 * A direct-mapped cache of recent ASCII topics by hash. Streams repeat a few topics over and
 * over: a hit costs one pass over the bytes and no string allocation, and the ring's entries share
 * one string per topic instead of one each. It only memoises: the result is always the decoding.
 */
const topicCache: (string | undefined)[] = new Array<string | undefined>(TOPIC_CACHE_SLOTS);

/**
 * Decodes a topic's UTF-8 range; cached fast path for the usual short ASCII topic.
 *
 * Anything else goes through the decoder's own UTF-8 decoding so the two agree on every byte
 * sequence: a BOM stays U+FEFF ([MQTT-1.5.4-3] it must not be stripped), ill-formed bytes become
 * U+FFFD alike.
 */
function decodeTopic(bytes: Uint8Array, start: number, end: number): string {
	const length = end - start;
	if (length > SHORT_TOPIC_BYTES) return decodeUtf8(bytes, start, end);
	let hash = length;
	let high = 0;
	for (let i = start; i < end; i++) {
		const byte = bytes[i] ?? 0;
		high |= byte;
		hash = (Math.imul(hash, 31) + byte) | 0;
	}
	if (high >= 0x80) return decodeUtf8(bytes, start, end);
	const slot = hash & (TOPIC_CACHE_SLOTS - 1);
	const cached = topicCache[slot];
	if (cached !== undefined && cached.length === length) {
		let isSame = true;
		for (let i = 0; i < length; i++) {
			if (cached.charCodeAt(i) !== bytes[start + i]) {
				isSame = false;
				break;
			}
		}
		if (isSame) return cached;
	}
	const topic = String.fromCharCode.apply(null, bytes.subarray(start, end) as never);
	topicCache[slot] = topic;
	return topic;
}

/** Length and end of a variable byte integer at `at`; `end` is -1 when the frame ends inside it. */
function readVarInt(bytes: Uint8Array, at: number, limit: number, out: PeekState): void {
	let value = 0;
	let multiplier = 1;
	for (let i = at; i < limit && i < at + 4; i++) {
		const byte = bytes[i] ?? 0;
		value += (byte & 0x7f) * multiplier;
		if ((byte & 0x80) === 0) {
			out.value = value;
			out.end = i + 1;
			return;
		}
		multiplier *= 128;
	}
	out.end = -1;
}

interface PeekState {
	value: number;
	end: number;
}

function u16(bytes: Uint8Array, at: number): number {
	return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

/** Skips an MQTT 5 property block; returns where what follows starts, or -1. */
function skipProperties(bytes: Uint8Array, at: number, end: number): number {
	const length = { value: 0, end: 0 };
	readVarInt(bytes, at, end, length);
	if (length.end < 0 || length.end + length.value > end) return -1;
	return length.end + length.value;
}

/** A peek being filled in: the frame log's records are peek targets themselves. */
export type PeekTarget = { -readonly [K in keyof HeaderPeek]: HeaderPeek[K] };
type Peek = PeekTarget;

/**
 * Reads type, flags, packet id and what pairing and the list need from one whole frame.
 *
 * `protocolLevel` matters for MQTT 5 property blocks and reason codes; CONNECT states its own.
 */
export function peekHeader(frame: Uint8Array, protocolLevel: ProtocolLevel): HeaderPeek {
	const peek: Peek = {
		typeCode: 0,
		headerFlags: 0,
		headerBytes: 0,
		remainingLength: -1,
		packetId: undefined,
		qos: undefined,
		isDup: undefined,
		isRetain: undefined,
		topic: undefined,
		payloadBytes: undefined,
		topicAlias: undefined,
		reasonCode: undefined,
		reasonCodes: undefined,
		requestedQos: undefined,
		filterCount: undefined,
		connectLevel: undefined,
		isTruncated: undefined,
	};
	peekInto(frame, protocolLevel, peek);
	return peek;
}

/**
 * `peekHeader` writing into an object the caller made, whose optional fields are undefined.
 *
 * The frame log passes its record so ingest allocates one object per frame, not two; every
 * record has the same shape, which keeps the path monomorphic.
 */
export function peekInto(frame: Uint8Array, protocolLevel: ProtocolLevel, peek: Peek): void {
	const first = frame[0] ?? 0;
	peek.typeCode = first >> 4;
	peek.headerFlags = first & 0x0f;
	peek.headerBytes = frame.length;
	peek.remainingLength = -1;
	if (peek.typeCode === 3) {
		// The first byte holds them: known, as the decoder knows them, even if nothing else is.
		peek.qos = (peek.headerFlags >> 1) & 3;
		peek.isDup = (peek.headerFlags & 8) !== 0;
		peek.isRetain = (peek.headerFlags & 1) !== 0;
	}
	const length = { value: 0, end: 0 };
	readVarInt(frame, 1, frame.length, length);
	if (length.end < 0) {
		peek.isTruncated = true;
		return;
	}
	peek.headerBytes = length.end;
	peek.remainingLength = length.value;
	const at = length.end;
	const end = Math.min(frame.length, at + length.value);
	if (end < at + length.value) peek.isTruncated = true;
	const isV5 = protocolLevel === 5;
	switch (peek.typeCode) {
		case 1:
			peekConnect(frame, at, end, peek);
			break;
		case 2:
			if (end - at < 2) peek.isTruncated = true;
			else peek.reasonCode = frame[at + 1] ?? 0;
			break;
		case 3:
			peekPublish(frame, at, end, isV5, peek);
			break;
		case 4:
		case 5:
		case 6:
		case 7:
			if (end - at < 2) {
				peek.isTruncated = true;
				break;
			}
			peek.packetId = u16(frame, at);
			// MQTT 5 [3.4.2.1]: a remaining length of 2 means reason code 0x00 (Success).
			if (isV5) peek.reasonCode = end - at > 2 ? (frame[at + 2] ?? 0) : 0;
			break;
		case 8:
		case 10:
			peekFilters(frame, at, end, isV5, peek);
			break;
		case 9:
		case 11:
			peekAckCodes(frame, at, end, isV5, peek.typeCode === 9 || isV5, peek);
			break;
		case 14:
		case 15:
			if (isV5 || peek.typeCode === 15) peek.reasonCode = end > at ? (frame[at] ?? 0) : 0;
			break;
		default:
			break;
	}
}

function peekConnect(frame: Uint8Array, at: number, end: number, peek: Peek): void {
	const levelAt = at + 2 + u16(frame, at);
	if (end - at < 2 || levelAt >= end) {
		peek.isTruncated = true;
		return;
	}
	const level = frame[levelAt] ?? 0;
	if (level === 3 || level === 4 || level === 5) peek.connectLevel = level;
}

function peekPublish(frame: Uint8Array, at: number, end: number, isV5: boolean, peek: Peek): void {
	const qos = (peek.headerFlags >> 1) & 3;
	const topicEnd = at + 2 + u16(frame, at);
	if (end - at < 2 || topicEnd > end) {
		peek.isTruncated = true;
		return;
	}
	peek.topic = decodeTopic(frame, at + 2, topicEnd);
	let next = topicEnd;
	if (qos > 0) {
		if (next + 2 > end) {
			peek.isTruncated = true;
			return;
		}
		peek.packetId = u16(frame, next);
		next += 2;
	}
	if (isV5) next = publishProperties(frame, next, end, peek);
	if (next < 0) peek.isTruncated = true;
	else peek.payloadBytes = end - next;
}

/**
 * Value sizes by property identifier (table 2-4): 1, 2 and 4 bytes, VBI (-1), a length-prefixed
 * string or binary (-2), a string pair (-3); 0 for an identifier MQTT 5 does not define.
 */
const PROPERTY_SIZES: Int8Array = (() => {
	const sizes = new Int8Array(128);
	for (const id of [0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2a]) sizes[id] = 1;
	for (const id of [0x13, 0x21, 0x22, 0x23]) sizes[id] = 2;
	for (const id of [0x02, 0x11, 0x18, 0x27]) sizes[id] = 4;
	sizes[0x0b] = -1;
	for (const id of [0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1a, 0x1c, 0x1f]) sizes[id] = -2;
	sizes[0x26] = -3;
	return sizes;
})();

/**
 * Skips a PUBLISH's property block; returns where the payload starts, or -1. A non-empty block is
 * walked for its first Topic Alias, stopping where the decoder would stop reading (an undefined
 * identifier, a value past the block): most PUBLISHes have an empty block and pay nothing.
 */
function publishProperties(frame: Uint8Array, at: number, end: number, peek: Peek): number {
	const length = { value: 0, end: 0 };
	readVarInt(frame, at, end, length);
	if (length.end < 0 || length.end + length.value > end) return -1;
	const blockEnd = length.end + length.value;
	let p = length.end;
	while (p < blockEnd) {
		// An identifier is a variable byte integer (the decoder reads it so, too).
		readVarInt(frame, p, blockEnd, length);
		const id = length.value;
		const size = length.end < 0 || id >= 0x80 ? 0 : (PROPERTY_SIZES[id] ?? 0);
		if (size === 0) break;
		p = length.end;
		if (id === 0x23) {
			if (p + 2 <= blockEnd) peek.topicAlias = u16(frame, p);
			break;
		}
		if (size > 0) {
			p += size;
		} else if (size === -1) {
			readVarInt(frame, p, blockEnd, length);
			if (length.end < 0) break;
			p = length.end;
		} else {
			// One length-prefixed value, or two for a string pair; a cut length ends the walk.
			for (let n = size === -3 ? 2 : 1; n > 0 && p <= blockEnd; n--) {
				p = p + 2 > blockEnd ? blockEnd + 1 : p + 2 + u16(frame, p);
			}
		}
		// A value past the block: the decoder stops there, and so does the walk.
		if (p > blockEnd) break;
	}
	return blockEnd;
}

/** SUBSCRIBE (filters with options: the QoS asked for) and UNSUBSCRIBE (filters only). */
function peekFilters(frame: Uint8Array, at: number, end: number, isV5: boolean, peek: Peek): void {
	if (end - at < 2) {
		peek.isTruncated = true;
		return;
	}
	peek.packetId = u16(frame, at);
	let next = isV5 ? skipProperties(frame, at + 2, end) : at + 2;
	if (next < 0) {
		peek.isTruncated = true;
		return;
	}
	const hasOptions = peek.typeCode === 8;
	const requestedQos: number[] = [];
	let count = 0;
	while (next + 2 <= end) {
		const filterEnd = next + 2 + u16(frame, next);
		// Only whole filters count (and, for SUBSCRIBE, with their options byte), as in the decoder.
		if (hasOptions ? filterEnd >= end : filterEnd > end) {
			peek.isTruncated = true;
			break;
		}
		if (hasOptions) {
			requestedQos.push((frame[filterEnd] ?? 0) & 3);
			next = filterEnd + 1;
		} else {
			next = filterEnd;
		}
		count++;
	}
	if (hasOptions) peek.requestedQos = requestedQos;
	peek.filterCount = count;
}

function peekAckCodes(
	frame: Uint8Array,
	at: number,
	end: number,
	isV5: boolean,
	hasCodes: boolean,
	peek: Peek,
): void {
	if (end - at < 2) {
		peek.isTruncated = true;
		return;
	}
	peek.packetId = u16(frame, at);
	if (!hasCodes) return;
	const codesAt = isV5 ? skipProperties(frame, at + 2, end) : at + 2;
	if (codesAt < 0) peek.isTruncated = true;
	else peek.reasonCodes = Array.from(frame.subarray(codesAt, end));
}
