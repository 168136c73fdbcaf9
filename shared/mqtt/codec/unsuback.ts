/** UNSUBACK (MQTT 5.0 section 3.11, 3.1.1 section 3.11): reason codes exist in MQTT 5 only. */
import { readProperties } from './property-block';
import type { Reader } from './reader';
import { encodeSuback, readReasonCodes } from './suback';
import type { ProtocolLevel, UnsubackPacket } from './types';
import type { Writer } from './writer';

export function decodeUnsuback(r: Reader): UnsubackPacket {
	const packetId = r.readU16('packetId');
	const packet: UnsubackPacket = { type: 'UNSUBACK', packetId };
	if (r.level !== 5) return packet;
	packet.properties = readProperties(r, 'UNSUBACK', 'properties');
	packet.reasonCodes = readReasonCodes(r, 'UNSUBACK');
	return packet;
}

export function encodeUnsuback(w: Writer, packet: UnsubackPacket, level: ProtocolLevel): void {
	if (level !== 5) return w.u16(packet.packetId, 'packetId');
	encodeSuback(w, packet, level);
}
