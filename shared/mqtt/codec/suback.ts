/** SUBACK (MQTT 5.0 section 3.9, 3.1.1 section 3.9). */
import { isReasonCodeAllowed } from '../reason-codes';
import { readProperties, writeProperties } from './property-block';
import type { Reader } from './reader';
import type { ProtocolLevel, ReasonCodeAckType, SubackPacket, UnsubackPacket } from './types';
import type { Writer } from './writer';

/** Reads the reason code list that ends SUBACK and UNSUBACK. */
export function readReasonCodes(r: Reader, type: ReasonCodeAckType): number[] {
	const codes: number[] = [];
	const listStart = r.pos;
	const outer = r.beginGroup();
	while (r.pos < r.limit && !r.stopped) {
		const start = r.pos;
		const code = r.readU8(String(codes.length));
		const allowed = r.level === 5 ? isReasonCodeAllowed(code, type) : code <= 2 || code === 0x80;
		if (!allowed) {
			// 5.0 [MQTT-3.9.3-2], [MQTT-3.11.3-2]: one of the packet's reason codes per filter;
			// 3.1.1 [MQTT-3.9.3-2]: SUBACK return codes other than 0x00-0x02 and 0x80 are reserved.
			const rule = r.level === 5 && type === 'UNSUBACK' ? '[MQTT-3.11.3-2]' : '[MQTT-3.9.3-2]';
			r.violate(
				start,
				rule,
				`${code} (0x${code.toString(16)}) is not a ${type} ${r.level === 5 ? 'reason' : 'return'} code.`,
			);
		}
		codes.push(code);
	}
	r.endGroup(outer, 'reasonCodes', listStart);
	if (codes.length === 0 && !r.stopped) {
		const rule = type === 'SUBACK' ? '[MQTT-3.9.3]' : '[MQTT-3.11.3]';
		r.violate(r.pos, rule, `The ${type} has no reason codes; it needs one per topic filter.`);
	}
	return codes;
}

export function decodeSuback(r: Reader): SubackPacket {
	const packetId = r.readU16('packetId');
	const packet: SubackPacket = { type: 'SUBACK', packetId, reasonCodes: [] };
	if (r.level === 5) packet.properties = readProperties(r, 'SUBACK', 'properties');
	packet.reasonCodes = readReasonCodes(r, 'SUBACK');
	return packet;
}

export function writeReasonCodes(w: Writer, codes: unknown): void {
	if (!Array.isArray(codes)) return w.fail('reasonCodes', 'reasonCodes must be a list of numbers.');
	codes.forEach((code: unknown, index) => w.u8(code, `reasonCodes.${index}`));
}

export function encodeSuback(
	w: Writer,
	packet: SubackPacket | UnsubackPacket,
	level: ProtocolLevel,
): void {
	w.u16(packet.packetId, 'packetId');
	if (level === 5) writeProperties(w, packet.properties, packet.type, 'properties');
	writeReasonCodes(w, packet.reasonCodes);
}
