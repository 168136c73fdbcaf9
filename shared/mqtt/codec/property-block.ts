/**
 * Reading and writing an MQTT 5 property block (section 2.2.2): a variable byte integer length,
 * then identifier/value pairs.
 */
import {
	isPropertyAllowed,
	isPropertyRepeatable,
	propertyById,
	PROPERTIES,
	type Properties,
	type PropertyContext,
	type PropertyDefinition,
	type PropertyName,
} from '../properties';
import { propertyRule } from './property-rules';
import { words, type Reader } from './reader';
import { checkTopicName } from './topic-check';
import type { FieldValue } from './types';
import type { Writer } from './writer';

const RULE = '[MQTT-2.2.2.2]';

function hex2(value: number): string {
	return `0x${value.toString(16).padStart(2, '0')}`;
}

function readValue(r: Reader, definition: PropertyDefinition): FieldValue {
	switch (definition.type) {
		case 'byte':
			return r.u8(definition.name);
		case 'twoByteInteger':
			return r.u16(definition.name);
		case 'fourByteInteger':
			return r.u32(definition.name);
		case 'variableByteInteger':
			return r.vbi(definition.name);
		case 'utf8String':
			return r.utf8(definition.name);
		case 'binaryData':
			return r.binary(definition.name);
		case 'utf8StringPair': {
			const key = r.utf8('userPropertyName');
			return [key, r.utf8('userPropertyValue')];
		}
	}
}

/** Reports a property that is misplaced or repeated; `bag` holds the properties read so far. */
function checkPlacement(
	r: Reader,
	definition: PropertyDefinition,
	context: PropertyContext,
	bag: Record<string, unknown>,
	start: number,
): void {
	if (!isPropertyAllowed(definition, context)) {
		// 2.2.2.2: an identifier not valid for the packet type makes a Malformed Packet.
		r.violate(
			start,
			RULE,
			`The ${definition.label} property (${hex2(definition.id)}) is not allowed in ` +
				(context === 'WILL' ? 'the will properties.' : `a ${context} packet.`),
		);
	} else if (bag[definition.name] !== undefined && !isPropertyRepeatable(definition, context)) {
		r.violate(
			start,
			propertyRule(definition.name, context, 'repeated'),
			`The ${definition.label} property appears more than once; it may appear only once.`,
		);
	}
}

/**
 * Reports a value the spec rules out: not 0/1 for a yes/no byte (or Maximum QoS), 0 where 0 is a
 * Protocol Error, a Response Topic that is no topic name.
 */
function checkValue(
	r: Reader,
	definition: PropertyDefinition,
	context: PropertyContext,
	value: FieldValue,
	start: number,
): void {
	if (typeof value === 'string') {
		// A Response Topic is the topic name of the response (3.3.2.3.5, 3.1.3.2.5).
		if (definition.id === 0x08) {
			const wildcardRule = context === 'PUBLISH' ? '[MQTT-3.3.2-14]' : undefined;
			checkTopicName(r, start + 1, value, wildcardRule, 'The Response Topic');
		}
		return;
	}
	if (typeof value !== 'number') return;
	const allowed = definition.allowedValues;
	if (allowed !== undefined && !allowed.includes(value)) {
		r.violate(
			start,
			propertyRule(definition.name, context, 'value'),
			`The ${definition.label} property is ${value}; it must be ${allowed.join(' or ')}.`,
		);
	} else if (definition.nonZero === true && value === 0) {
		r.violate(
			start,
			propertyRule(definition.name, context, 'value'),
			`The ${definition.label} property is 0, which is a protocol error; it must be 1 or more.`,
		);
	}
}

/** Adds a value to the model: user properties as pairs, a repeated property as a list. */
function store(properties: Properties, name: PropertyName, value: FieldValue): void {
	if (name === 'userProperties') {
		const pair = value as [string, string];
		if (properties.userProperties === undefined) properties.userProperties = [pair];
		else properties.userProperties.push(pair);
		return;
	}
	const bag = properties as Record<string, unknown>;
	const existing = bag[name];
	if (existing === undefined) bag[name] = value;
	else if (Array.isArray(existing)) existing.push(value);
	else bag[name] = [existing, value];
}

