/**
 * The frame decoder: the fixed header, then a dispatch on the packet type.
 *
 * Never throws on wire bytes. Reads stop at the first structural problem (a length past the end);
 * rule violations that leave the layout readable are recorded and decoding goes on, so the field
 * tree covers as much of the frame as possible. The first problem found is the frame's error.
 */
import { decodeAuth } from './auth';
import { decodeConnack } from './connack';
import { decodeConnect } from './connect';
import { decodeDisconnect } from './disconnect';
import { decodePing } from './ping';
import { decodePublishResponse } from './puback-family';
import { decodePublish, publishFlagFields } from './publish';
import { bitField, Reader } from './reader';
import { decodeSuback } from './suback';
import { decodeSubscribe } from './subscribe';
import {
	PACKET_TYPE_NAMES,
	type DecodedFrame,
	type DecodeOptions,
	type Packet,
	type PacketTypeName,
	type ProtocolLevel,
} from './types';
import { decodeUnsuback } from './unsuback';
import { decodeUnsubscribe } from './unsubscribe';

/** Fixed-header flags each packet type must carry (PUBLISH has its own). */
const REQUIRED_FLAGS: Readonly<Record<Exclude<PacketTypeName, 'PUBLISH'>, number>> = {
	CONNECT: 0,
	CONNACK: 0,
	PUBACK: 0,
	PUBREC: 0,
	PUBREL: 2,
	PUBCOMP: 0,
	SUBSCRIBE: 2,
	SUBACK: 0,
	UNSUBSCRIBE: 2,
	UNSUBACK: 0,
	PINGREQ: 0,
	PINGRESP: 0,
	DISCONNECT: 0,
	AUTH: 0,
};

// Packets whose flags have their own statement; the rest fall under 5.0 [MQTT-2.1.3-1] or
// 3.1.1 [MQTT-2.2.2-1].
const FLAG_RULES: Partial<Record<PacketTypeName, string>> = {
	PUBREL: '[MQTT-3.6.1-1]',
	SUBSCRIBE: '[MQTT-3.8.1-1]',
	UNSUBSCRIBE: '[MQTT-3.10.1-1]',
	DISCONNECT: '[MQTT-3.14.1-1]',
	AUTH: '[MQTT-3.15.1-1]',
};

function decodeBody(r: Reader, type: PacketTypeName, flags: number): Packet {
	switch (type) {
		case 'CONNECT':
			return decodeConnect(r);
		case 'CONNACK':
			return decodeConnack(r);
		case 'PUBLISH':
			return decodePublish(r, flags);
		case 'PUBACK':
		case 'PUBREC':
		case 'PUBREL':
		case 'PUBCOMP':
			return decodePublishResponse(r, type);
		case 'SUBSCRIBE':
			return decodeSubscribe(r);
		case 'SUBACK':
			return decodeSuback(r);
		case 'UNSUBSCRIBE':
			return decodeUnsubscribe(r);
		case 'UNSUBACK':
			return decodeUnsuback(r);
		case 'PINGREQ':
		case 'PINGRESP':
			return decodePing(type);
		case 'DISCONNECT':
			return decodeDisconnect(r);
		case 'AUTH':
			return decodeAuth(r);
	}
}

function checkFlags(r: Reader, type: PacketTypeName, flags: number): void {
	if (type === 'PUBLISH') return;
	const required = REQUIRED_FLAGS[type];
	if (flags === required) return;
	const rule = FLAG_RULES[type] ?? r.rule('[MQTT-2.1.3-1]', '[MQTT-2.2.2-1]');
	const bits = (value: number): string => value.toString(2).padStart(4, '0');
	r.violate(
		0,
		rule,
		`The fixed header flags of a ${type} must be ${bits(required)}, not ${bits(flags)}.`,
	);
}

