/**
 * PUBACK, PUBREC, PUBREL and PUBCOMP (MQTT 5.0 sections 3.4-3.7, 3.1.1 sections 3.4-3.7).
 *
 * One layout: a packet identifier, then in MQTT 5 an optional reason code and optional properties
 * (both left out when the reason is 0x00 and there are no properties).
 */
import { isReasonCodeAllowed } from '../reason-codes';
import { readProperties, writeProperties } from './property-block';
import type { Reader } from './reader';
import type { ProtocolLevel, PublishResponsePacket } from './types';
import type { Writer } from './writer';

type ResponseType = PublishResponsePacket['type'];

// [MQTT-3.4.2-1], [MQTT-3.5.2-1], [MQTT-3.6.2-1], [MQTT-3.7.2-1]: the sender uses one of the
// packet's own reason codes.
const REASON_RULE: Readonly<Record<ResponseType, string>> = {
	PUBACK: '[MQTT-3.4.2-1]',
	PUBREC: '[MQTT-3.5.2-1]',
	PUBREL: '[MQTT-3.6.2-1]',
	PUBCOMP: '[MQTT-3.7.2-1]',
};

export function decodePublishResponse(r: Reader, type: ResponseType): PublishResponsePacket {
	const packetId = r.readU16('packetId');
	const packet: PublishResponsePacket = { type, packetId };
	if (r.level !== 5) return packet;
	packet.reasonCode = 0;
	if (r.pos < r.limit && !r.stopped) {
		const codeStart = r.pos;
		const reasonCode = r.readU8('reasonCode');
		if (!isReasonCodeAllowed(reasonCode, type)) {
			r.violate(codeStart, REASON_RULE[type], `${reasonCode} is not a ${type} reason code.`);
		}
		packet.reasonCode = reasonCode;
	}
	packet.properties = r.pos < r.limit && !r.stopped ? readProperties(r, type, 'properties') : {};
	return packet;
}

export function encodePublishResponse(
	w: Writer,
	packet: PublishResponsePacket,
	level: ProtocolLevel,
): void {
	w.u16(packet.packetId, 'packetId');
	if (level !== 5) return;
	const reasonCode = packet.reasonCode ?? 0;
	const hasProperties =
		packet.properties !== undefined && Object.keys(packet.properties).length > 0;
	// 3.4.2.1: the reason code and properties may be left out for Success without properties.
	if (reasonCode === 0 && !hasProperties) return;
	w.u8(reasonCode, 'reasonCode');
	if (hasProperties) writeProperties(w, packet.properties, packet.type, 'properties');
}
