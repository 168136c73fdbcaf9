import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import { chooseLevel, type LevelBasis } from '../../../../shared/mqtt/codec/choose-level';
import {
	encodePacket,
	fromHexDigits,
	toHex,
	type Packet,
	type ProtocolLevel,
} from '../../../../shared/mqtt/codec/index';
import { createRandom, PacketGenerator } from './random';

function encode(packet: Packet, protocolLevel: ProtocolLevel): string {
	const result = encodePacket(packet, { protocolLevel });
	if (!result.ok) throw new Error(result.error.message);
	return toHex(result.value);
}

function bytes(hex: string): Uint8Array {
	const value = fromHexDigits(hex);
	if (value === undefined) throw new Error(`bad hex ${hex}`);
	return value;
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

const V5_PUBLISH_WITH_PROPERTIES = encode(
	{
		type: 'PUBLISH',
		dup: false,
		qos: 1,
		retain: false,
		topicName: 'plant/line1/temperature',
		packetId: 42,
		properties: { contentType: 'application/json', userProperties: [['site', 'lyon']] },
		payload: text('{"celsius":182.5}'),
	},
	5,
);

interface Row {
	readonly name: string;
	readonly hex: string;
	readonly level: ProtocolLevel;
	readonly basis: LevelBasis;
	/** Words the reason must contain. */
	readonly reason: readonly string[];
	/** The level of the other clean reading offered, if any. */
	readonly alternative?: ProtocolLevel;
}

const ROWS: readonly Row[] = [
	{
		name: 'v5 PUBLISH with content type and a user property',
		hex: V5_PUBLISH_WITH_PROPERTIES,
		level: 5,
		basis: 'both-clean',
		reason: ['after the packet id', 'property block (Content Type, User Property)', 'payload'],
		alternative: 4,
	},
	{
		name: 'v5 PUBLISH with zero properties and a text payload',
		hex: encode(
			{
				type: 'PUBLISH',
				dup: false,
				qos: 0,
				retain: false,
				topicName: 'a/b',
				properties: {},
				payload: text('21.5'),
			},
			5,
		),
		level: 5,
		basis: 'both-clean',
		reason: ['0x00 after the topic name', 'empty property block', 'MQTT 5 PUBLISH', 'payload'],
		alternative: 4,
	},
	{
		name: 'v5 PUBLISH clearing a retained message (no properties, no payload)',
		hex: '31060003612f6200',
		level: 5,
		basis: 'both-clean',
		reason: ['empty property block'],
		alternative: 4,
	},
	{
		name: '3.1.1 PUBLISH with a JSON payload',
		hex: encode(
			{
				type: 'PUBLISH',
				dup: false,
				qos: 1,
				retain: false,
				topicName: 'a/b',
				packetId: 7,
				payload: text('{"a":1}'),
			},
			4,
		),
		level: 4,
		basis: 'only-clean',
		reason: ['Only MQTT 3.1.1 reads these bytes without error', 'As MQTT 5.0:'],
	},
	{
		name: '3.1.1 PUBLISH whose payload starts with 0x05, a possible property length',
		// 05 01 02 …: a Payload Format Indicator of 2, which 5.0 does not allow.
		hex: '300b0003612f62050102030405',
		level: 4,
		basis: 'only-clean',
		reason: ['Payload Format Indicator property is 2'],
	},
	{
		name: '3.1.1 PUBLISH whose binary payload happens to be a valid property block',
		// 03 23 00 07: Topic Alias 7, then 'hi'. Possible by chance; 5.0 wins, 3.1.1 is offered.
		hex: '300b0003612f620323000768 69'.replace(/ /g, ''),
		level: 5,
		basis: 'both-clean',
		reason: ['4 bytes after the topic name', '(Topic Alias)'],
		alternative: 4,
	},
	{
		name: '3.1.1 PUBLISH with an empty payload',
		hex: '30050003612f62',
		level: 4,
		basis: 'only-clean',
		reason: ['As MQTT 5.0:', 'property length'],
	},
	{
		name: "3.1.1 PUBLISH whose text payload starts with '#', the Topic Alias identifier",
		hex: '30080003612f62236869',
		level: 4,
		basis: 'only-clean',
		reason: ['Only MQTT 3.1.1'],
	},
	{
		name: '3.1.1 SUBACK granting QoS 1',
		hex: '9003000a01',
		level: 4,
		basis: 'only-clean',
		reason: ['Only MQTT 3.1.1'],
	},
	{
		name: 'v5 SUBACK refusing with Not authorized (0x87)',
		hex: '9004000a0087',
		level: 5,
		basis: 'only-clean',
		reason: ['Only MQTT 5.0', '135 (0x87) is not a SUBACK return code'],
	},
	{
		name: 'v5 SUBACK granting QoS 1 without properties',
		hex: '9004000a0001',
		level: 5,
		basis: 'both-clean',
		reason: ['0x00 after the packet id', 'MQTT 5 SUBACK', 'part of the reason codes'],
		alternative: 4,
	},
	{
		name: 'v5 SUBACK with a reason string',
		hex: '9009000a051f00026f6b00',
		level: 5,
		basis: 'only-clean',
		reason: ['Only MQTT 5.0'],
	},
	{
		name: 'PUBACK without a reason code',
		hex: '40020005',
		level: 4,
		basis: 'same-reading',
		reason: ['read these bytes the same way'],
	},
	{
		name: 'PUBACK with reason code No matching subscribers',
		hex: '4003000510',
		level: 5,
		basis: 'only-clean',
		reason: ['Only MQTT 5.0', 'left over'],
	},
	{
		name: 'DISCONNECT without a reason code',
		hex: 'e000',
		level: 4,
		basis: 'same-reading',
		reason: ['the same way'],
	},
	{
		name: 'DISCONNECT Session taken over',
		hex: 'e0018e',
		level: 5,
		basis: 'only-clean',
		reason: ['Only MQTT 5.0'],
	},
	{
		name: 'AUTH continue authentication with a method',
		hex: 'f00718051500026d31',
		level: 5,
		basis: 'only-clean',
		reason: ['As MQTT 3.1.1: Packet type 15 is reserved before MQTT 5'],
	},
	{
		name: 'AUTH success, empty',
		hex: 'f000',
		level: 5,
		basis: 'only-clean',
		reason: ['reserved before MQTT 5'],
	},
	{
		name: 'CONNACK 3.1.1',
		hex: '20020100',
		level: 4,
		basis: 'only-clean',
		reason: ['Only MQTT 3.1.1'],
	},
	{
		name: 'CONNACK 5 refused',
		hex: '2003008600',
		level: 5,
		basis: 'only-clean',
		reason: ['Only MQTT 5.0'],
	},
	{
		name: 'PINGREQ',
		hex: 'c000',
		level: 4,
		basis: 'same-reading',
		reason: ['the same way'],
	},
	{
		name: 'CONNECT 5',
		hex: '101000044d5154540502003c000003616263',
		level: 5,
		basis: 'connect',
		reason: ['protocol level 5 is MQTT 5.0'],
	},
	{
		name: 'CONNECT 3.1',
		hex: '100f00064d514973647003020000000161',
		level: 3,
		basis: 'connect',
		reason: ['protocol level 3 is MQTT 3.1'],
	},
	{
		name: 'SUBSCRIBE with flags 0000: broken either way, 3.1.1 reads all of it',
		hex: '8008000a0003612f2301',
		level: 4,
		basis: 'neither-clean',
		reason: ['Neither level', 'MQTT 3.1.1 makes sense of as much of them or more'],
	},
	{
		name: 'AUTH with an unknown reason code: broken either way, 5.0 reads further',
		hex: 'f00199',
		level: 5,
		basis: 'neither-clean',
		reason: ['MQTT 5.0 reads further', 'at byte 2', 'at byte 0'],
	},
];

describe('chooseLevel: the level a frame is read at when nobody said', () => {
	it.each(ROWS)('$name → $basis', ({ hex, level, basis, reason, alternative }) => {
		const chosen = chooseLevel(bytes(hex));
		expect(chosen.frame.protocolLevel).toBe(level);
		expect(chosen.basis).toBe(basis);
		for (const part of reason) expect(chosen.reason).toContain(part);
		expect(chosen.alternative?.protocolLevel).toBe(alternative);
		if (basis === 'neither-clean') expect(chosen.frame.error).toBeDefined();
		else expect(chosen.frame.error).toBeUndefined();
		if (chosen.alternative !== undefined) expect(chosen.alternative.error).toBeUndefined();
	});

	it('offers the 3.1.1 reading of a v5 PUBLISH: the property block becomes payload', () => {
		const { frame, alternative } = chooseLevel(bytes(V5_PUBLISH_WITH_PROPERTIES));
		const v5 = frame.packet;
		const v311 = alternative?.packet;
		if (v5?.type !== 'PUBLISH' || v311?.type !== 'PUBLISH') throw new Error('not PUBLISH');
		expect(v5.properties?.userProperties).toEqual([['site', 'lyon']]);
		expect(new TextDecoder().decode(v5.payload)).toBe('{"celsius":182.5}');
		expect(v311.properties).toBeUndefined();
		// 1 length byte, Content Type 1 + 2 + 16, User Property 1 + 2 + 4 + 2 + 4.
		expect(v311.payload.length).toBe(v5.payload.length + 33);
		expect(toHex(v311.payload.subarray(0, 2))).toBe('2003');
	});

	it('follows an earlier CONNECT, whatever the bytes allow', () => {
		const chosen = chooseLevel(bytes('9004000a0001'), { connectLevel: 4 });
		expect(chosen.basis).toBe('earlier-connect');
		expect(chosen.alternative).toBeUndefined();
		expect(chosen.frame.protocolLevel).toBe(4);
		expect(chosen.reason).toBe('An earlier CONNECT asked for MQTT 3.1.1.');
		// A CONNECT still states its own level.
		expect(
			chooseLevel(bytes('101000044d5154540502003c000003616263'), { connectLevel: 4 }).frame,
		).toMatchObject({ protocolLevel: 5 });
	});

	it('never throws and says why on empty or garbage input', () => {
		for (const hex of ['', '00', 'ff', '30ffffffff01']) {
			const chosen = chooseLevel(bytes(hex));
			expect(chosen.basis).toBe('neither-clean');
			expect(chosen.reason.length).toBeGreaterThan(20);
		}
	});

	it('reads every random v5 frame as 5.0, unless both levels read it the same way', () => {
		const generator = new PacketGenerator(createRandom(4005));
		for (let i = 0; i < 1000; i++) {
			const source = generator.packet(5);
			if (source.cmd === 'connect') continue;
			const wire = new Uint8Array(mqttPacket.generate(source as never, { protocolVersion: 5 }));
			const chosen = chooseLevel(wire);
			const label = `${source.cmd} ${toHex(wire)}`;
			if (chosen.basis === 'same-reading') continue;
			expect(chosen.frame.protocolLevel, label).toBe(5);
			expect(chosen.frame.error, label).toBeUndefined();
		}
	});

	it('reads a random 3.1.1 frame as 3.1.1 unless 5.0 finds a property block in it', () => {
		const generator = new PacketGenerator(createRandom(4004));
		for (let i = 0; i < 1000; i++) {
			const source = generator.packet(4);
			if (source.cmd === 'connect') continue;
			const wire = new Uint8Array(mqttPacket.generate(source as never, { protocolVersion: 4 }));
			const chosen = chooseLevel(wire);
			const label = `${source.cmd} ${toHex(wire)}`;
			if (chosen.basis === 'both-clean') {
				// The chance case of the rule: the 3.1.1 reading is the one offered.
				expect(chosen.alternative?.protocolLevel, label).toBe(4);
				expect(chosen.reason, label).toContain('property block');
				continue;
			}
			expect(chosen.frame.protocolLevel, label).toBe(4);
			expect(chosen.frame.error, label).toBeUndefined();
		}
	});
});
