/**
 * MQTT 5 properties on the command line as the mosquitto clients take them:
 * `-D <command> <property> <value>` (also `--property`), `user-property` with a name and a value:
 * `-D publish user-property site north`. Values are as mosquitto reads them: numbers in decimal,
 * binary properties (correlation-data, authentication-data) as the bytes of the text given.
 *
 * Pure: the commands pull the `-D` groups out of their arguments first (parseArgs cannot read an
 * option with three values), then turn them into the properties of a profile and a publish.
 */
import type { ParseArgsConfig } from 'node:util';
import type { ConnectProperties } from '../../shared/model/profile';
import type { PublishProperties } from '../../shared/model/publish';
import { toHex } from '../../shared/mqtt/codec/hex';
import { findTopicNameProblem } from '../../shared/mqtt/topic';
import { err, ok, type Result } from '../../shared/result';

/** The packets a `-D` names, as mosquitto spells them. */
export type PropertyCommand = 'connect' | 'publish' | 'subscribe' | 'will';

/** One `-D` group as typed. */
export interface RawProperty {
	readonly command: string;
	readonly name: string;
	readonly value: string;
	/** `user-property` only: its value (`value` is then its name). */
	readonly value2?: string;
}

/** Will properties, in the profile's field names. */
export interface WillProperties {
	delayIntervalSeconds?: number;
	messageExpiryIntervalSeconds?: number;
	contentType?: string;
	responseTopic?: string;
	correlationDataHex?: string;
	payloadFormatIndicator?: boolean;
	userProperties?: [string, string][];
}

export interface PropertyArgs {
	readonly connect: ConnectProperties;
	readonly publish: PublishProperties;
	readonly will: WillProperties;
	/** How many `-D` groups there were (any command): they all need MQTT 5. */
	readonly count: number;
}

type Kind = 'byte01' | 'uint16' | 'uint16min1' | 'uint32' | 'string' | 'binary' | 'pair' | 'topic';

/** What a client may set, and on which packets [MQTT 5 2.2.2.2 table]. */
const CLIENT_PROPERTIES: Readonly<
	Record<string, { readonly kind: Kind; readonly on: readonly PropertyCommand[] }>
> = {
	'payload-format-indicator': { kind: 'byte01', on: ['publish', 'will'] },
	'message-expiry-interval': { kind: 'uint32', on: ['publish', 'will'] },
	'content-type': { kind: 'string', on: ['publish', 'will'] },
	'response-topic': { kind: 'topic', on: ['publish', 'will'] },
	'correlation-data': { kind: 'binary', on: ['publish', 'will'] },
	'topic-alias': { kind: 'uint16min1', on: ['publish'] },
	'user-property': { kind: 'pair', on: ['connect', 'publish', 'will', 'subscribe'] },
	'subscription-identifier': { kind: 'uint32', on: ['subscribe'] },
	'session-expiry-interval': { kind: 'uint32', on: ['connect'] },
	'receive-maximum': { kind: 'uint16min1', on: ['connect'] },
	'maximum-packet-size': { kind: 'uint32', on: ['connect'] },
	'topic-alias-maximum': { kind: 'uint16', on: ['connect'] },
	'request-response-information': { kind: 'byte01', on: ['connect'] },
	'request-problem-information': { kind: 'byte01', on: ['connect'] },
	'authentication-method': { kind: 'string', on: ['connect'] },
	'authentication-data': { kind: 'binary', on: ['connect'] },
	'will-delay-interval': { kind: 'uint32', on: ['will'] },
};

/** Properties only a broker sends: naming them is a mistake worth its own words. */
const SERVER_PROPERTIES = new Set([
	'assigned-client-identifier',
	'server-keep-alive',
	'response-information',
	'server-reference',
	'reason-string',
	'maximum-qos',
	'retain-available',
	'wildcard-subscription-available',
	'subscription-identifier-available',
	'shared-subscription-available',
]);

const ALL_COMMANDS = [
	'connect',
	'publish',
	'subscribe',
	'unsubscribe',
	'disconnect',
	'auth',
	'will',
	'puback',
	'pubrec',
	'pubrel',
	'pubcomp',
] as const;

/**
 * Splits the `-D`/`--property` groups from the other arguments. `options` tells which other
 * options take a value, so a value that happens to be `-D` (`-m -D`) is left where it is.
 */
