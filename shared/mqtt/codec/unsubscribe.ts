/** UNSUBSCRIBE (MQTT 5.0 section 3.10, 3.1.1 section 3.10). */
import { readProperties, writeProperties } from './property-block';
import type { Reader } from './reader';
import { readPacketIdentifier, readTopicFilter } from './subscribe';
import type { ProtocolLevel, UnsubscribePacket } from './types';
import type { Writer } from './writer';

export function decodeUnsubscribe(r: Reader): UnsubscribePacket {
	const packetId = readPacketIdentifier(r, 'UNSUBSCRIBE');
	const packet: UnsubscribePacket = { type: 'UNSUBSCRIBE', packetId, topicFilters: [] };
	if (r.level === 5) packet.properties = readProperties(r, 'UNSUBSCRIBE', 'properties');
	const listStart = r.pos;
	const outer = r.beginGroup();
	while (r.pos < r.limit && !r.stopped) packet.topicFilters.push(readTopicFilter(r));
	r.endGroup(outer, 'topicFilters', listStart);
	// [MQTT-3.10.3-2] at least one topic filter.
	if (packet.topicFilters.length === 0 && !r.stopped) {
		r.violate(
			r.pos,
			'[MQTT-3.10.3-2]',
			'The UNSUBSCRIBE has no topic filters; it must carry at least one.',
		);
	}
	return packet;
}

export function encodeUnsubscribe(
	w: Writer,
	packet: UnsubscribePacket,
	level: ProtocolLevel,
): void {
	w.u16(packet.packetId, 'packetId');
	if (level === 5) writeProperties(w, packet.properties, 'UNSUBSCRIBE', 'properties');
	if (!Array.isArray(packet.topicFilters))
		return w.fail('topicFilters', 'topicFilters must be a list.');
	packet.topicFilters.forEach((filter, index) => w.utf8(filter, `topicFilters.${index}`));
}
