/**
 * A tiny header peek: the few facts the frames list and flow pairing need, read straight from the
 * bytes without building a decoded frame. It runs once per frame on the ingest path, so it reads
 * only fixed offsets (plus the filter list of the rare SUBSCRIBE and the codes of SUBACK) and
 * never throws: a short frame gives what it could read and `isTruncated`.
 */
import type { ProtocolLevel } from '../../shared/mqtt/codec/types';
import type { HeaderPeek } from './types';

const utf8 = new TextDecoder('utf-8', { fatal: false });
/** ASCII topics up to this length are built with fromCharCode, faster than TextDecoder. */
const SHORT_TOPIC_BYTES = 128;

/** Decodes a UTF-8 range; ASCII fast path for the usual short topic. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
	if (end - start <= SHORT_TOPIC_BYTES) {
		let isAscii = true;
		for (let i = start; i < end; i++) {
			if ((bytes[i] ?? 0) >= 0x80) {
				isAscii = false;
				break;
			}
		}
		if (isAscii) return String.fromCharCode.apply(null, bytes.subarray(start, end) as never);
	}
	return utf8.decode(bytes.subarray(start, end));
}

interface VarInt {
	readonly value: number;
	readonly end: number;
}

/** A variable byte integer at `at`, or undefined when the frame ends inside it. */
function readVarInt(bytes: Uint8Array, at: number, limit: number): VarInt | undefined {
	let value = 0;
	let multiplier = 1;
	for (let i = at; i < limit && i < at + 4; i++) {
		const byte = bytes[i] ?? 0;
		value += (byte & 0x7f) * multiplier;
		if ((byte & 0x80) === 0) return { value, end: i + 1 };
		multiplier *= 128;
	}
	return undefined;
}

