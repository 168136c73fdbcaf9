/**
 * The codec's data model.
 *
 * A decoded frame has two views of the same bytes: `packet`, a plain model with camelCase spec names
 * (what the encoder takes and the CLI prints), and `fields`, an annotated tree with byte ranges
 * (what the codec panel highlights). Binary values in `packet` are views over the decoded frame.
 */
import type { Properties } from '../properties';

import type { ProtocolLevel, QoS } from '../protocol';

export type { ProtocolLevel, QoS };

export type PacketTypeName =
	| 'CONNECT'
	| 'CONNACK'
	| 'PUBLISH'
	| 'PUBACK'
	| 'PUBREC'
	| 'PUBREL'
	| 'PUBCOMP'
	| 'SUBSCRIBE'
	| 'SUBACK'
	| 'UNSUBSCRIBE'
	| 'UNSUBACK'
	| 'PINGREQ'
	| 'PINGRESP'
	| 'DISCONNECT'
	| 'AUTH';

/** Packet type names indexed by the 4-bit type code; 0 is reserved, 15 is AUTH in MQTT 5 only. */
export const PACKET_TYPE_NAMES: readonly (PacketTypeName | 'RESERVED')[] = [
	'RESERVED',
	'CONNECT',
	'CONNACK',
	'PUBLISH',
	'PUBACK',
	'PUBREC',
	'PUBREL',
	'PUBCOMP',
	'SUBSCRIBE',
	'SUBACK',
	'UNSUBSCRIBE',
	'UNSUBACK',
	'PINGREQ',
	'PINGRESP',
	'DISCONNECT',
	'AUTH',
];

export const PACKET_TYPE_CODES: Readonly<Record<PacketTypeName, number>> = {
	CONNECT: 1,
	CONNACK: 2,
	PUBLISH: 3,
	PUBACK: 4,
	PUBREC: 5,
	PUBREL: 6,
	PUBCOMP: 7,
	SUBSCRIBE: 8,
	SUBACK: 9,
	UNSUBSCRIBE: 10,
	UNSUBACK: 11,
	PINGREQ: 12,
	PINGRESP: 13,
	DISCONNECT: 14,
	AUTH: 15,
};

export interface ConnectPacket {
	type: 'CONNECT';
	/** 'MQIsdp' for level 3, 'MQTT' for 4 and 5. */
	protocolName: string;
	protocolLevel: ProtocolLevel;
	/** MQTT 3.1 / 3.1.1 name of the flag. */
	cleanSession?: boolean;
	/** MQTT 5 name of the same flag. */
	cleanStart?: boolean;
	keepAlive: number;
	properties?: Properties;
	clientId: string;
	willTopic?: string;
	willPayload?: Uint8Array;
	willQos?: QoS;
	willRetain?: boolean;
	willProperties?: Properties;
	username?: string;
	password?: Uint8Array;
}

export interface ConnackPacket {
	type: 'CONNACK';
	sessionPresent: boolean;
	/** The 3.1.1 "Connect Return code" or the MQTT 5 "Connect Reason Code". */
	reasonCode: number;
	properties?: Properties;
}

export interface PublishPacket {
	type: 'PUBLISH';
	dup: boolean;
	qos: QoS;
	retain: boolean;
	topicName: string;
	/** Present when qos > 0. */
	packetId?: number;
	properties?: Properties;
	payload: Uint8Array;
}

/** PUBACK, PUBREC, PUBREL and PUBCOMP share one layout. */
export interface PublishResponsePacket {
	type: 'PUBACK' | 'PUBREC' | 'PUBREL' | 'PUBCOMP';
	packetId: number;
	/** MQTT 5 only; 0 when the frame omits it. */
	reasonCode?: number;
	properties?: Properties;
}

export interface Subscription {
	topicFilter: string;
	qos: QoS;
	/** MQTT 5 subscription options. */
	noLocal?: boolean;
	retainAsPublished?: boolean;
	retainHandling?: 0 | 1 | 2;
}

export interface SubscribePacket {
	type: 'SUBSCRIBE';
	packetId: number;
	properties?: Properties;
	subscriptions: Subscription[];
}

export interface SubackPacket {
	type: 'SUBACK';
	packetId: number;
	properties?: Properties;
	/** 3.1.1 return codes or MQTT 5 reason codes, one per subscription. */
	reasonCodes: number[];
}

export interface UnsubscribePacket {
	type: 'UNSUBSCRIBE';
	packetId: number;
	properties?: Properties;
	topicFilters: string[];
}

export interface UnsubackPacket {
	type: 'UNSUBACK';
	packetId: number;
	properties?: Properties;
	/** MQTT 5 only. */
	reasonCodes?: number[];
}

export interface PingPacket {
	type: 'PINGREQ' | 'PINGRESP';
}

export interface DisconnectPacket {
	type: 'DISCONNECT';
	/** MQTT 5 only; 0 when the frame omits it. */
	reasonCode?: number;
	properties?: Properties;
}

export interface AuthPacket {
	type: 'AUTH';
	reasonCode: number;
	properties: Properties;
}

export type Packet =
	| ConnectPacket
	| ConnackPacket
	| PublishPacket
	| PublishResponsePacket
	| SubscribePacket
	| SubackPacket
	| UnsubscribePacket
	| UnsubackPacket
	| PingPacket
	| DisconnectPacket
	| AuthPacket;

export type FieldValue = number | string | boolean | Uint8Array | readonly [string, string];

/** One decoded field and the bytes it came from: `start` inclusive, `end` exclusive. */
export interface Field {
	/** camelCase spec name, or the index for list items ('0', '1', …). */
	readonly name: string;
	readonly start: number;
	readonly end: number;
	readonly value?: FieldValue;
	readonly children?: readonly Field[];
	/**
	 * For a field that is some bits of one byte (a flag, Will QoS, a subscription option): those
	 * bits of the byte at `start`, e.g. 0x18 for Will QoS. `value` is the bits shifted down.
	 */
	readonly mask?: number;
}

export interface FrameError {
	/** Byte offset within the frame where the problem is. */
	readonly offset: number;
	/** The spec statement id, e.g. `[MQTT-3.8.1-1]`, or its section when it has no id. */
	readonly rule: string;
	readonly message: string;
}

export interface DecodedFrame {
	readonly type: PacketTypeName | 'RESERVED';
	readonly typeCode: number;
	readonly protocolLevel: ProtocolLevel;
	/** The low four bits of the first byte. */
	readonly flags: number;
	/** -1 when the remaining length could not be read. */
	readonly remainingLength: number;
	/** Present only when the whole frame decoded without error. */
	readonly packet?: Packet;
	readonly fields: readonly Field[];
	/** Bytes the fixed header says the frame has (header + remaining length), or the input length. */
	readonly byteLength: number;
	readonly error?: FrameError;
}

export interface DecodeOptions {
	/** Level for every packet but CONNECT, which states its own. Default 4. */
	readonly protocolLevel?: ProtocolLevel;
	/**
	 * Who sent the frame, when known (the frame log knows; pasted bytes do not): enables the few
	 * rules that bind one side only, e.g. a client's PUBLISH carries no Subscription Identifier.
	 */
	readonly sender?: 'client' | 'server';
}

/** Packets that end in a list of reason codes. */
export type ReasonCodeAckType = 'SUBACK' | 'UNSUBACK';
