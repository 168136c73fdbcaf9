/**
 * The JSON form of decoded frames used by the CLI and the codec panel's copy/paste.
 *
 * One object per frame: type, protocolLevel, flags, remainingLength, the packet's fields by their
 * spec names, binary values as lowercase hex, `ranges` (field path → [start, end)) and `error` for
 * a malformed frame. `packetFromJson` reads the same shape back for the encoder.
 */
import type { Result } from '../../result';
import { PROPERTIES, type Properties } from '../properties';
import { fromHexDigits, toHex } from './hex';
import { checkConnectFlagsJson, connectFlagsJson } from './json-connect-flags';
import {
	PACKET_TYPE_CODES,
	type ConnectPacket,
	type DecodedFrame,
	type Field,
	type Packet,
	type ProtocolLevel,
} from './types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Model keys holding bytes, shown as hex in JSON. */
const BINARY_KEYS: ReadonlySet<string> = new Set([
	'payload',
	'password',
	'willPayload',
	'correlationData',
	'authenticationData',
]);
const ACK_KEYS = ['packetId', 'reasonCode', 'properties'];

/** Model keys per packet type, so a misspelt key is an error instead of being dropped. */
const PACKET_KEYS: Readonly<Record<string, readonly string[]>> = {
	CONNECT: [
		'protocolName',
		'protocolLevel',
		'connectFlags',
		'cleanSession',
		'cleanStart',
		'keepAlive',
		'properties',
		'clientId',
		'willTopic',
		'willPayload',
		'willQos',
		'willRetain',
		'willProperties',
		'username',
		'password',
	],
	CONNACK: ['sessionPresent', 'reasonCode', 'properties'],
	PUBLISH: ['dup', 'qos', 'retain', 'topicName', 'packetId', 'properties', 'payload'],
	PUBACK: ACK_KEYS,
	PUBREC: ACK_KEYS,
	PUBREL: ACK_KEYS,
	PUBCOMP: ACK_KEYS,
	SUBSCRIBE: ['packetId', 'properties', 'subscriptions'],
	SUBACK: ['packetId', 'properties', 'reasonCodes'],
	UNSUBSCRIBE: ['packetId', 'properties', 'topicFilters'],
	UNSUBACK: ['packetId', 'properties', 'reasonCodes'],
	PINGREQ: [],
	PINGRESP: [],
	DISCONNECT: ['reasonCode', 'properties'],
	AUTH: ['reasonCode', 'properties'],
};

/** Keys of the decode output that describe the frame rather than the packet. */
const IGNORED_KEYS: ReadonlySet<string> = new Set([
	'type',
	'flags',
	'remainingLength',
	'ranges',
	'error',
	'fields',
	'line',
	'column',
	'levelReason',
	'bits',
]);
const PROPERTY_KEYS: ReadonlySet<string> = new Set(['properties', 'willProperties']);

function toJson(value: unknown): Json {
	if (value instanceof Uint8Array) return toHex(value);
	if (Array.isArray(value)) return value.map(toJson);
	if (value === null || typeof value !== 'object') {
		return typeof value === 'bigint' ? Number(value) : (value as Json);
	}
	const out: { [key: string]: Json } = {};
	for (const [key, inner] of Object.entries(value))
		if (inner !== undefined) out[key] = toJson(inner);
	return out;
}

/** Calls `visit` with every field and its path; repeated sibling names get their index appended. */
function walkPaths(fields: readonly Field[], visit: (path: string, field: Field) => void): void {
	const walk = (list: readonly Field[], prefix: string): void => {
		const counts = new Map<string, number>();
		for (const field of list) counts.set(field.name, (counts.get(field.name) ?? 0) + 1);
		const seen = new Map<string, number>();
		for (const field of list) {
			const index = seen.get(field.name) ?? 0;
			seen.set(field.name, index + 1);
			const name = (counts.get(field.name) ?? 0) > 1 ? `${field.name}.${index}` : field.name;
			const path = prefix + name;
			visit(path, field);
			if (field.children !== undefined) walk(field.children, `${path}.`);
		}
	};
	walk(fields, '');
}

/** Field path → [start, end); repeated sibling names get their occurrence index appended. */
export function fieldRanges(fields: readonly Field[]): Record<string, [number, number]> {
	const ranges: Record<string, [number, number]> = {};
	walkPaths(fields, (path, field) => {
		ranges[path] = [field.start, field.end];
	});
	return ranges;
}

/**
 * Field path → [highest bit, lowest bit] for the fields that are bits of one byte (flags, Will
 * QoS, subscription options): `connectFlags.willQos` is [4, 3], bits 4 and 3 of its byte.
 */
export function fieldBits(fields: readonly Field[]): Record<string, [number, number]> {
	const bits: Record<string, [number, number]> = {};
	walkPaths(fields, (path, field) => {
		const mask = field.mask;
		if (mask === undefined || mask === 0) return;
		bits[path] = [31 - Math.clz32(mask), 31 - Math.clz32(mask & -mask)];
	});
	return bits;
}

/** Values of the fields read before an error, by path, for frames without a packet model. */
export function fieldValues(fields: readonly Field[]): Record<string, Json> {
	const values: Record<string, Json> = {};
	const walk = (list: readonly Field[], prefix: string): void => {
		for (const field of list) {
			const path = prefix + field.name;
			if (field.value !== undefined) values[path] = toJson(field.value);
			if (field.children !== undefined) walk(field.children, `${path}.`);
		}
	};
	walk(fields, '');
	return values;
}

