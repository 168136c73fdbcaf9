import { describe, expect, it } from 'vitest';
import { encodePacket } from '../../../../shared/mqtt/codec/encode';
import { peekHeader } from '../../../../shared/mqtt/codec/peek';
import type { Packet, ProtocolLevel } from '../../../../shared/mqtt/codec/types';

function frame(packet: Packet, protocolLevel: ProtocolLevel = 4): Uint8Array {
	const result = encodePacket(packet, { protocolLevel });
	if (!result.ok) throw new Error(`cannot encode ${packet.type}: ${result.error.message}`);
	return result.value;
}

function connect(protocolLevel: ProtocolLevel): Uint8Array {
	return frame({
		type: 'CONNECT',
		protocolName: protocolLevel === 3 ? 'MQIsdp' : 'MQTT',
		protocolLevel,
		keepAlive: 60,
		clientId: 'peek-test',
		...(protocolLevel === 5 ? { cleanStart: true } : { cleanSession: true }),
	});
}

function publish(
	topicName: string,
	qos: 0 | 1 | 2,
	packetId?: number,
	options: { dup?: boolean; payload?: string } = {},
): Uint8Array {
	return frame({
		type: 'PUBLISH',
		dup: options.dup ?? false,
		qos,
		retain: false,
		topicName,
		...(packetId === undefined ? {} : { packetId }),
		payload: new TextEncoder().encode(options.payload ?? 'hello'),
	});
}

function ack(type: 'PUBACK' | 'PUBREC', packetId: number, level: ProtocolLevel = 4): Uint8Array {
	return frame({ type, packetId }, level);
}

describe('peekHeader reads what the list and pairing need without decoding', () => {
	it('PUBLISH: type, QoS, DUP, retain, packet id, topic and payload size', () => {
		const peek = peekHeader(publish('sensors/a', 1, 7, { dup: true, payload: 'x'.repeat(12) }), 4);
		expect(peek).toMatchObject({
			typeCode: 3,
			qos: 1,
			isDup: true,
			isRetain: false,
			packetId: 7,
			topic: 'sensors/a',
			payloadBytes: 12,
		});
	});

	it('PUBLISH at QoS 0 has no packet id', () => {
		const peek = peekHeader(publish('a/b', 0), 4);
		expect(peek.packetId).toBeUndefined();
		expect(peek.payloadBytes).toBe(5);
	});

	it('MQTT 5 PUBLISH: skips the property block to size the payload', () => {
		const bytes = frame(
			{
				type: 'PUBLISH',
				dup: false,
				qos: 2,
				retain: true,
				topicName: 'é/ünïcode',
				packetId: 300,
				properties: { contentType: 'text/plain', messageExpiryInterval: 60 },
				payload: new Uint8Array(40),
			},
			5,
		);
		const peek = peekHeader(bytes, 5);
		expect(peek).toMatchObject({
			qos: 2,
			isRetain: true,
			packetId: 300,
			topic: 'é/ünïcode',
			payloadBytes: 40,
		});
	});

	it('acks: packet id, and on MQTT 5 the reason code (0 when omitted)', () => {
		expect(peekHeader(ack('PUBACK', 9), 4)).toMatchObject({ typeCode: 4, packetId: 9 });
		expect(peekHeader(ack('PUBACK', 9), 4).reasonCode).toBeUndefined();
		expect(peekHeader(ack('PUBREC', 9, 5), 5)).toMatchObject({ packetId: 9, reasonCode: 0 });
		const refused = frame({ type: 'PUBACK', packetId: 3, reasonCode: 0x87 }, 5);
		expect(peekHeader(refused, 5)).toMatchObject({ packetId: 3, reasonCode: 0x87 });
	});

	it('SUBSCRIBE: the QoS requested per filter; SUBACK: the codes granted', () => {
		for (const level of [4, 5] as const) {
			const subscribe = frame(
				{
					type: 'SUBSCRIBE',
					packetId: 2,
					subscriptions: [
						{ topicFilter: 'a/#', qos: 2 },
						{ topicFilter: 'b/+', qos: 1 },
					],
				},
				level,
			);
			expect(peekHeader(subscribe, level)).toMatchObject({
				packetId: 2,
				requestedQos: [2, 1],
				filterCount: 2,
			});
			const suback = frame({ type: 'SUBACK', packetId: 2, reasonCodes: [1, 0x80] }, level);
			expect(peekHeader(suback, level)).toMatchObject({ packetId: 2, reasonCodes: [1, 0x80] });
		}
	});

	it('UNSUBSCRIBE counts its filters; CONNECT states its level; CONNACK its code', () => {
		const unsubscribe = frame({ type: 'UNSUBSCRIBE', packetId: 4, topicFilters: ['a', 'b', 'c'] });
		expect(peekHeader(unsubscribe, 4)).toMatchObject({ packetId: 4, filterCount: 3 });
		expect(peekHeader(connect(5), 4).connectLevel).toBe(5);
		expect(peekHeader(connect(3), 4).connectLevel).toBe(3);
		const connack = frame({ type: 'CONNACK', sessionPresent: false, reasonCode: 5 });
		expect(peekHeader(connack, 4)).toMatchObject({ typeCode: 2, reasonCode: 5 });
	});

	it('never throws on short or garbage frames: says what it could not read', () => {
		const whole = publish('sensors/a', 1, 7);
		for (let length = 0; length < whole.length; length++) {
			const peek = peekHeader(whole.subarray(0, length), 4);
			expect(peek.isTruncated).toBe(true);
		}
		expect(peekHeader(new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff]), 4).remainingLength).toBe(-1);
		expect(() => peekHeader(new Uint8Array([0x82, 0x05, 0x00]), 5)).not.toThrow();
	});

	it('reads the Topic Alias of an MQTT 5 PUBLISH, after any other properties', () => {
		const aliased = (topicName: string, properties: Record<string, unknown>): Uint8Array =>
			frame(
				{
					type: 'PUBLISH',
					dup: false,
					qos: 1,
					retain: false,
					topicName,
					packetId: 3,
					properties,
					payload: new Uint8Array([1, 2]),
				},
				5,
			);
		expect(peekHeader(aliased('', { topicAlias: 12 }), 5)).toMatchObject({
			topic: '',
			topicAlias: 12,
			packetId: 3,
			payloadBytes: 2,
		});
		const crowded = aliased('a/b', {
			contentType: 'text/plain',
			userProperties: [['k', 'v']],
			subscriptionIdentifier: 300,
			topicAlias: 65_535,
		});
		expect(peekHeader(crowded, 5)).toMatchObject({ topic: 'a/b', topicAlias: 65_535 });
		// No alias, an empty block, and 3.1.1 (no properties at all): nothing.
		expect(peekHeader(aliased('a', { contentType: 'x' }), 5).topicAlias).toBeUndefined();
		expect(peekHeader(aliased('a', {}), 5).topicAlias).toBeUndefined();
		expect(peekHeader(publish('a', 0), 4).topicAlias).toBeUndefined();
	});
});