export function extractPropertyArgs(
	args: readonly string[],
	options: NonNullable<ParseArgsConfig['options']>,
): Result<{ rest: string[]; properties: RawProperty[] }> {
	const takesValue = new Set<string>();
	for (const [name, option] of Object.entries(options)) {
		if (option.type !== 'string') continue;
		takesValue.add(`--${name}`);
		if (option.short !== undefined) takesValue.add(`-${option.short}`);
	}
	const rest: string[] = [];
	const properties: RawProperty[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] ?? '';
		if (arg === '--') {
			rest.push(...args.slice(i));
			break;
		}
		if (arg !== '-D' && arg !== '--property') {
			rest.push(arg);
			if (takesValue.has(arg) && i + 1 < args.length) rest.push(args[++i] ?? '');
			continue;
		}
		const [command, name, value] = [args[i + 1], args[i + 2], args[i + 3]];
		const isPair = name === 'user-property';
		const value2 = isPair ? args[i + 4] : undefined;
		if (
			command === undefined ||
			name === undefined ||
			value === undefined ||
			(isPair && value2 === undefined)
		) {
			return err(
				'invalid-options',
				isPair
					? `${arg} ${command ?? ''} user-property needs a name and a value: ${arg} publish user-property site north.`
					: `${arg} needs a command, a property and a value: ${arg} publish content-type text/plain.`,
			);
		}
		properties.push({ command, name, value, ...(value2 === undefined ? {} : { value2 }) });
		i += isPair ? 4 : 3;
	}
	return ok({ rest, properties });
}

function whole(text: string, min: number, max: number): number | undefined {
	if (!/^\d+$/.test(text)) return undefined;
	const value = Number(text);
	return value >= min && value <= max ? value : undefined;
}

type Value = number | string | Uint8Array | readonly [string, string];

function parseValue(kind: Kind, raw: RawProperty): Result<Value> {
	const where = `-D ${raw.command} ${raw.name}`;
	const range = (min: number, max: number): Result<Value> => {
		const value = whole(raw.value, min, max);
		return value === undefined
			? err(
					'invalid-options',
					`${where} takes a whole number from ${min} to ${max.toLocaleString('en-US')}, not '${raw.value}'.`,
				)
			: ok(value);
	};
	switch (kind) {
		case 'byte01':
			return range(0, 1);
		case 'uint16':
			return range(0, 65_535);
		case 'uint16min1':
			return range(1, 65_535);
		case 'uint32':
			return raw.name === 'subscription-identifier'
				? range(1, 268_435_455)
				: range(0, 4_294_967_295);
		case 'string':
			return ok(raw.value);
		case 'topic': {
			const problem = findTopicNameProblem(raw.value, 5);
			return problem === undefined
				? ok(raw.value)
				: err('invalid-topic', `${where} '${raw.value}': ${problem.message}`);
		}
		case 'binary': {
			const bytes = new TextEncoder().encode(raw.value);
			return bytes.length > 65_535
				? err('invalid-options', `${where}: at most 65,535 bytes.`)
				: ok(bytes);
		}
		case 'pair':
			return ok([raw.value, raw.value2 ?? ''] as const);
	}
}

/** Why a `-D` names something this command does not send, or null when it may. */
function commandProblem(
	raw: RawProperty,
	allowed: readonly PropertyCommand[],
	tool: string,
): string | null {
	const commands: readonly string[] = ALL_COMMANDS;
	if (!commands.includes(raw.command)) {
		return `-D: '${raw.command}' is not a packet: use ${allowed.join(', ')}.`;
	}
	if (SERVER_PROPERTIES.has(raw.name)) {
		return `-D ${raw.command} ${raw.name}: only a broker sends ${raw.name} (in its CONNACK or DISCONNECT), a client cannot set it.`;
	}
	const known = CLIENT_PROPERTIES[raw.name];
	if (known === undefined) {
		return `-D ${raw.command}: '${raw.name}' is not an MQTT 5 property (names as mosquitto spells them: content-type, user-property, message-expiry-interval…).`;
	}
	if (!(known.on as readonly string[]).includes(raw.command)) {
		return `-D ${raw.command} ${raw.name}: ${raw.name} goes on ${known.on.join(' or ')}, not on ${raw.command}.`;
	}
	if (!(allowed as readonly string[]).includes(raw.command)) {
		return `-D ${raw.command}: topicscope ${tool} sends no ${raw.command.toUpperCase()} properties (it takes ${allowed.join(', ')}).`;
	}
	if (raw.command === 'subscribe') {
		// The connection gives each filter its own Subscription Identifier (so every message says
		// which filter matched) and sends no SUBSCRIBE user properties yet.
		return raw.name === 'subscription-identifier'
			? `-D subscribe subscription-identifier: topicscope ${tool} numbers each -t filter itself (1, 2, … in order, shown by %S) so each message says which filter it matched; a chosen identifier is not supported yet.`
			: `-D subscribe user-property: SUBSCRIBE user properties are not supported yet.`;
	}
	return null;
}

