/**
 * PUBLISH (MQTT 5.0 section 3.3, 3.1.1 section 3.3): the hot path of the decoder.
 *
 * Kept allocation-light: one field per element, the payload as a view over the frame.
 */
import { propertyStart, readProperties, writeProperties } from './property-block';
import { bitField, type Reader } from './reader';
import type { Properties } from '../properties';
import { checkTopicName } from './topic-check';
import type { Field, ProtocolLevel, PublishPacket, QoS } from './types';
import type { Writer } from './writer';

/** The children of the fixed header's flags field: DUP, QoS, RETAIN. */
export function publishFlagFields(flags: number): Field[] {
	return [
		bitField('dup', 0, 0x08, (flags & 8) !== 0),
		bitField('qos', 0, 0x06, (flags >> 1) & 3),
		bitField('retain', 0, 0x01, (flags & 1) !== 0),
	];
}

export function decodePublish(r: Reader, flags: number): PublishPacket {
	const dup = (flags & 8) !== 0;
	const qos = (flags >> 1) & 3;
	// [MQTT-3.3.1-4] both QoS bits set is not a QoS.
	if (qos === 3) r.violate(0, '[MQTT-3.3.1-4]', 'The QoS bits are 3; a PUBLISH has QoS 0, 1 or 2.');
	// [MQTT-3.3.1-2] a first delivery at QoS 0 has DUP 0.
	if (dup && qos === 0)
		r.violate(0, '[MQTT-3.3.1-2]', 'DUP is set on a QoS 0 PUBLISH; it must be 0.');
	const topicStart = r.pos;
	const topicName = r.readString('topicName');
	// [MQTT-3.3.2-2] no wildcards in a PUBLISH topic name; an empty one is checked below.
	if (!r.stopped && topicName.length > 0)
		checkTopicName(r, topicStart, topicName, '[MQTT-3.3.2-2]');
	let packetId: number | undefined;
	if (qos > 0) {
		const idStart = r.pos;
		packetId = r.readU16('packetId');
		// 5.0 [MQTT-2.2.1-3], 3.1.1 [MQTT-2.3.1-1]: QoS > 0 needs a non-zero packet identifier.
		if (packetId === 0 && !r.stopped) {
			r.violate(
				idStart,
				r.rule('[MQTT-2.2.1-3]', '[MQTT-2.3.1-1]'),
				'The packet identifier is 0; a QoS 1 or 2 PUBLISH needs a non-zero one.',
			);
		}
	}
	let properties: Properties | undefined;
	if (r.level === 5) {
		properties = readProperties(r, 'PUBLISH', 'properties');
		// [MQTT-3.3.4-6] the server adds Subscription Identifiers; a client's PUBLISH has none.
		if (r.sender === 'client' && properties.subscriptionIdentifier !== undefined && !r.stopped) {
			r.violate(
				propertyStart(r, 'subscriptionIdentifier'),
				'[MQTT-3.3.4-6]',
				'A PUBLISH sent by a client carries a Subscription Identifier; only the server adds them.',
			);
		}
		// 3.3.2.3.4: an empty topic name is only allowed with a topic alias.
		if (topicName.length === 0 && properties.topicAlias === undefined && !r.stopped) {
			r.violate(
				topicStart,
				'[MQTT-3.3.2.3.4]',
				'The topic name is empty and there is no topic alias to stand in for it.',
			);
		}
	} else if (topicName.length === 0 && !r.stopped) {
		// 3.1.1 [MQTT-4.7.3-1]: topic names are at least one character long.
		r.violate(
			topicStart,
			'[MQTT-4.7.3-1]',
			'The topic name is empty; it must be at least one character.',
		);
	}
	const payloadStart = r.pos;
	const payload = r.bytes.subarray(payloadStart, Math.max(payloadStart, r.limit));
	if (!r.stopped) {
		r.pos = r.limit;
		r.add('payload', payloadStart, payload);
	}
	// Keys in wire order: JSON output and the codec panel list them as they appear.
	const packet: PublishPacket = {
		type: 'PUBLISH',
		dup,
		qos: (qos === 3 ? 2 : qos) as QoS,
		retain: (flags & 1) !== 0,
		topicName,
	} as PublishPacket;
	if (packetId !== undefined) packet.packetId = packetId;
	if (properties !== undefined) packet.properties = properties;
	packet.payload = payload;
	return packet;
}

/** The fixed header flags for a PUBLISH model. */
export function publishFlags(packet: PublishPacket): number {
	return (packet.dup === true ? 8 : 0) | ((packet.qos & 3) << 1) | (packet.retain === true ? 1 : 0);
}

export function encodePublish(w: Writer, packet: PublishPacket, level: ProtocolLevel): void {
	if (packet.qos !== 0 && packet.qos !== 1 && packet.qos !== 2) {
		return w.fail('qos', 'qos must be 0, 1 or 2.');
	}
	w.utf8(packet.topicName, 'topicName');
	if (packet.qos > 0) w.u16(packet.packetId, 'packetId');
	if (level === 5) writeProperties(w, packet.properties, 'PUBLISH', 'properties');
	if (!(packet.payload instanceof Uint8Array)) return w.fail('payload', 'payload must be bytes.');
	w.raw(packet.payload);
}
