/** CONNACK (MQTT 5.0 section 3.2, 3.1.1 section 3.2). */
import { isReasonCodeAllowed } from '../reason-codes';
import { readProperties, writeProperties } from './property-block';
import { bitField, type Reader } from './reader';
import type { ConnackPacket, Field, ProtocolLevel } from './types';
import type { Writer } from './writer';

export function decodeConnack(r: Reader): ConnackPacket {
	const flagsStart = r.pos;
	const flags = r.u8('acknowledgeFlags');
	const sessionPresent = (flags & 1) !== 0;
	const children: Field[] = [
		bitField('reserved', flagsStart, 0xfe, flags >> 1),
		bitField('sessionPresent', flagsStart, 0x01, sessionPresent),
	];
	r.add('acknowledgeFlags', flagsStart, flags, children);
	// 5.0 [MQTT-3.2.2-1] (3.1.1 section 3.2.2.1): bits 7-1 of the acknowledge flags are reserved.
	if ((flags & 0xfe) !== 0) {
		r.violate(
			flagsStart,
			r.rule('[MQTT-3.2.2-1]', '[MQTT-3.2.2.1]'),
			'Bits 7-1 of the acknowledge flags are reserved and must be 0.',
		);
	}
	const codeStart = r.pos;
	const reasonCode = r.readU8('reasonCode');
	if (!r.stopped) {
		if (r.level === 5 ? !isReasonCodeAllowed(reasonCode, 'CONNACK') : reasonCode > 5) {
			r.violate(
				codeStart,
				// 5.0 [MQTT-3.2.2-8]: one of the Connect Reason Codes; 3.1.1 3.2.2.3: 6-255 are reserved.
				r.rule('[MQTT-3.2.2-8]', '[MQTT-3.2.2.3]'),
				`${reasonCode} is not a CONNACK ${r.level === 5 ? 'reason' : 'return'} code.`,
			);
		}
		// 5.0 [MQTT-3.2.2-6], 3.1.1 [MQTT-3.2.2-4]: a refusal never has a session.
		if (sessionPresent && reasonCode !== 0) {
			r.violate(
				flagsStart,
				r.rule('[MQTT-3.2.2-6]', '[MQTT-3.2.2-4]'),
				'Session present is set on a refused connection; it must be 0 when the code is not 0.',
			);
		}
	}
	const packet: ConnackPacket = { type: 'CONNACK', sessionPresent, reasonCode };
	if (r.level === 5) packet.properties = readProperties(r, 'CONNACK', 'properties');
	return packet;
}

export function encodeConnack(w: Writer, packet: ConnackPacket, level: ProtocolLevel): void {
	if (typeof packet.sessionPresent !== 'boolean') {
		return w.fail('sessionPresent', 'sessionPresent must be true or false.');
	}
	w.u8(packet.sessionPresent ? 1 : 0, 'sessionPresent');
	w.u8(packet.reasonCode, 'reasonCode');
	if (level === 5) writeProperties(w, packet.properties, 'CONNACK', 'properties');
}