/**
 * The properties the `-D` groups set, for a tool that sends the packets in `allowed`. Every group
 * is checked; the first problem is the answer.
 */
export function propertiesFromArgs(
	raws: readonly RawProperty[],
	allowed: readonly PropertyCommand[],
	tool: string,
): Result<PropertyArgs> {
	const connect: { -readonly [K in keyof ConnectProperties]: ConnectProperties[K] } = {};
	const publish: { -readonly [K in keyof PublishProperties]: PublishProperties[K] } = {};
	const will: WillProperties = {};
	const publishPairs: (readonly [string, string])[] = [];
	const connectPairs: [string, string][] = [];
	for (const raw of raws) {
		const problem = commandProblem(raw, allowed, tool);
		if (problem !== null) return err('invalid-options', problem);
		const spec = CLIENT_PROPERTIES[raw.name];
		if (spec === undefined) continue;
		const parsed = parseValue(spec.kind, raw);
		if (!parsed.ok) return parsed;
		const value = parsed.value;
		const number = typeof value === 'number' ? value : 0;
		const text = typeof value === 'string' ? value : '';
		const bytes = value instanceof Uint8Array ? value : new Uint8Array(0);
		const pair: [string, string] = Array.isArray(value)
			? [value[0] ?? '', value[1] ?? '']
			: ['', ''];
		if (raw.command === 'publish') {
			switch (raw.name) {
				case 'payload-format-indicator':
					publish.payloadFormatIndicator = number === 1 ? 1 : 0;
					break;
				case 'message-expiry-interval':
					publish.messageExpiryIntervalSeconds = number;
					break;
				case 'content-type':
					publish.contentType = text;
					break;
				case 'response-topic':
					publish.responseTopic = text;
					break;
				case 'correlation-data':
					publish.correlationData = bytes;
					break;
				case 'topic-alias':
					publish.topicAlias = number;
					break;
				case 'user-property':
					publishPairs.push(pair);
					break;
			}
		} else if (raw.command === 'will') {
			switch (raw.name) {
				case 'payload-format-indicator':
					will.payloadFormatIndicator = number === 1;
					break;
				case 'message-expiry-interval':
					will.messageExpiryIntervalSeconds = number;
					break;
				case 'content-type':
					will.contentType = text;
					break;
				case 'response-topic':
					will.responseTopic = text;
					break;
				case 'correlation-data':
					will.correlationDataHex = toHex(bytes);
					break;
				case 'will-delay-interval':
					will.delayIntervalSeconds = number;
					break;
				case 'user-property':
					(will.userProperties ??= []).push(pair);
					break;
			}
		} else {
			switch (raw.name) {
				case 'session-expiry-interval':
					connect.sessionExpiryIntervalSeconds = number;
					break;
				case 'receive-maximum':
					connect.receiveMaximum = number;
					break;
				case 'maximum-packet-size':
					if (number === 0) {
						return err('invalid-options', '-D connect maximum-packet-size must be 1 or more.');
					}
					connect.maximumPacketSize = number;
					break;
				case 'topic-alias-maximum':
					connect.topicAliasMaximum = number;
					break;
				case 'request-response-information':
					connect.requestResponseInformation = number === 1;
					break;
				case 'request-problem-information':
					connect.requestProblemInformation = number === 1;
					break;
				case 'authentication-method':
					connect.authenticationMethod = text;
					break;
				case 'authentication-data':
					connect.authenticationDataHex = toHex(bytes);
					break;
				case 'user-property':
					connectPairs.push(pair);
					break;
			}
		}
	}
	if (publishPairs.length > 0) publish.userProperties = publishPairs;
	if (connectPairs.length > 0) connect.userProperties = connectPairs;
	return ok({ connect, publish, will, count: raws.length });
}
