/**
 * Example frames for the decode box: one per packet type in 3.1.1 and 5.0, and broken ones.
 *
 * Valid examples are packet models run through the encoder, so they always match the codec;
 * broken ones are hand-written bytes with the rule they break in the label.
 */
import { encodePacket, toHex } from '../../../shared/mqtt/codec';
import type { Packet, ProtocolLevel } from '../../../shared/mqtt/codec/types';

export interface Example {
	readonly id: string;
	readonly label: string;
	readonly group: 'MQTT 3.1.1' | 'MQTT 5.0' | 'Broken';
	readonly level: ProtocolLevel;
	/** Spaced lowercase hex, as it goes into the decode box. */
	readonly hex: string;
}

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

const V311: readonly Packet[] = [
	{
		type: 'CONNECT',
		protocolName: 'MQTT',
		protocolLevel: 4,
		cleanSession: true,
		keepAlive: 60,
		clientId: 'sensor-42',
		willTopic: 'sensors/42/status',
		willPayload: text('offline'),
		willQos: 1,
		willRetain: true,
		username: 'device',
		password: text('secret'),
	},
	{ type: 'CONNACK', sessionPresent: false, reasonCode: 0 },
	{
		type: 'PUBLISH',
		dup: false,
		qos: 1,
		retain: true,
		topicName: 'plant/line1/temperature',
		packetId: 10,
		payload: text('182.5'),
	},
	{ type: 'PUBACK', packetId: 10 },
	{ type: 'PUBREC', packetId: 11 },
	{ type: 'PUBREL', packetId: 11 },
	{ type: 'PUBCOMP', packetId: 11 },
	{
		type: 'SUBSCRIBE',
		packetId: 2,
		subscriptions: [
			{ topicFilter: 'plant/+/temperature', qos: 1 },
			{ topicFilter: 'alerts/#', qos: 2 },
		],
	},
	{ type: 'SUBACK', packetId: 2, reasonCodes: [1, 0x80] },
	{ type: 'UNSUBSCRIBE', packetId: 3, topicFilters: ['alerts/#'] },
	{ type: 'UNSUBACK', packetId: 3 },
	{ type: 'PINGREQ' },
	{ type: 'PINGRESP' },
	{ type: 'DISCONNECT' },
];

const V5: readonly Packet[] = [
	{
		type: 'CONNECT',
		protocolName: 'MQTT',
		protocolLevel: 5,
		cleanStart: true,
		keepAlive: 30,
		properties: { sessionExpiryInterval: 3600, receiveMaximum: 20 },
		clientId: 'sensor-42',
		willTopic: 'sensors/42/status',
		willPayload: text('offline'),
		willQos: 0,
		willRetain: false,
		willProperties: { willDelayInterval: 10 },
	},
	{
		type: 'CONNACK',
		sessionPresent: false,
		reasonCode: 0,
		properties: { assignedClientIdentifier: 'auto-7f3a', topicAliasMaximum: 10 },
	},
	{
		type: 'PUBLISH',
		dup: false,
		qos: 1,
		retain: false,
		topicName: 'sensors/42/temperature',
		packetId: 7,
		properties: {
			payloadFormatIndicator: 1,
			messageExpiryInterval: 120,
			contentType: 'application/json',
			responseTopic: 'replies/42',
			correlationData: Uint8Array.from([0xca, 0xfe]),
			userProperties: [['unit', 'celsius']],
		},
		payload: text('{"value":21.5}'),
	},
	{ type: 'PUBACK', packetId: 7, reasonCode: 0x10, properties: {} },
	{ type: 'PUBREC', packetId: 8, reasonCode: 0, properties: {} },
	{ type: 'PUBREL', packetId: 8, reasonCode: 0x92, properties: { reasonString: 'unknown id' } },
	{ type: 'PUBCOMP', packetId: 8, reasonCode: 0, properties: {} },
	{
		type: 'SUBSCRIBE',
		packetId: 4,
		properties: { subscriptionIdentifier: 5 },
		subscriptions: [
			{
				topicFilter: 'sensors/#',
				qos: 1,
				noLocal: true,
				retainAsPublished: false,
				retainHandling: 1,
			},
		],
	},
	{ type: 'SUBACK', packetId: 4, properties: {}, reasonCodes: [1] },
	{ type: 'UNSUBSCRIBE', packetId: 5, properties: {}, topicFilters: ['sensors/#'] },
	{ type: 'UNSUBACK', packetId: 5, properties: {}, reasonCodes: [0x11] },
	{ type: 'PINGREQ' },
	{ type: 'PINGRESP' },
	{
		type: 'DISCONNECT',
		reasonCode: 0x8d,
		properties: { reasonString: 'keep alive timeout' },
	},
	{
		type: 'AUTH',
		reasonCode: 0x18,
		properties: { authenticationMethod: 'SCRAM-SHA-1', authenticationData: text('c=biws') },
	},
];

function spaced(bytes: Uint8Array): string {
	return toHex(bytes).replace(/(..)(?!$)/g, '$1 ');
}

function fromPacket(packet: Packet, level: 4 | 5): Example {
	const encoded = encodePacket(packet, { protocolLevel: level });
	// A bad model here is a bug in this table, not user input.
	if (!encoded.ok) throw new Error(`example ${packet.type} v${level}: ${encoded.error.message}`);
	const group = level === 5 ? 'MQTT 5.0' : 'MQTT 3.1.1';
	return {
		id: `${level}-${packet.type}`,
		label: `${packet.type} (${level === 5 ? '5.0' : '3.1.1'})`,
		group,
		level,
		hex: spaced(encoded.value),
	};
}

const BROKEN: readonly Example[] = [
	{
		id: 'broken-subscribe-flags',
		label: 'SUBSCRIBE with flags 0000',
		group: 'Broken',
		level: 4,
		hex: '80 0a 00 01 00 05 61 2f 62 2f 63 00',
	},
	{
		id: 'broken-publish-truncated',
		label: 'PUBLISH cut short',
		group: 'Broken',
		level: 4,
		hex: '30 0f 00 0b 73 65 6e 73 6f 72 73 2f',
	},
	{
		id: 'broken-publish-wildcard',
		label: 'PUBLISH to a wildcard topic',
		group: 'Broken',
		level: 5,
		hex: '30 07 00 03 61 2f 23 00 31',
	},
];

export const EXAMPLES: readonly Example[] = [
	...V311.map((packet) => fromPacket(packet, 4)),
	...V5.map((packet) => fromPacket(packet, 5)),
	...BROKEN,
];

export const EXAMPLE_GROUPS = ['MQTT 3.1.1', 'MQTT 5.0', 'Broken'] as const;
