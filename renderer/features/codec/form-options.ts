/** Choices the packet builder offers: types, reason codes and properties per packet type. Pure. */
import { PACKET_TYPE_NAMES, type PacketTypeName } from '../../../shared/mqtt/codec/types';
import {
	PROPERTIES,
	isPropertyAllowed,
	type PropertyContext,
	type PropertyDefinition,
} from '../../../shared/mqtt/properties';
import {
	MQTT3_CONNACK_RETURN_CODES,
	MQTT5_REASON_CODES,
	type ReasonPacketType,
} from '../../../shared/mqtt/reason-codes';

export const PACKET_TYPES: readonly PacketTypeName[] = PACKET_TYPE_NAMES.filter(
	(name): name is PacketTypeName => name !== 'RESERVED',
);

export interface CodeOption {
	readonly code: number;
	readonly label: string;
}

function hex(code: number): string {
	return `0x${code.toString(16).padStart(2, '0')}`;
}

/** Packet types with a single reason code in the builder (SUBACK and UNSUBACK take a list). */
export function hasReasonCode(type: PacketTypeName, level: 4 | 5): boolean {
	if (type === 'CONNACK') return true;
	if (level !== 5) return false;
	return ['PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'DISCONNECT', 'AUTH'].includes(type);
}

/** The named reason codes for a packet type at a level, from the one reason code table. */
export function reasonCodeOptions(type: PacketTypeName, level: 4 | 5): CodeOption[] {
	if (level !== 5) {
		if (type !== 'CONNACK') return [];
		return MQTT3_CONNACK_RETURN_CODES.map((name, code) => ({ code, label: `${code} — ${name}` }));
	}
	return MQTT5_REASON_CODES.filter((entry) => entry.packets.includes(type as ReasonPacketType)).map(
		(entry) => ({ code: entry.code, label: `${hex(entry.code)} — ${entry.name}` }),
	);
}

/** Properties the editor may add to a block (user properties have their own pairs editor). */
export function propertyOptions(context: PropertyContext): readonly PropertyDefinition[] {
	return PROPERTIES.filter(
		(definition) => definition.type !== 'utf8StringPair' && isPropertyAllowed(definition, context),
	);
}

/** A hint for the value box of a property type. */
export function propertyPlaceholder(definition: PropertyDefinition): string {
	switch (definition.type) {
		case 'binaryData':
			return 'hex, e.g. ca fe';
		case 'utf8String':
			return 'text';
		case 'byte':
			return definition.allowedValues ? definition.allowedValues.join(' or ') : '0–255';
		case 'twoByteInteger':
			return '0–65535';
		case 'fourByteInteger':
			return 'seconds or count';
		case 'variableByteInteger':
			return '1–268435455';
		case 'utf8StringPair':
			return 'name = value';
	}
}
