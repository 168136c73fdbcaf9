/**
 * MQTT 5 properties (section 2.2.2, table 2-4): identifier, data type, name and where allowed.
 *
 * Names are the spec names in camelCase. User Property is decoded as `userProperties`, a list of
 * `[name, value]` pairs, because it may repeat and order matters.
 */
import type { PacketTypeName } from './codec/types';

export type PropertyType =
	| 'byte'
	| 'twoByteInteger'
	| 'fourByteInteger'
	| 'variableByteInteger'
	| 'utf8String'
	| 'utf8StringPair'
	| 'binaryData';

/** Where a property may appear; WILL is the will properties block of CONNECT. */
/** Where a property block can appear: every packet type that has one, and the CONNECT's will. */
export type PropertyContext = Exclude<PacketTypeName, 'PINGREQ' | 'PINGRESP'> | 'WILL';

export interface Properties {
	payloadFormatIndicator?: number;
	messageExpiryInterval?: number;
	contentType?: string;
	responseTopic?: string;
	correlationData?: Uint8Array;
	/** One number, or a list when a PUBLISH carries several (one per matching subscription). */
	subscriptionIdentifier?: number | number[];
	sessionExpiryInterval?: number;
	assignedClientIdentifier?: string;
	serverKeepAlive?: number;
	authenticationMethod?: string;
	authenticationData?: Uint8Array;
	requestProblemInformation?: number;
	willDelayInterval?: number;
	requestResponseInformation?: number;
	responseInformation?: string;
	serverReference?: string;
	reasonString?: string;
	receiveMaximum?: number;
	topicAliasMaximum?: number;
	topicAlias?: number;
	maximumQoS?: number;
	retainAvailable?: number;
	userProperties?: [string, string][];
	maximumPacketSize?: number;
	wildcardSubscriptionAvailable?: number;
	subscriptionIdentifiersAvailable?: number;
	sharedSubscriptionAvailable?: number;
}

export type PropertyName = keyof Properties;

export interface PropertyDefinition {
	readonly id: number;
	readonly name: PropertyName;
	/** The spec's own wording, for labels. */
	readonly label: string;
	readonly type: PropertyType;
	readonly allowedIn: readonly PropertyContext[];
	/** Values the spec allows for a byte property that is a yes/no or a QoS. */
	readonly allowedValues?: readonly number[];
	/** The spec makes 0 a protocol error for these. */
	readonly nonZero?: boolean;
}

const MESSAGE: readonly PropertyContext[] = ['PUBLISH', 'WILL'];
const ALL: readonly PropertyContext[] = [
	'CONNECT',
	'CONNACK',
	'PUBLISH',
	'WILL',
	'PUBACK',
	'PUBREC',
	'PUBREL',
	'PUBCOMP',
	'SUBSCRIBE',
	'SUBACK',
	'UNSUBSCRIBE',
	'UNSUBACK',
	'DISCONNECT',
	'AUTH',
];
const BOOLEAN = [0, 1] as const;