/** The JSON object for one decoded frame. */
export function frameToJson(frame: DecodedFrame): { [key: string]: Json } {
	const out: { [key: string]: Json } = {
		type: frame.type,
		protocolLevel: frame.protocolLevel,
	};
	const packet = frame.packet;
	if (packet !== undefined && packet.type === 'PUBLISH') {
		out.flags = { dup: packet.dup, qos: packet.qos, retain: packet.retain };
	} else if (frame.typeCode === 3) {
		out.flags = {
			dup: (frame.flags & 8) !== 0,
			qos: (frame.flags >> 1) & 3,
			retain: (frame.flags & 1) !== 0,
		};
	} else {
		out.flags = frame.flags;
	}
	out.remainingLength = frame.remainingLength;
	// Every bit of a CONNECT's flags byte, will or not (the packet fields name only what is used).
	const connectFlags = frame.type === 'CONNECT' ? connectFlagsJson(frame.fields) : undefined;
	if (packet !== undefined) {
		for (const [key, value] of Object.entries(packet)) {
			if (key === 'type' || value === undefined) continue;
			if (packet.type === 'PUBLISH' && (key === 'dup' || key === 'qos' || key === 'retain'))
				continue;
			out[key] = toJson(value);
			// In wire order: the flags byte follows the protocol name and level.
			if (key === 'protocolLevel' && connectFlags !== undefined) out.connectFlags = connectFlags;
		}
	} else {
		if (connectFlags !== undefined) out.connectFlags = connectFlags;
		out.fields = fieldValues(frame.fields);
	}
	out.ranges = toJson(fieldRanges(frame.fields));
	out.bits = toJson(fieldBits(frame.fields));
	if (frame.error !== undefined) out.error = { ...frame.error };
	return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bytesFromJson(value: unknown, path: string): Result<Uint8Array> {
	if (typeof value !== 'string') {
		return {
			ok: false,
			error: { code: 'invalid-request', message: `${path} must be a hex string.`, detail: path },
		};
	}
	const bytes = fromHexDigits(value.replace(/\s/g, ''));
	if (bytes === undefined) {
		return {
			ok: false,
			error: { code: 'invalid-request', message: `${path} is not valid hex.`, detail: path },
		};
	}
	return { ok: true, value: bytes };
}

function propertiesFromJson(value: unknown, path: string): Result<Properties> {
	if (!isRecord(value)) {
		return {
			ok: false,
			error: { code: 'invalid-request', message: `${path} must be an object.`, detail: path },
		};
	}
	const out: Record<string, unknown> = {};
	for (const [key, inner] of Object.entries(value)) {
		const definition = PROPERTIES.find((d) => d.name === key);
		if (definition?.type === 'binaryData') {
			const bytes = bytesFromJson(inner, `${path}.${key}`);
			if (!bytes.ok) return bytes;
			out[key] = bytes.value;
		} else {
			out[key] = inner;
		}
	}
	return { ok: true, value: out as Properties };
}

/**
 * A packet model from the JSON object `frameToJson` writes (ranges, remainingLength are ignored).
 *
 * Only the shape is converted here (hex to bytes, flags back into PUBLISH); the encoder checks
 * every value's type and range.
 */
export function packetFromJson(
	value: unknown,
	defaultLevel: ProtocolLevel = 4,
): Result<{ packet: Packet; protocolLevel: ProtocolLevel }> {
	const bad = (message: string, detail?: string): Result<never> => ({
		ok: false,
		error: { code: 'invalid-request', message, ...(detail === undefined ? {} : { detail }) },
	});
	if (!isRecord(value)) return bad('Each line must be a JSON object describing one packet.');
	const type = value.type;
	if (typeof type !== 'string' || !(type in PACKET_TYPE_CODES)) {
		return bad(
			`'type' must be an MQTT packet type such as "PUBLISH", not ${JSON.stringify(type)}.`,
			'type',
		);
	}
	const level = value.protocolLevel ?? defaultLevel;
	if (level !== 3 && level !== 4 && level !== 5)
		return bad("'protocolLevel' must be 3, 4 or 5.", 'protocolLevel');
	const model: Record<string, unknown> = { type };
	for (const [key, inner] of Object.entries(value)) {
		if (IGNORED_KEYS.has(key) || key === 'protocolLevel') continue;
		const known = PACKET_KEYS[type] ?? [];
		if (!known.includes(key)) {
			const expected = known.length === 0 ? 'it has no fields' : `expected ${known.join(', ')}`;
			return bad(`'${key}' is not a field of ${type}; ${expected}.`, key);
		}
		// Checked against the fields below, never taken as input: the fields decide the flags.
		if (key === 'connectFlags') continue;
		if (BINARY_KEYS.has(key)) {
			const bytes = bytesFromJson(inner, key);
			if (!bytes.ok) return bytes;
			model[key] = bytes.value;
		} else if (PROPERTY_KEYS.has(key)) {
			const properties = propertiesFromJson(inner, key);
			if (!properties.ok) return properties;
			model[key] = properties.value;
		} else {
			model[key] = inner;
		}
	}
	if (type === 'PUBLISH') {
		const flags = isRecord(value.flags) ? value.flags : {};
		model.dup = flags.dup ?? value.dup ?? false;
		model.qos = flags.qos ?? value.qos ?? 0;
		model.retain = flags.retain ?? value.retain ?? false;
		if (model.payload === undefined) model.payload = new Uint8Array(0);
	}
	if (type === 'CONNECT') {
		model.protocolLevel = level;
		if (value.connectFlags !== undefined) {
			const checked = checkConnectFlagsJson(value.connectFlags, model as unknown as ConnectPacket);
			if (!checked.ok) return checked;
		}
	}
	return { ok: true, value: { packet: model as unknown as Packet, protocolLevel: level } };
}