function u16(bytes: Uint8Array, at: number): number {
	return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

/** Skips an MQTT 5 property block; returns where what follows starts, or undefined. */
function skipProperties(bytes: Uint8Array, at: number, end: number): number | undefined {
	const length = readVarInt(bytes, at, end);
	if (length === undefined || length.end + length.value > end) return undefined;
	return length.end + length.value;
}

/**
 * Reads type, flags, packet id and what pairing and the list need from one whole frame.
 *
 * `protocolLevel` matters for MQTT 5 property blocks and reason codes; CONNECT states its own.
 */
export function peekHeader(frame: Uint8Array, protocolLevel: ProtocolLevel): HeaderPeek {
	const first = frame[0] ?? 0;
	const typeCode = first >> 4;
	const flags = first & 0x0f;
	const length = readVarInt(frame, 1, frame.length);
	if (length === undefined) {
		return { typeCode, flags, headerBytes: frame.length, remainingLength: -1, isTruncated: true };
	}
	const base = { typeCode, flags, headerBytes: length.end, remainingLength: length.value };
	const at = length.end;
	const end = Math.min(frame.length, at + length.value);
	const isV5 = protocolLevel === 5;
	switch (typeCode) {
		case 1:
			return peekConnect(frame, at, end, base);
		case 2:
			if (end - at < 2) return { ...base, isTruncated: true };
			return { ...base, reasonCode: frame[at + 1] ?? 0 };
		case 3:
			return peekPublish(frame, at, end, isV5, base);
		case 4:
		case 5:
		case 6:
		case 7:
			if (end - at < 2) return { ...base, isTruncated: true };
			// MQTT 5 [3.4.2.1]: a remaining length of 2 means reason code 0x00 (Success).
			if (!isV5) return { ...base, packetId: u16(frame, at) };
			return {
				...base,
				packetId: u16(frame, at),
				reasonCode: end - at > 2 ? (frame[at + 2] ?? 0) : 0,
			};
		case 8:
			return peekSubscribe(frame, at, end, isV5, base);
		case 9:
		case 11:
			return peekAckCodes(frame, at, end, isV5, typeCode === 9 || isV5, base);
		case 10:
			return peekUnsubscribe(frame, at, end, isV5, base);
		case 14:
		case 15:
			if (!isV5 && typeCode === 14) return base;
			return { ...base, reasonCode: end > at ? (frame[at] ?? 0) : 0 };
		default:
			return base;
	}
}

type Base = Pick<HeaderPeek, 'typeCode' | 'flags' | 'headerBytes' | 'remainingLength'>;

function peekConnect(frame: Uint8Array, at: number, end: number, base: Base): HeaderPeek {
	if (end - at < 2) return { ...base, isTruncated: true };
	const levelAt = at + 2 + u16(frame, at);
	if (levelAt >= end) return { ...base, isTruncated: true };
	const level = frame[levelAt] ?? 0;
	return level === 3 || level === 4 || level === 5 ? { ...base, protocolLevel: level } : base;
}

function peekPublish(
	frame: Uint8Array,
	at: number,
	end: number,
	isV5: boolean,
	base: Base,
): HeaderPeek {
	const flags = base.flags;
	const qos = (flags >> 1) & 3;
	const isDup = (flags & 8) !== 0;
	const isRetain = (flags & 1) !== 0;
	if (end - at < 2) return { ...base, qos, isDup, isRetain, isTruncated: true };
	const topicEnd = at + 2 + u16(frame, at);
	if (topicEnd > end) return { ...base, qos, isDup, isRetain, isTruncated: true };
	const topic = decodeUtf8(frame, at + 2, topicEnd);
	let next = topicEnd;
	let packetId: number | undefined;
	if (qos > 0) {
		if (next + 2 > end) return { ...base, qos, isDup, isRetain, topic, isTruncated: true };
		packetId = u16(frame, next);
		next += 2;
	}
	if (isV5) {
		const payloadAt = skipProperties(frame, next, end);
		if (payloadAt === undefined) {
			return { ...base, qos, isDup, isRetain, topic, packetId, isTruncated: true };
		}
		next = payloadAt;
	}
	return { ...base, qos, isDup, isRetain, topic, packetId, payloadBytes: end - next };
}

function peekSubscribe(
	frame: Uint8Array,
	at: number,
	end: number,
	isV5: boolean,
	base: Base,
): HeaderPeek {
	if (end - at < 2) return { ...base, isTruncated: true };
	const packetId = u16(frame, at);
	let next: number | undefined = at + 2;
	if (isV5) next = skipProperties(frame, next, end);
	if (next === undefined) return { ...base, packetId, isTruncated: true };
	const requestedQos: number[] = [];
	while (next + 2 <= end) {
		const optionsAt: number = next + 2 + u16(frame, next);
		if (optionsAt >= end) return { ...base, packetId, requestedQos, isTruncated: true };
		requestedQos.push((frame[optionsAt] ?? 0) & 3);
		next = optionsAt + 1;
	}
	return { ...base, packetId, requestedQos, filterCount: requestedQos.length };
}

function peekUnsubscribe(
	frame: Uint8Array,
	at: number,
	end: number,
	isV5: boolean,
	base: Base,
): HeaderPeek {
	if (end - at < 2) return { ...base, isTruncated: true };
	const packetId = u16(frame, at);
	let next: number | undefined = at + 2;
	if (isV5) next = skipProperties(frame, next, end);
	if (next === undefined) return { ...base, packetId, isTruncated: true };
	let filterCount = 0;
	while (next + 2 <= end) {
		next += 2 + u16(frame, next);
		filterCount++;
	}
	return { ...base, packetId, filterCount };
}

function peekAckCodes(
	frame: Uint8Array,
	at: number,
	end: number,
	isV5: boolean,
	hasCodes: boolean,
	base: Base,
): HeaderPeek {
	if (end - at < 2) return { ...base, isTruncated: true };
	const packetId = u16(frame, at);
	if (!hasCodes) return { ...base, packetId };
	const codesAt = isV5 ? skipProperties(frame, at + 2, end) : at + 2;
	if (codesAt === undefined) return { ...base, packetId, isTruncated: true };
	return { ...base, packetId, reasonCodes: Array.from(frame.subarray(codesAt, end)) };
}
