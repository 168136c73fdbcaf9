/**
 * The encoder: builds a frame from the same packet model the decoder produces.
 *
 * decodeFrame(encodePacket(x)).packet deep-equals x for models the decoder can produce. Models may
 * come from JSON, so every value is checked; a bad one is an error naming its path, never a throw.
 */
import type { Result } from '../../result';
import { encodeAuth } from './auth';
import { encodeConnack } from './connack';
import { encodeConnect } from './connect';
import { encodeDisconnect } from './disconnect';
import { encodePublishResponse } from './puback-family';
import { encodePublish, publishFlags } from './publish';
import { encodeSuback } from './suback';
import { encodeSubscribe } from './subscribe';
import { PACKET_TYPE_CODES, type Packet, type PacketTypeName, type ProtocolLevel } from './types';
import { encodeUnsuback } from './unsuback';
import { encodeUnsubscribe } from './unsubscribe';
import { Writer } from './writer';

export interface EncodeOptions {
	/** Level for every packet but CONNECT, which carries its own. Default 4. */
	readonly protocolLevel?: ProtocolLevel;
}

const MAX_REMAINING_LENGTH = 268_435_455;

function writeBody(w: Writer, packet: Packet, level: ProtocolLevel): void {
	switch (packet.type) {
		case 'CONNECT':
			return encodeConnect(w, packet);
		case 'CONNACK':
			return encodeConnack(w, packet, level);
		case 'PUBLISH':
			return encodePublish(w, packet, level);
		case 'PUBACK':
		case 'PUBREC':
		case 'PUBREL':
		case 'PUBCOMP':
			return encodePublishResponse(w, packet, level);
		case 'SUBSCRIBE':
			return encodeSubscribe(w, packet, level);
		case 'SUBACK':
			return encodeSuback(w, packet, level);
		case 'UNSUBSCRIBE':
			return encodeUnsubscribe(w, packet, level);
		case 'UNSUBACK':
			return encodeUnsuback(w, packet, level);
		case 'PINGREQ':
		case 'PINGRESP':
			return;
		case 'DISCONNECT':
			return encodeDisconnect(w, packet, level);
		case 'AUTH':
			if (level !== 5) return w.fail('type', 'AUTH exists in MQTT 5 only.');
			return encodeAuth(w, packet);
	}
}

function fixedHeaderFlags(packet: Packet): number {
	if (packet.type === 'PUBLISH') return publishFlags(packet);
	return packet.type === 'PUBREL' || packet.type === 'SUBSCRIBE' || packet.type === 'UNSUBSCRIBE'
		? 2
		: 0;
}

/** Encodes a packet model into one frame, or explains which field cannot be encoded. */
export function encodePacket(packet: Packet, options: EncodeOptions = {}): Result<Uint8Array> {
	const fail = (path: string, message: string): Result<Uint8Array> => ({
		ok: false,
		error: { code: 'malformed-packet', message, detail: path },
	});
	const typeCode = PACKET_TYPE_CODES[packet.type as PacketTypeName] as number | undefined;
	if (typeCode === undefined)
		return fail('type', `'${String(packet.type)}' is not an MQTT packet type.`);
	const level = packet.type === 'CONNECT' ? packet.protocolLevel : (options.protocolLevel ?? 4);
	if (level !== 5) {
		const model = packet as { properties?: unknown; willProperties?: unknown };
		// Properties exist from MQTT 5 on; dropping them silently would hide a mistake.
		if (model.properties !== undefined || model.willProperties !== undefined) {
			return fail(
				'properties',
				`Properties exist in MQTT 5 only; this packet is for level ${level}.`,
			);
		}
	}
	const body = new Writer();
	writeBody(body, packet, level);
	if (body.problem === undefined && body.length > MAX_REMAINING_LENGTH) {
		body.fail(
			'',
			`The packet body is ${body.length} bytes; MQTT allows at most ${MAX_REMAINING_LENGTH}.`,
		);
	}
	if (body.problem !== undefined) return fail(body.problem.path, body.problem.message);
	const frame = new Writer();
	frame.u8((typeCode << 4) | fixedHeaderFlags(packet), 'type');
	frame.vbi(body.length, 'remainingLength');
	frame.append(body);
	return { ok: true, value: frame.bytes() };
}
