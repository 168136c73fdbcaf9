/** AUTH (MQTT 5.0 section 3.15): MQTT 5 only; type 15 is reserved in 3.1.1. */
import { readReasonAndProperties, writeReasonAndProperties } from './disconnect';
import type { Reader } from './reader';
import type { AuthPacket } from './types';
import type { Writer } from './writer';

export function decodeAuth(r: Reader): AuthPacket {
	const codeStart = r.pos;
	// 3.15.2.1: a remaining length of 0 means Success without properties.
	const packet: AuthPacket = { type: 'AUTH', ...readReasonAndProperties(r, 'AUTH') };
	const blockStart = codeStart + 1;
	const hasBlock = r.pos > blockStart;
	// 3.15.2.2.2: "It is a Protocol Error to omit the Authentication Method". The spec's short form
	// (Success with no property block at all) has nowhere to put one, so it is exempt; every AUTH
	// with a property block, and every Continue (0x18) or Re-authenticate (0x19), must name it.
	const needsMethod = hasBlock || packet.reasonCode !== 0;
	if (needsMethod && packet.properties.authenticationMethod === undefined && !r.stopped) {
		const carriesData = packet.properties.authenticationData !== undefined;
		const what =
			packet.reasonCode === 0x18
				? 'continues authentication (0x18)'
				: packet.reasonCode === 0x19
					? 're-authenticates (0x19)'
					: 'has a property block';
		r.violate(
			hasBlock ? blockStart : r.pos,
			'[MQTT-3.15.2.2.2]',
			`This AUTH ${what}${carriesData ? ' and carries Authentication Data' : ''} but has no ` +
				'Authentication Method; every AUTH exchange names its method.',
		);
	}
	return packet;
}

export function encodeAuth(w: Writer, packet: AuthPacket): void {
	writeReasonAndProperties(w, packet);
}
