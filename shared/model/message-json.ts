/**
 * One JSON shape for a message everywhere (DESIGN §7): history export and search, `topicscope
 * history …`, and later `topicscope sub --json`. NDJSON is the lossless format: the payload's bytes
 * in `payloadBase64`, its text beside them when it is valid UTF-8.
 *
 * Keys, in this order: `time` (RFC 3339, microseconds, UTC), `connection`, `topic`, `qos`,
 * `retain`, `direction`, `payloadBase64`, `payloadText` (only for valid UTF-8), `size`,
 * `properties` (the MQTT 5 properties with the codec's camelCase names, binary values as hex,
 * `userProperties` as `[name, value]` pairs; omitted when none).
 */
import { fromBase64, toBase64 } from '../encoding/base64';
import { fromHexDigits, toHex } from '../mqtt/codec/hex';
import type { QoS } from '../mqtt/protocol';
import { err, ok, type Result } from '../result';
import type { MessageDirection, MessageProperties, UserProperty } from './message';

/** MQTT 5 PUBLISH properties as the codec's JSON names them. */
export interface PropertiesJson {
	readonly payloadFormatIndicator?: number;
	readonly messageExpiryInterval?: number;
	readonly topicAlias?: number;
	readonly responseTopic?: string;
	/** Hex. */
	readonly correlationData?: string;
	readonly userProperties?: readonly UserProperty[];
	/** One number, or a list when several subscriptions matched. */
	readonly subscriptionIdentifier?: number | readonly number[];
	readonly contentType?: string;
}

export interface MessageJson {
	readonly time: string;
	readonly connection: string;
	readonly topic: string;
	readonly qos: QoS;
	readonly retain: boolean;
	readonly direction: MessageDirection;
	readonly payloadBase64: string;
	readonly payloadText?: string;
	readonly size: number;
	readonly properties?: PropertiesJson;
}

