/** AUTH (MQTT 5.0 section 3.15): MQTT 5 only; type 15 is reserved in 3.1.1. */
import { readReasonAndProperties, writeReasonAndProperties } from './disconnect';
import type { Reader } from './reader';
import type { AuthPacket } from './types';
import type { Writer } from './writer';

export function decodeAuth(r: Reader): AuthPacket {
	// 3.15.2.1: a remaining length of 0 means Success without properties.
	return { type: 'AUTH', ...readReasonAndProperties(r, 'AUTH') };
}

export function encodeAuth(w: Writer, packet: AuthPacket): void {
	writeReasonAndProperties(w, packet);
}