export const PROPERTIES: readonly PropertyDefinition[] = [
	{
		id: 0x01,
		name: 'payloadFormatIndicator',
		label: 'Payload Format Indicator',
		type: 'byte',
		allowedIn: MESSAGE,
		allowedValues: BOOLEAN,
	},
	{
		id: 0x02,
		name: 'messageExpiryInterval',
		label: 'Message Expiry Interval',
		type: 'fourByteInteger',
		allowedIn: MESSAGE,
	},
	{ id: 0x03, name: 'contentType', label: 'Content Type', type: 'utf8String', allowedIn: MESSAGE },
	{
		id: 0x08,
		name: 'responseTopic',
		label: 'Response Topic',
		type: 'utf8String',
		allowedIn: MESSAGE,
	},
	{
		id: 0x09,
		name: 'correlationData',
		label: 'Correlation Data',
		type: 'binaryData',
		allowedIn: MESSAGE,
	},
	{
		id: 0x0b,
		name: 'subscriptionIdentifier',
		label: 'Subscription Identifier',
		type: 'variableByteInteger',
		allowedIn: ['PUBLISH', 'SUBSCRIBE'],
		nonZero: true,
	},
	{
		id: 0x11,
		name: 'sessionExpiryInterval',
		label: 'Session Expiry Interval',
		type: 'fourByteInteger',
		allowedIn: ['CONNECT', 'CONNACK', 'DISCONNECT'],
	},
	{
		id: 0x12,
		name: 'assignedClientIdentifier',
		label: 'Assigned Client Identifier',
		type: 'utf8String',
		allowedIn: ['CONNACK'],
	},
	{
		id: 0x13,
		name: 'serverKeepAlive',
		label: 'Server Keep Alive',
		type: 'twoByteInteger',
		allowedIn: ['CONNACK'],
	},
	{
		id: 0x15,
		name: 'authenticationMethod',
		label: 'Authentication Method',
		type: 'utf8String',
		allowedIn: ['CONNECT', 'CONNACK', 'AUTH'],
	},
	{
		id: 0x16,
		name: 'authenticationData',
		label: 'Authentication Data',
		type: 'binaryData',
		allowedIn: ['CONNECT', 'CONNACK', 'AUTH'],
	},
	{
		id: 0x17,
		name: 'requestProblemInformation',
		label: 'Request Problem Information',
		type: 'byte',
		allowedIn: ['CONNECT'],
		allowedValues: BOOLEAN,
	},
	{
		id: 0x18,
		name: 'willDelayInterval',
		label: 'Will Delay Interval',
		type: 'fourByteInteger',
		allowedIn: ['WILL'],
	},
	{
		id: 0x19,
		name: 'requestResponseInformation',
		label: 'Request Response Information',
		type: 'byte',
		allowedIn: ['CONNECT'],
		allowedValues: BOOLEAN,
	},
	{
		id: 0x1a,
		name: 'responseInformation',
		label: 'Response Information',
		type: 'utf8String',
		allowedIn: ['CONNACK'],
	},
	{
		id: 0x1c,
		name: 'serverReference',
		label: 'Server Reference',
		type: 'utf8String',
		allowedIn: ['CONNACK', 'DISCONNECT'],
	},
	{
		id: 0x1f,
		name: 'reasonString',
		label: 'Reason String',
		type: 'utf8String',
		allowedIn: [
			'CONNACK',
			'PUBACK',
			'PUBREC',
			'PUBREL',
			'PUBCOMP',
			'SUBACK',
			'UNSUBACK',
			'DISCONNECT',
			'AUTH',
		],
	},
	{
		id: 0x21,
		name: 'receiveMaximum',
		label: 'Receive Maximum',
		type: 'twoByteInteger',
		allowedIn: ['CONNECT', 'CONNACK'],
		nonZero: true,
	},
	{
		id: 0x22,
		name: 'topicAliasMaximum',
		label: 'Topic Alias Maximum',
		type: 'twoByteInteger',
		allowedIn: ['CONNECT', 'CONNACK'],
	},
	{
		id: 0x23,
		name: 'topicAlias',
		label: 'Topic Alias',
		type: 'twoByteInteger',
		allowedIn: ['PUBLISH'],
		nonZero: true,
	},
	{
		id: 0x24,
		name: 'maximumQoS',
		label: 'Maximum QoS',
		type: 'byte',
		allowedIn: ['CONNACK'],
		allowedValues: BOOLEAN,
	},
	{
		id: 0x25,
		name: 'retainAvailable',
		label: 'Retain Available',
		type: 'byte',
		allowedIn: ['CONNACK'],
		allowedValues: BOOLEAN,
	},
	{
		id: 0x26,
		name: 'userProperties',
		label: 'User Property',
		type: 'utf8StringPair',
		allowedIn: ALL,
	},
	{
		id: 0x27,
		name: 'maximumPacketSize',
		label: 'Maximum Packet Size',
		type: 'fourByteInteger',
		allowedIn: ['CONNECT', 'CONNACK'],
		nonZero: true,
	},
	{
		id: 0x28,
		name: 'wildcardSubscriptionAvailable',
		label: 'Wildcard Subscription Available',
		type: 'byte',
		allowedIn: ['CONNACK'],
		allowedValues: BOOLEAN,
	},
	{
		id: 0x29,
		name: 'subscriptionIdentifiersAvailable',
		label: 'Subscription Identifier Available',
		type: 'byte',
		allowedIn: ['CONNACK'],
		allowedValues: BOOLEAN,
	},
	{
		id: 0x2a,
		name: 'sharedSubscriptionAvailable',
		label: 'Shared Subscription Available',
		type: 'byte',
		allowedIn: ['CONNACK'],
		allowedValues: BOOLEAN,
	},
];

// Indexed by identifier: every identifier fits one byte of the variable byte integer.
const BY_ID: (PropertyDefinition | undefined)[] = new Array<PropertyDefinition | undefined>(128);
const BY_NAME = new Map<string, PropertyDefinition>();
for (const definition of PROPERTIES) {
	BY_ID[definition.id] = definition;
	BY_NAME.set(definition.name, definition);
}

/** The definition for a property identifier, or undefined when the identifier is not defined. */
export function propertyById(id: number): PropertyDefinition | undefined {
	return id >= 0 && id < 128 ? BY_ID[id] : undefined;
}

/** The definition for a camelCase property name. */
export function propertyByName(name: string): PropertyDefinition | undefined {
	return BY_NAME.get(name);
}

/** Whether a property may appear in a packet type (or the will properties, 'WILL'). */
export function isPropertyAllowed(
	definition: PropertyDefinition,
	context: PropertyContext,
): boolean {
	return definition.allowedIn.includes(context);
}

/**
 * Whether a property may appear more than once in that context.
 *
 * User Property always may; Subscription Identifier may repeat in PUBLISH (3.3.2.3.8). Every other
 * property appearing twice is a protocol error.
 */
export function isPropertyRepeatable(
	definition: PropertyDefinition,
	context: PropertyContext,
): boolean {
	if (definition.id === 0x26) return true;
	return definition.id === 0x0b && context === 'PUBLISH';
}
