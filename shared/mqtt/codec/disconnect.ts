/** DISCONNECT (MQTT 5.0 section 3.14, 3.1.1 section 3.14). */
import type { Properties } from '../properties';
import { isReasonCodeAllowed } from '../reason-codes';
import { propertyStart, readProperties, writeProperties } from './property-block';
import type { Reader } from './reader';
import type { AuthPacket, DisconnectPacket, ProtocolLevel } from './types';
import type { Writer } from './writer';

/** Reads the optional reason code and properties shared by DISCONNECT and AUTH. */
export function readReasonAndProperties(
	r: Reader,
	type: 'DISCONNECT' | 'AUTH',
): { reasonCode: number; properties: Properties } {
	let reasonCode = 0;
	if (r.pos < r.limit && !r.stopped) {
		const start = r.pos;
		reasonCode = r.readU8('reasonCode');
		if (!r.stopped && !isReasonCodeAllowed(reasonCode, type)) {
			// [MQTT-3.15.2-1], [MQTT-3.14.2-1]: the sender uses one of the packet's reason codes.
			const rule = type === 'AUTH' ? '[MQTT-3.15.2-1]' : '[MQTT-3.14.2-1]';
			r.violate(
				start,
				rule,
				`${reasonCode} (0x${reasonCode.toString(16)}) is not a ${type} reason code.`,
			);
		}
	}
	const properties = r.pos < r.limit && !r.stopped ? readProperties(r, type, 'properties') : {};
	return { reasonCode, properties };
}

export function decodeDisconnect(r: Reader): DisconnectPacket {
	if (r.level !== 5) return { type: 'DISCONNECT' };
	const packet: DisconnectPacket = {
		type: 'DISCONNECT',
		...readReasonAndProperties(r, 'DISCONNECT'),
	};
	// [MQTT-3.14.2-2] only the client may change the session expiry when it disconnects.
	if (
		r.sender === 'server' &&
		packet.properties?.sessionExpiryInterval !== undefined &&
		!r.stopped
	) {
		r.violate(
			propertyStart(r, 'sessionExpiryInterval'),
			'[MQTT-3.14.2-2]',
			'A DISCONNECT sent by the server carries a Session Expiry Interval; only a client may send one.',
		);
	}
	return packet;
}

/** Writes the reason code and properties, leaving both out when they are the defaults. */
export function writeReasonAndProperties(w: Writer, packet: DisconnectPacket | AuthPacket): void {
	const reasonCode = packet.reasonCode ?? 0;
	const hasProperties =
		packet.properties !== undefined && Object.keys(packet.properties).length > 0;
	if (reasonCode === 0 && !hasProperties) return;
	w.u8(reasonCode, 'reasonCode');
	if (hasProperties) writeProperties(w, packet.properties, packet.type, 'properties');
}

export function encodeDisconnect(w: Writer, packet: DisconnectPacket, level: ProtocolLevel): void {
	if (level === 5) writeReasonAndProperties(w, packet);
}
