import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../../../shared/mqtt/codec';
import {
	draftToPacket,
	encodeDraft,
	spacedHex,
} from '../../../renderer/features/codec/build-packet';
import { newDraft, type PacketDraft } from '../../../renderer/features/codec/packet-draft';
import {
	PACKET_TYPES,
	propertyOptions,
	reasonCodeOptions,
} from '../../../renderer/features/codec/form-options';

function draft(changes: Partial<PacketDraft>): PacketDraft {
	return { ...newDraft(), ...changes };
}

function built(changes: Partial<PacketDraft>) {
	const result = encodeDraft(draft(changes));
	if (!result.ok) throw new Error(result.message);
	return result;
}

describe('encodeDraft', () => {
	it('builds a v5 PUBLISH with properties and user properties', () => {
		const result = built({
			type: 'PUBLISH',
			level: 5,
			topicName: 'a/b',
			payload: 'hi',
			qos: 1,
			packetId: 9,
			retain: true,
			properties: [
				{ id: 1, name: 'messageExpiryInterval', value: '60' },
				{ id: 2, name: 'correlationData', value: 'ca fe' },
			],
			userProperties: [['k', 'v']],
		});
		// 0x33: PUBLISH, QoS 1, retain; topic 'a/b'; id 9; 5 + 5 + 7 property bytes; 'hi'.
		expect(result.hex).toBe(
			'331b' +
				'0003612f62' +
				'0009' +
				'11' +
				'020000003c' +
				'090002cafe' +
				'2600016b000176' +
				'6869',
		);
		const packet = decodeFrame(result.bytes, { protocolLevel: 5 }).packet;
		expect(packet).toMatchObject({
			type: 'PUBLISH',
			properties: { messageExpiryInterval: 60, userProperties: [['k', 'v']] },
		});
	});

	it('leaves the packet identifier out of a QoS 0 PUBLISH and reads the payload as hex', () => {
		expect(
			built({ level: 4, topicName: 't', qos: 0, payload: '00 ff', isPayloadHex: true }).hex,
		).toBe('3005000174' + '00ff');
	});

	it('builds a 3.1.1 CONNECT with a will, user name and password', () => {
		const result = built({
			type: 'CONNECT',
			level: 4,
			clientId: 'c',
			keepAlive: 30,
			cleanStart: true,
			hasWill: true,
			willTopic: 'w',
			willPayload: 'x',
			willQos: 1,
			willRetain: true,
			username: 'u',
			password: 'p',
		});
		const packet = decodeFrame(result.bytes).packet;
		expect(packet).toMatchObject({
			type: 'CONNECT',
			protocolLevel: 4,
			cleanSession: true,
			keepAlive: 30,
			clientId: 'c',
			willTopic: 'w',
			willQos: 1,
			willRetain: true,
			username: 'u',
		});
	});

	it('builds a v5 SUBSCRIBE with subscription options', () => {
		const result = built({
			type: 'SUBSCRIBE',
			level: 5,
			packetId: 3,
			subscriptions: [
				{
					id: 0,
					topicFilter: 'a/#',
					qos: 2,
					noLocal: true,
					retainAsPublished: true,
					retainHandling: 2,
				},
			],
		});
		// options: QoS 2 | noLocal 4 | RAP 8 | retain handling 2 << 4 = 0x2e.
		expect(result.hex).toBe('820900030000' + '03612f23' + '2e');
		expect(spacedHex(result.hex)).toBe('82 09 00 03 00 00 03 61 2f 23 2e');
	});

	it('builds acks with reason codes and lists', () => {
		expect(built({ type: 'PUBACK', level: 4, packetId: 5 }).hex).toBe('40020005');
		expect(built({ type: 'PUBREC', level: 5, packetId: 5, reasonCode: 0x10 }).hex).toBe(
			'5003000510',
		);
		expect(built({ type: 'SUBACK', level: 4, packetId: 5, reasonCodes: '1, 0x80' }).hex).toBe(
			'9004000501' + '80',
		);
		expect(built({ type: 'DISCONNECT', level: 5, reasonCode: 0 }).hex).toBe('e000');
		expect(built({ type: 'PINGREQ', level: 4 }).hex).toBe('c000');
		expect(built({ type: 'UNSUBSCRIBE', level: 4, packetId: 2, topicFilters: 'a\nb\n' }).hex).toBe(
			'a20800020001610001' + '62',
		);
	});

	it('says what is wrong with the form or the packet', () => {
		const message = (changes: Partial<PacketDraft>): string => {
			const result = encodeDraft(draft(changes));
			return result.ok ? 'no error' : result.message;
		};
		expect(message({ isPayloadHex: true, payload: 'xyz' })).toBe(
			'The payload is not valid hex (two digits per byte).',
		);
		expect(message({ qos: 1, packetId: null })).toBe(
			'The packet identifier must be a whole number.',
		);
		expect(message({ properties: [{ id: 1, name: 'messageExpiryInterval', value: 'soon' }] })).toBe(
			"Message Expiry Interval must be a whole number, not 'soon'.",
		);
		expect(
			message({
				properties: [
					{ id: 1, name: 'contentType', value: 'a' },
					{ id: 2, name: 'contentType', value: 'b' },
				],
			}),
		).toBe('Content Type is set twice; it may appear only once.');
		expect(message({ properties: [{ id: 1, name: 'serverKeepAlive', value: '5' }] })).toContain(
			'not allowed in a PUBLISH packet',
		);
		expect(message({ type: 'AUTH', level: 4 })).toContain('AUTH exists in MQTT 5 only');
		expect(message({ type: 'SUBACK', reasonCodes: 'one' })).toContain('Each reason code');
	});

	it('keeps only the chosen type’s fields in the model', () => {
		const result = draftToPacket(draft({ type: 'PINGRESP' }));
		expect(result).toEqual({ ok: true, packet: { type: 'PINGRESP' } });
	});
});

describe('form options', () => {
	it('offers all 15 packet types', () => {
		expect(PACKET_TYPES).toHaveLength(15);
		expect(PACKET_TYPES[0]).toBe('CONNECT');
		expect(PACKET_TYPES.at(-1)).toBe('AUTH');
	});

	it('offers the reason codes of the packet type and level', () => {
		expect(reasonCodeOptions('DISCONNECT', 5).map((option) => option.code)).toContain(0x8d);
		expect(reasonCodeOptions('PUBACK', 5).map((option) => option.code)).not.toContain(0x8d);
		expect(reasonCodeOptions('CONNACK', 4)).toHaveLength(6);
		expect(reasonCodeOptions('PUBACK', 4)).toEqual([]);
	});

	it('offers only the properties allowed in the block, without user properties', () => {
		const names = propertyOptions('PUBLISH').map((definition) => definition.name);
		expect(names).toContain('contentType');
		expect(names).not.toContain('sessionExpiryInterval');
		expect(names).not.toContain('userProperties');
		expect(propertyOptions('WILL').map((definition) => definition.name)).toContain(
			'willDelayInterval',
		);
	});
});