/** What a message needs to become a line, whatever holds it (a live message, a stored row). */
export interface MessageRecord {
	readonly timeUs: number;
	readonly connection: string;
	readonly topic: string;
	readonly qos: QoS;
	readonly retain: boolean;
	readonly direction: MessageDirection;
	readonly payload: Uint8Array;
	readonly properties: MessageProperties | undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The payload as text when it is valid UTF-8 (control characters included), else undefined. */
export function utf8Text(bytes: Uint8Array): string | undefined {
	try {
		return strictUtf8.decode(bytes);
	} catch {
		// Not UTF-8: an answer (binary), not a failure.
		return undefined;
	}
}

function pad(value: number, width: number): string {
	return String(value).padStart(width, '0');
}

/** RFC 3339 in UTC with six fraction digits: `2024-05-01T12:00:00.123456Z`. */
export function formatTimeUs(timeUs: number): string {
	const ms = Math.floor(timeUs / 1000);
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 23)}${pad(timeUs - ms * 1000, 3)}Z`;
}

const RFC3339 =
	/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Microseconds since the epoch from RFC 3339 text (any offset; digits past µs are dropped). */
export function parseTimeUs(text: string): number | undefined {
	const match = RFC3339.exec(text);
	if (match === null) return undefined;
	const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetH, offsetM] = match;
	const ms = Date.UTC(
		Number(year),
		Number(month) - 1,
		Number(day),
		Number(hour),
		Number(minute),
		Number(second),
	);
	if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(day)) return undefined;
	const offsetMinutes =
		zulu !== undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetH) * 60 + Number(offsetM));
	const micro = Number((fraction ?? '').padEnd(6, '0').slice(0, 6));
	return (ms - offsetMinutes * 60_000) * 1000 + micro;
}

/** Our properties in the codec's JSON names; undefined when there are none. */
export function propertiesToJson(
	properties: MessageProperties | undefined,
): PropertiesJson | undefined {
	if (properties === undefined) return undefined;
	const out: { -readonly [K in keyof PropertiesJson]: PropertiesJson[K] } = {};
	if (properties.payloadFormatIndicator !== undefined)
		out.payloadFormatIndicator = properties.payloadFormatIndicator;
	if (properties.messageExpiryIntervalSeconds !== undefined)
		out.messageExpiryInterval = properties.messageExpiryIntervalSeconds;
	if (properties.topicAlias !== undefined) out.topicAlias = properties.topicAlias;
	if (properties.responseTopic !== undefined) out.responseTopic = properties.responseTopic;
	if (properties.correlationData !== undefined)
		out.correlationData = toHex(properties.correlationData);
	if (properties.userProperties !== undefined && properties.userProperties.length > 0)
		out.userProperties = properties.userProperties;
	const ids = properties.subscriptionIdentifiers;
	if (ids !== undefined && ids.length > 0)
		out.subscriptionIdentifier = ids.length === 1 ? (ids[0] as number) : ids;
	if (properties.contentType !== undefined) out.contentType = properties.contentType;
	return Object.keys(out).length === 0 ? undefined : out;
}

function isUint(value: unknown, max: number): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

const PROPERTY_KEYS = new Set([
	'payloadFormatIndicator',
	'messageExpiryInterval',
	'topicAlias',
	'responseTopic',
	'correlationData',
	'userProperties',
	'subscriptionIdentifier',
	'contentType',
]);

/** Properties from their JSON form, each value checked against its MQTT 5 type. */
export function propertiesFromJson(value: unknown): Result<MessageProperties | undefined> {
	if (value === undefined || value === null) return ok(undefined);
	if (typeof value !== 'object' || Array.isArray(value))
		return err('invalid-request', '"properties" must be an object.');
	const json = value as Record<string, unknown>;
	const unknownKey = Object.keys(json).find((key) => !PROPERTY_KEYS.has(key));
	if (unknownKey !== undefined)
		return err('invalid-request', `"properties" has "${unknownKey}", not a PUBLISH property.`);
	const out: { -readonly [K in keyof MessageProperties]: MessageProperties[K] } = {};
	const bad = (name: string, what: string) =>
		err('invalid-request', `"properties.${name}" must be ${what}.`);
	const { payloadFormatIndicator: format, messageExpiryInterval: expiry, topicAlias } = json;
	if (format !== undefined) {
		if (format !== 0 && format !== 1) return bad('payloadFormatIndicator', '0 or 1');
		out.payloadFormatIndicator = format;
	}
	if (expiry !== undefined) {
		if (!isUint(expiry, 0xffffffff))
			return bad('messageExpiryInterval', 'a whole number of seconds');
		out.messageExpiryIntervalSeconds = expiry;
	}
	if (topicAlias !== undefined) {
		if (!isUint(topicAlias, 0xffff) || topicAlias === 0)
			return bad('topicAlias', 'from 1 to 65535');
		out.topicAlias = topicAlias;
	}
	for (const name of ['responseTopic', 'contentType'] as const) {
		const text = json[name];
		if (text === undefined) continue;
		if (typeof text !== 'string') return bad(name, 'a string');
		out[name] = text;
	}
	if (json.correlationData !== undefined) {
		const bytes =
			typeof json.correlationData === 'string' ? fromHexDigits(json.correlationData) : undefined;
		if (bytes === undefined) return bad('correlationData', 'hex digits');
		out.correlationData = bytes;
	}
	if (json.userProperties !== undefined) {
		const pairs = json.userProperties;
		const isPairs =
			Array.isArray(pairs) &&
			pairs.every(
				(pair: unknown) =>
					Array.isArray(pair) &&
					pair.length === 2 &&
					typeof pair[0] === 'string' &&
					typeof pair[1] === 'string',
			);
		if (!isPairs) return bad('userProperties', 'a list of [name, value] string pairs');
		out.userProperties = (pairs as [string, string][]).map(([n, v]) => [n, v] as const);
	}
	const ids = json.subscriptionIdentifier;
	if (ids !== undefined) {
		const list: unknown[] = Array.isArray(ids) ? ids : [ids];
		if (!list.every((id) => isUint(id, 268_435_455) && id !== 0))
			return bad('subscriptionIdentifier', 'a number from 1 to 268435455, or a list of them');
		out.subscriptionIdentifiers = list as number[];
	}
	return ok(Object.keys(out).length === 0 ? undefined : out);
}

/** The JSON object for one message, keys in the documented order. */
export function messageToJson(record: MessageRecord): MessageJson {
	const text = utf8Text(record.payload);
	const properties = propertiesToJson(record.properties);
	return {
		time: formatTimeUs(record.timeUs),
		connection: record.connection,
		topic: record.topic,
		qos: record.qos,
		retain: record.retain,
		direction: record.direction,
		payloadBase64: toBase64(record.payload),
		...(text === undefined ? {} : { payloadText: text }),
		size: record.payload.length,
		...(properties === undefined ? {} : { properties }),
	};
}

/** One NDJSON line (no newline) for a message. */
export function messageToJsonLine(record: MessageRecord): string {
	return JSON.stringify(messageToJson(record));
}

const MESSAGE_KEYS = new Set([
	'time',
	'connection',
	'topic',
	'qos',
	'retain',
	'direction',
	'payloadBase64',
	'payloadText',
	'size',
	'properties',
]);

/**
 * A message read back from its JSON object. `payloadBase64` is the truth; a line with only
 * `payloadText` (written by hand) is taken as UTF-8. `size`, when given, must match the bytes.
 */
export function messageFromJson(value: unknown): Result<MessageRecord> {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		return err('invalid-request', 'A message must be a JSON object.');
	const json = value as Record<string, unknown>;
	const unknownKey = Object.keys(json).find((key) => !MESSAGE_KEYS.has(key));
	if (unknownKey !== undefined)
		return err('invalid-request', `Unknown key "${unknownKey}" (see the export format).`);
	const timeUs = typeof json.time === 'string' ? parseTimeUs(json.time) : undefined;
	if (timeUs === undefined)
		return err(
			'invalid-request',
			'"time" must be an RFC 3339 time such as 2024-05-01T12:00:00.123456Z.',
		);
	if (typeof json.topic !== 'string' || json.topic.length === 0)
		return err('invalid-request', '"topic" must be a non-empty string.');
	if (json.qos !== 0 && json.qos !== 1 && json.qos !== 2)
		return err('invalid-request', '"qos" must be 0, 1 or 2.');
	if (json.retain !== undefined && typeof json.retain !== 'boolean')
		return err('invalid-request', '"retain" must be true or false.');
	if (json.direction !== undefined && json.direction !== 'in' && json.direction !== 'out')
		return err('invalid-request', '"direction" must be "in" or "out".');
	if (json.connection !== undefined && typeof json.connection !== 'string')
		return err('invalid-request', '"connection" must be a string.');
	let payload: Uint8Array | undefined;
	if (json.payloadBase64 !== undefined) {
		payload = typeof json.payloadBase64 === 'string' ? fromBase64(json.payloadBase64) : undefined;
		if (payload === undefined)
			return err('invalid-request', '"payloadBase64" is not valid base64.');
	} else if (typeof json.payloadText === 'string') {
		payload = new TextEncoder().encode(json.payloadText);
	} else {
		return err('invalid-request', 'A message needs "payloadBase64" (or "payloadText").');
	}
	if (json.size !== undefined && json.size !== payload.length)
		return err(
			'invalid-request',
			`"size" says ${String(json.size)} bytes but the payload has ${payload.length}.`,
		);
	const properties = propertiesFromJson(json.properties);
	if (!properties.ok) return properties;
	return ok({
		timeUs,
		connection: typeof json.connection === 'string' ? json.connection : '',
		topic: json.topic,
		qos: json.qos,
		retain: json.retain === true,
		direction: json.direction === 'out' ? 'out' : 'in',
		payload,
		properties: properties.value,
	});
}