function decodeUnguarded(
	bytes: Uint8Array,
	level: ProtocolLevel,
	sender: 'client' | 'server' | undefined,
): DecodedFrame {
	const r = new Reader(bytes, level, sender);
	r.limitRule = r.rule('[MQTT-2.1.4]', '[MQTT-2.2.3]');
	if (bytes.length === 0) {
		return {
			type: 'RESERVED',
			typeCode: 0,
			protocolLevel: level,
			flags: 0,
			remainingLength: -1,
			fields: [],
			byteLength: 0,
			error: {
				offset: 0,
				rule: r.limitRule,
				message: 'The frame is empty: it has no fixed header.',
			},
		};
	}
	const first = bytes[0] ?? 0;
	const typeCode = first >> 4;
	const flags = first & 0x0f;
	const typeName = PACKET_TYPE_NAMES[typeCode] ?? 'RESERVED';
	r.pos = 1;
	// The type is the high four bits of byte 0, the flags the low four (as Wireshark shows them).
	r.fields.push(bitField('packetType', 0, 0xf0, typeName));
	r.fields.push(
		typeCode === 3
			? {
					name: 'flags',
					start: 0,
					end: 1,
					value: flags,
					mask: 0x0f,
					children: publishFlagFields(flags),
				}
			: bitField('flags', 0, 0x0f, flags),
	);
	const remainingLength = r.vbi('remainingLength');
	r.add('remainingLength', 1, remainingLength);
	const isLengthKnown = !r.stopped;
	let packet: Packet | undefined;
	if (!r.stopped) {
		const declaredEnd = r.pos + remainingLength;
		r.declaredEnd = declaredEnd;
		r.limit = Math.min(declaredEnd, bytes.length);
		if (typeName === 'RESERVED' || (typeName === 'AUTH' && level !== 5)) {
			// 5.0 2.1.2, 3.1.1 2.2.1: type 0 is reserved, and so is 15 before MQTT 5 added AUTH.
			r.fail(
				0,
				r.rule('[MQTT-2.1.2]', '[MQTT-2.2.1]'),
				`Packet type ${typeCode} is reserved${typeCode === 15 ? ' before MQTT 5 (it is AUTH in 5.0)' : ''}; no MQTT packet uses it.`,
			);
		} else {
			checkFlags(r, typeName, flags);
			packet = decodeBody(r, typeName, flags);
			checkLength(r, typeName, bytes.length, declaredEnd);
		}
	}
	// One object literal of a fixed shape: spreads and later additions cost on the hot path.
	return {
		type: typeName,
		typeCode,
		protocolLevel: r.level,
		flags,
		remainingLength: isLengthKnown ? remainingLength : -1,
		packet: r.error === undefined ? packet : undefined,
		fields: r.fields,
		byteLength: isLengthKnown ? r.declaredEnd : bytes.length,
		error: r.error,
	};
}

function checkLength(
	r: Reader,
	type: PacketTypeName,
	available: number,
	declaredEnd: number,
): void {
	if (r.stopped) return;
	if (r.pos < r.limit) {
		const extra = r.limit - r.pos;
		r.violate(
			r.pos,
			r.limitRule,
			`${extra} byte${extra === 1 ? ' is' : 's are'} left over after the last ${type} field; ` +
				'the remaining length is larger than the packet.',
		);
	}
	if (available < declaredEnd) {
		r.fail(
			available,
			r.limitRule,
			`The frame is truncated: the remaining length promises ${declaredEnd} bytes but only ` +
				`${available} arrived.`,
		);
	} else if (available > declaredEnd) {
		const extra = available - declaredEnd;
		r.violate(
			declaredEnd,
			r.limitRule,
			`${extra} byte${extra === 1 ? '' : 's'} follow the end of the packet; the remaining ` +
				`length says the frame ends after ${declaredEnd} bytes.`,
		);
	}
}

/**
 * Decodes one whole frame (fixed header included) into fields with byte ranges and a packet model.
 *
 * Never throws and always returns a frame; on malformed input the frame has the fields read so far
 * and `error`. Binary values in the result are views over `bytes`.
 */
export function decodeFrame(bytes: Uint8Array, options: DecodeOptions = {}): DecodedFrame {
	const level = options.protocolLevel ?? 4;
	try {
		return decodeUnguarded(bytes, level, options.sender);
	} catch (caught) {
		// A bug, not bad input: report it on the frame rather than take down the caller's stream.
		const first = bytes[0] ?? 0;
		return {
			type: PACKET_TYPE_NAMES[first >> 4] ?? 'RESERVED',
			typeCode: first >> 4,
			protocolLevel: level,
			flags: first & 0x0f,
			remainingLength: -1,
			fields: [],
			byteLength: bytes.length,
			error: {
				offset: 0,
				rule: 'internal',
				message: `The decoder failed on this frame (a Topicscope bug): ${String(caught)}`,
			},
		};
	}
}
