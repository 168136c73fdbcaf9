/**
 * The packet builder's form model: every field of every packet type, so switching type keeps what
 * was typed. Plain data; `build-packet.ts` turns it into a packet model.
 */
import type { PacketTypeName, QoS } from '../../../shared/mqtt/codec/types';
import type { PropertyName } from '../../../shared/mqtt/properties';

export type BuildLevel = 4 | 5;
export type Pair = [string, string];

export interface PropertyDraft {
	readonly id: number;
	name: PropertyName;
	value: string;
}

export interface SubscriptionDraft {
	readonly id: number;
	topicFilter: string;
	qos: QoS;
	noLocal: boolean;
	retainAsPublished: boolean;
	retainHandling: 0 | 1 | 2;
}

export interface PacketDraft {
	type: PacketTypeName;
	level: BuildLevel;
	packetId: number | null;
	reasonCode: number;
	sessionPresent: boolean;
	topicName: string;
	payload: string;
	isPayloadHex: boolean;
	qos: QoS;
	retain: boolean;
	dup: boolean;
	clientId: string;
	keepAlive: number | null;
	cleanStart: boolean;
	/** Empty means no user name flag; an empty user name is rare enough to leave out of the form. */
	username: string;
	password: string;
	hasWill: boolean;
	willTopic: string;
	willPayload: string;
	willQos: QoS;
	willRetain: boolean;
	subscriptions: SubscriptionDraft[];
	/** UNSUBSCRIBE: one filter per line. */
	topicFilters: string;
	/** SUBACK, UNSUBACK: codes separated by commas or spaces, decimal or 0x hex. */
	reasonCodes: string;
	properties: PropertyDraft[];
	userProperties: Pair[];
	willProperties: PropertyDraft[];
	willUserProperties: Pair[];
}

export function newDraft(): PacketDraft {
	return {
		type: 'PUBLISH',
		level: 5,
		packetId: 1,
		reasonCode: 0,
		sessionPresent: false,
		topicName: 'sensors/temperature',
		payload: '21.5',
		isPayloadHex: false,
		qos: 0,
		retain: false,
		dup: false,
		clientId: 'topicscope',
		keepAlive: 60,
		cleanStart: true,
		username: '',
		password: '',
		hasWill: false,
		willTopic: 'clients/topicscope/status',
		willPayload: 'offline',
		willQos: 0,
		willRetain: false,
		subscriptions: [
			{
				id: 0,
				topicFilter: 'sensors/#',
				qos: 0,
				noLocal: false,
				retainAsPublished: false,
				retainHandling: 0,
			},
		],
		topicFilters: 'sensors/#',
		reasonCodes: '0',
		properties: [],
		userProperties: [],
		willProperties: [],
		willUserProperties: [],
	};
}

/** Packet types whose fixed header is followed by a packet identifier in this builder. */
export const TYPES_WITH_PACKET_ID: ReadonlySet<PacketTypeName> = new Set([
	'PUBACK',
	'PUBREC',
	'PUBREL',
	'PUBCOMP',
	'SUBSCRIBE',
	'SUBACK',
	'UNSUBSCRIBE',
	'UNSUBACK',
]);

/** Packet types that have a properties block in MQTT 5. */
export function hasProperties(type: PacketTypeName): boolean {
	return type !== 'PINGREQ' && type !== 'PINGRESP';
}
