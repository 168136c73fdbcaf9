/** PINGREQ and PINGRESP (section 3.12 / 3.13): a fixed header and nothing else. */
import type { PingPacket } from './types';

export function decodePing(type: PingPacket['type']): PingPacket {
	return { type };
}
