/** SUBSCRIBE (MQTT 5.0 section 3.8, 3.1.1 section 3.8). */
import { findTopicFilterProblem, parseSharedFilter } from '../topic';
import { readProperties, writeProperties } from './property-block';
import { bitField, type Reader } from './reader';
import type { Field, ProtocolLevel, QoS, SubscribePacket, Subscription } from './types';
import type { Writer } from './writer';

/** Reads a topic filter string and reports the first rule it breaks. */
export function readTopicFilter(r: Reader): string {
	const start = r.pos;
	const filter = r.readString('topicFilter');
	if (!r.stopped) {
		const problem = findTopicFilterProblem(filter, r.level);
		if (problem !== undefined)
			r.violate(start, problem.rule, `Topic filter '${filter}': ${problem.message}`);
	}
	return filter;
}

export function readPacketIdentifier(r: Reader, type: string): number {
	const start = r.pos;
	const packetId = r.readU16('packetId');
	// 5.0 [MQTT-2.2.1-3], 3.1.1 [MQTT-2.3.1-1]: SUBSCRIBE and UNSUBSCRIBE need a non-zero identifier.
	if (packetId === 0 && !r.stopped) {
		r.violate(
			start,
			r.rule('[MQTT-2.2.1-3]', '[MQTT-2.3.1-1]'),
			`The packet identifier is 0; a ${type} needs a non-zero one.`,
		);
	}
	return packetId;
}

function readOptions(r: Reader, subscription: Subscription): void {
	const start = r.pos;
	const options = r.u8('subscriptionOptions');
	if (r.stopped) return;
	const qos = options & 3;
	const children: Field[] = [bitField('qos', start, 0x03, qos)];
	subscription.qos = (qos === 3 ? 2 : qos) as QoS;
	if (r.level === 5) {
		subscription.noLocal = (options & 4) !== 0;
		subscription.retainAsPublished = (options & 8) !== 0;
		const retainHandling = (options >> 4) & 3;
		subscription.retainHandling = (retainHandling === 3 ? 2 : retainHandling) as 0 | 1 | 2;
		children.push(
			bitField('noLocal', start, 0x04, subscription.noLocal),
			bitField('retainAsPublished', start, 0x08, subscription.retainAsPublished),
			bitField('retainHandling', start, 0x30, retainHandling),
			bitField('reserved', start, 0xc0, options >> 6),
		);
		// 3.8.3.1: QoS 3 and Retain Handling 3 are protocol errors.
		if (qos === 3)
			r.violate(start, '[MQTT-3.8.3.1]', 'The requested QoS is 3; it must be 0, 1 or 2.');
		if (retainHandling === 3)
			r.violate(start, '[MQTT-3.8.3.1]', 'Retain handling is 3; it must be 0, 1 or 2.');
		// [MQTT-3.8.3-5] bits 6 and 7 of the subscription options are reserved.
		if ((options & 0xc0) !== 0)
			r.violate(
				start,
				'[MQTT-3.8.3-5]',
				'Bits 6 and 7 of the subscription options are reserved and must be 0.',
			);
		// [MQTT-3.8.3-4] No Local on a shared subscription is a protocol error.
		if (subscription.noLocal && parseSharedFilter(subscription.topicFilter) !== undefined) {
			r.violate(
				start,
				'[MQTT-3.8.3-4]',
				'No Local is set on a shared subscription, which is not allowed.',
			);
		}
	} else {
		children.push(bitField('reserved', start, 0xfc, options >> 2));
	}
	if (r.level !== 5 && (qos === 3 || (options & 0xfc) !== 0)) {
		// 3.1.1 [MQTT-3.8.3-4]: reserved bits 0 and QoS 0, 1 or 2.
		r.violate(
			start,
			'[MQTT-3.8.3-4]',
			'The requested QoS byte must be 0, 1 or 2 with the upper six bits 0.',
		);
	}
	r.add('subscriptionOptions', start, options, children);
}

export function decodeSubscribe(r: Reader): SubscribePacket {
	const packetId = readPacketIdentifier(r, 'SUBSCRIBE');
	const packet: SubscribePacket = { type: 'SUBSCRIBE', packetId, subscriptions: [] };
	if (r.level === 5) packet.properties = readProperties(r, 'SUBSCRIBE', 'properties');
	const listStart = r.pos;
	const outer = r.beginGroup();
	while (r.pos < r.limit && !r.stopped) {
		const start = r.pos;
		const itemOuter = r.beginGroup();
		const subscription: Subscription = { topicFilter: readTopicFilter(r), qos: 0 };
		readOptions(r, subscription);
		r.endGroup(itemOuter, String(packet.subscriptions.length), start);
		packet.subscriptions.push(subscription);
	}
	r.endGroup(outer, 'subscriptions', listStart);
	// 5.0 [MQTT-3.8.3-2], 3.1.1 [MQTT-3.8.3-3]: at least one subscription.
	if (packet.subscriptions.length === 0 && !r.stopped) {
		r.violate(
			r.pos,
			r.rule('[MQTT-3.8.3-2]', '[MQTT-3.8.3-3]'),
			'The SUBSCRIBE has no topic filters; it must carry at least one.',
		);
	}
	return packet;
}

export function encodeSubscribe(w: Writer, packet: SubscribePacket, level: ProtocolLevel): void {
	w.u16(packet.packetId, 'packetId');
	if (level === 5) writeProperties(w, packet.properties, 'SUBSCRIBE', 'properties');
	if (!Array.isArray(packet.subscriptions))
		return w.fail('subscriptions', 'subscriptions must be a list.');
	packet.subscriptions.forEach((subscription, index) => {
		const path = `subscriptions.${index}`;
		w.utf8(subscription.topicFilter, `${path}.topicFilter`);
		const qos = subscription.qos;
		if (qos !== 0 && qos !== 1 && qos !== 2) return w.fail(`${path}.qos`, 'qos must be 0, 1 or 2.');
		let options: number = qos;
		if (level === 5) {
			const retainHandling = subscription.retainHandling ?? 0;
			if (retainHandling !== 0 && retainHandling !== 1 && retainHandling !== 2) {
				return w.fail(`${path}.retainHandling`, 'retainHandling must be 0, 1 or 2.');
			}
			if (subscription.noLocal === true) options |= 4;
			if (subscription.retainAsPublished === true) options |= 8;
			options |= retainHandling << 4;
		}
		w.u8(options, `${path}.qos`);
	});
}