/** Reads the properties up to blockEnd; the reader's limit is already the block end. */
function readEntries(r: Reader, context: PropertyContext, blockEnd: number): Properties {
	const properties: Properties = {};
	let authenticationDataStart = -1;
	while (r.pos < blockEnd && !r.stopped) {
		const start = r.pos;
		const id = r.vbi('propertyIdentifier');
		if (r.stopped) break;
		const definition = propertyById(id);
		if (definition === undefined) {
			r.fail(start, RULE, `Property identifier ${hex2(id)} is not defined by MQTT 5.`);
			break;
		}
		checkPlacement(r, definition, context, properties as Record<string, unknown>, start);
		const value = readValue(r, definition);
		if (r.stopped) break;
		checkValue(r, definition, context, value, start);
		if (id === 0x16 && authenticationDataStart < 0) authenticationDataStart = start;
		r.add(definition.name === 'userProperties' ? 'userProperty' : definition.name, start, value);
		store(properties, definition.name, value);
	}
	// 3.1.2.11.10: Authentication Data means nothing without its method (3.2.2.3.18 likewise;
	// an AUTH without a method is refused whole, in auth.ts).
	if (
		authenticationDataStart >= 0 &&
		properties.authenticationMethod === undefined &&
		(context === 'CONNECT' || context === 'CONNACK') &&
		!r.stopped
	) {
		r.violate(
			authenticationDataStart,
			propertyRule('authenticationData', context, 'value'),
			`The ${context} carries Authentication Data but no Authentication Method; the data belongs to a method.`,
		);
	}
	return properties;
}

/** Reads a property block into a Properties object and a field named `name` with children. */
export function readProperties(r: Reader, context: PropertyContext, name: string): Properties {
	const start = r.pos;
	const outer = r.beginGroup();
	const length = r.vbi('propertyLength');
	r.add('propertyLength', start, length);
	let properties: Properties = {};
	// Named for messages: "the property block needs 104 bytes", not "the properties needs".
	if (r.has(length, name === 'willProperties' ? 'willPropertyBlock' : 'propertyBlock')) {
		const blockEnd = r.pos + length;
		const saved = { limit: r.limit, limitName: r.limitName, limitRule: r.limitRule };
		r.limit = blockEnd;
		r.limitName = 'property block';
		// 2.2.2.1: the property length counts the bytes of the properties.
		r.limitRule = '[MQTT-2.2.2.1]';
		properties = readEntries(r, context, blockEnd);
		r.limit = saved.limit;
		r.limitName = saved.limitName;
		r.limitRule = saved.limitRule;
	}
	r.endGroup(outer, name, start);
	return properties;
}

/** Where the property `name` starts in the property block just read (its block's start if absent). */
export function propertyStart(r: Reader, name: string): number {
	const block = r.fields[r.fields.length - 1];
	return block?.children?.find((field) => field.name === name)?.start ?? block?.start ?? r.pos;
}

function isPair(value: unknown): value is [string, string] {
	return (
		Array.isArray(value) &&
		value.length === 2 &&
		typeof value[0] === 'string' &&
		typeof value[1] === 'string'
	);
}

/** Writes a property block; unknown, misplaced or mistyped properties become writer errors. */
export function writeProperties(
	w: Writer,
	properties: Properties | undefined,
	context: PropertyContext,
	path: string,
): void {
	const body = w.child();
	const bag = (properties ?? {}) as Record<string, unknown>;
	for (const key of Object.keys(bag)) {
		if (bag[key] === undefined) continue;
		const definition = PROPERTIES.find((d) => d.name === key);
		if (definition === undefined) {
			w.fail(`${path}.${key}`, `'${key}' is not an MQTT 5 property name.`);
			return;
		}
		if (!isPropertyAllowed(definition, context)) {
			w.fail(
				`${path}.${key}`,
				`The ${definition.label} property is not allowed in ${context === 'WILL' ? 'the will properties' : `a ${context} packet`}.`,
			);
			return;
		}
	}
	// The model's key order, so a decoded block re-encodes to the same bytes (repeated properties
	// are grouped, which the spec allows).
	for (const key of Object.keys(bag)) {
		const raw = bag[key];
		const definition = PROPERTIES.find((d) => d.name === key);
		if (raw === undefined || definition === undefined) continue;
		const fieldPath = `${path}.${definition.name}`;
		const values: unknown[] =
			definition.name === 'userProperties' ||
			(definition.name === 'subscriptionIdentifier' && Array.isArray(raw))
				? Array.isArray(raw)
					? raw
					: [raw]
				: [raw];
		if (definition.name === 'userProperties' && !Array.isArray(raw)) {
			w.fail(fieldPath, 'User properties must be a list of [name, value] pairs.');
			return;
		}
		for (const value of values) {
			body.vbi(definition.id, fieldPath);
			switch (definition.type) {
				case 'byte':
					body.u8(value, fieldPath);
					break;
				case 'twoByteInteger':
					body.u16(value, fieldPath);
					break;
				case 'fourByteInteger':
					body.u32(value, fieldPath);
					break;
				case 'variableByteInteger':
					body.vbi(value, fieldPath);
					break;
				case 'utf8String':
					body.utf8(value, fieldPath);
					break;
				case 'binaryData':
					body.binary(value, fieldPath);
					break;
				case 'utf8StringPair':
					if (!isPair(value)) {
						w.fail(
							fieldPath,
							`Each ${words(definition.name)} entry must be a [name, value] pair of strings.`,
						);
						return;
					}
					body.utf8(value[0], fieldPath);
					body.utf8(value[1], fieldPath);
					break;
			}
		}
	}
	w.vbi(body.length, `${path}.propertyLength`);
	w.append(body);
}
