/**
 * Sparkplug B payloads to and from plain values, with protobufjs and the bundled schema.
 *
 * 64-bit fields become bigints (seq, bdSeq, aliases and timestamps are uint64 on the wire);
 * signed integer metrics are read back from their unsigned carriers (Sparkplug 3.0 §6.4.16: an
 * Int8/16/32 travels in `int_value` as its 32-bit two's complement, an Int64 in `long_value`).
 */
import protobuf from 'protobufjs';
import { decodeNumbers } from '../../shared/decode/numbers';
import type { NumberType } from '../../shared/decode/decoder';
import { err, ok, type Result } from '../../shared/result';
import { isLong } from '../decoders/proto-schemas';
import { SPARKPLUG_B_PROTO } from './sparkplug-b-proto';

const root = protobuf.parse(SPARKPLUG_B_PROTO, { keepCase: true }).root;
const PayloadType = root.lookupType('org.eclipse.tahu.protobuf.Payload');
const DataTypeEnum = root.lookupEnum('org.eclipse.tahu.protobuf.DataType');

/** Data type numbers of Sparkplug 3.0 §6.4.16 that this code reads specially. */
export const DATA_TYPE = {
	Int8: 1,
	Int16: 2,
	Int32: 3,
	Int64: 4,
	UInt64: 8,
	Boolean: 11,
	String: 12,
	DateTime: 13,
	Int8Array: 22,
	BooleanArray: 32,
	StringArray: 33,
	DateTimeArray: 34,
} as const;

/** The name of a data type number ("Double"), or "type N" for one the schema does not name. */
export function dataTypeName(datatype: number | null): string {
	if (datatype === null) return 'unspecified';
	return DataTypeEnum.valuesById[datatype] ?? `type ${datatype}`;
}

export interface SparkplugMetric {
	readonly name: string | null;
	readonly alias: bigint | null;
	readonly timestamp: bigint | null;
	readonly datatype: number | null;
	readonly isHistorical: boolean;
	readonly isTransient: boolean;
	readonly isNull: boolean;
	/** The value as read: number, bigint, boolean, string, bytes, arrays, or a DataSet/Template object. */
	readonly value: unknown;
	/** The oneof field that carried it ('double_value'…), null when none did. */
	readonly valueField: string | null;
	readonly properties: Readonly<Record<string, unknown>> | null;
}

export interface SparkplugPayload {
	readonly timestamp: bigint | null;
	readonly seq: bigint | null;
	readonly uuid: string | null;
	readonly body: Uint8Array | null;
	readonly metrics: readonly SparkplugMetric[];
}

type Decoded = Record<string, unknown>;

/** A uint64 (or any Long) as a bigint; numbers pass through as bigints too. */
function toBigInt(value: unknown): bigint | null {
	if (isLong(value)) return BigInt(value.toString());
	if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
	return null;
}

function present(message: Decoded, field: string): unknown {
	return Object.hasOwn(message, field) ? message[field] : undefined;
}

/** Every Long inside a decoded DataSet/Template/PropertySet as a bigint, for display. */
function plain(value: unknown): unknown {
	if (isLong(value)) return BigInt(value.toString());
	if (value instanceof Uint8Array || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map(plain);
	const out: Record<string, unknown> = {};
	for (const [key, item] of Object.entries(value)) {
		if (Object.hasOwn(value, key)) out[key] = plain(item);
	}
	return out;
}

const PACKED: Readonly<Record<number, NumberType>> = {
	22: 'int8',
	23: 'int16',
	24: 'int32',
	25: 'int64',
	26: 'uint8',
	27: 'uint16',
	28: 'uint32',
	29: 'uint64',
	30: 'float32',
	31: 'float64',
	34: 'int64',
};

/** Sparkplug array types travel as little-endian packed bytes in `bytes_value` (§6.4.17). */
function unpackArray(datatype: number, bytes: Uint8Array): unknown {
	const numberType = PACKED[datatype];
	if (numberType !== undefined) {
		const numbers = decodeNumbers(bytes, numberType, 'le');
		if (!numbers.ok) return bytes;
		return numbers.value.values.map((text) =>
			numberType.endsWith('64') && !numberType.startsWith('float') ? BigInt(text) : Number(text),
		);
	}
	if (datatype === DATA_TYPE.BooleanArray && bytes.length >= 4) {
		// A 4-byte little-endian count, then the booleans packed most significant bit first.
		const count = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
		const values: boolean[] = [];
		for (let i = 0; i < count && 4 + (i >> 3) < bytes.length; i++) {
			values.push(((bytes[4 + (i >> 3)] as number) & (0x80 >> (i & 7))) !== 0);
		}
		return values;
	}
	if (datatype === DATA_TYPE.StringArray) {
		// Null-terminated UTF-8 strings, one after another.
		const text = new TextDecoder().decode(bytes);
		const parts = text.split('\u0000');
		if (parts.at(-1) === '') parts.pop();
		return parts;
	}
	return bytes;
}

function metricValue(
	metric: Decoded,
	datatype: number | null,
): { value: unknown; field: string | null } {
	const field = typeof metric.value === 'string' ? metric.value : null;
	if (field === null) return { value: null, field };
	const raw = metric[field];
	switch (field) {
		case 'int_value': {
			const unsigned = typeof raw === 'number' ? raw : 0;
			const isSigned =
				datatype === DATA_TYPE.Int8 || datatype === DATA_TYPE.Int16 || datatype === DATA_TYPE.Int32;
			return { value: isSigned ? unsigned | 0 : unsigned, field };
		}
		case 'long_value': {
			const long = toBigInt(raw) ?? 0n;
			return { value: datatype === DATA_TYPE.Int64 ? BigInt.asIntN(64, long) : long, field };
		}
		case 'bytes_value':
			return {
				value: raw instanceof Uint8Array && datatype !== null ? unpackArray(datatype, raw) : raw,
				field,
			};
		default:
			return { value: plain(raw), field };
	}
}

function toMetric(metric: Decoded): SparkplugMetric {
	const datatype =
		typeof metric.datatype === 'number' && Object.hasOwn(metric, 'datatype')
			? metric.datatype
			: null;
	const name = present(metric, 'name');
	const { value, field } = metricValue(metric, datatype);
	const properties = present(metric, 'properties');
	return {
		name: typeof name === 'string' ? name : null,
		alias: toBigInt(present(metric, 'alias')),
		timestamp: toBigInt(present(metric, 'timestamp')),
		datatype,
		isHistorical: present(metric, 'is_historical') === true,
		isTransient: present(metric, 'is_transient') === true,
		isNull: present(metric, 'is_null') === true,
		value,
		valueField: field,
		properties: properties === undefined ? null : (plain(properties) as Record<string, unknown>),
	};
}

/** Reads a Sparkplug B payload; what the protobuf decoder refuses comes back in words. */
export function decodeSparkplugPayload(bytes: Uint8Array): Result<SparkplugPayload> {
	let message: Decoded;
	try {
		message = PayloadType.decode(bytes) as unknown as Decoded;
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return err('invalid-request', `Not a Sparkplug B payload: ${reason}.`);
	}
	const metrics = Array.isArray(message.metrics) ? (message.metrics as Decoded[]) : [];
	const uuid = present(message, 'uuid');
	const body = present(message, 'body');
	return ok({
		timestamp: toBigInt(present(message, 'timestamp')),
		seq: toBigInt(present(message, 'seq')),
		uuid: typeof uuid === 'string' ? uuid : null,
		body: body instanceof Uint8Array ? body : null,
		metrics: metrics.map(toMetric),
	});
}

/** A metric to write: the value goes in the oneof field its data type uses. */
export interface MetricToWrite {
	readonly name?: string;
	readonly alias?: number | bigint;
	readonly timestamp?: number | bigint;
	readonly datatype: number;
	readonly value?: number | bigint | boolean | string | Uint8Array;
	readonly isNull?: boolean;
}

export interface PayloadToWrite {
	readonly timestamp?: number | bigint;
	readonly seq?: number | bigint;
	readonly metrics: readonly MetricToWrite[];
	readonly uuid?: string;
	readonly body?: Uint8Array;
}

function valueField(datatype: number): string {
	if (datatype >= 1 && datatype <= 3) return 'int_value';
	if (datatype >= 5 && datatype <= 7) return 'int_value';
	if (datatype === 4 || datatype === 8 || datatype === DATA_TYPE.DateTime) return 'long_value';
	if (datatype === 9) return 'float_value';
	if (datatype === 10) return 'double_value';
	if (datatype === DATA_TYPE.Boolean) return 'boolean_value';
	if (datatype === DATA_TYPE.String || datatype === 14 || datatype === 15) return 'string_value';
	return 'bytes_value';
}

/** A uint64 for protobufjs: decimal text, which it reads exactly (through the 'long' package). */
function long(value: number | bigint): string {
	return BigInt.asUintN(64, BigInt(value)).toString();
}

/** Encodes a Sparkplug B payload (the Rebirth command, and test fixtures). */
export function encodeSparkplugPayload(payload: PayloadToWrite): Uint8Array {
	const metrics = payload.metrics.map((metric) => {
		const out: Record<string, unknown> = { datatype: metric.datatype };
		if (metric.name !== undefined) out.name = metric.name;
		if (metric.alias !== undefined) out.alias = long(metric.alias);
		if (metric.timestamp !== undefined) out.timestamp = long(metric.timestamp);
		if (metric.isNull === true) out.is_null = true;
		if (metric.value !== undefined && metric.isNull !== true) {
			const field = valueField(metric.datatype);
			const value = metric.value;
			out[field] =
				field === 'long_value' && (typeof value === 'number' || typeof value === 'bigint')
					? long(value)
					: field === 'int_value' && typeof value === 'number'
						? value >>> 0
						: value;
		}
		return out;
	});
	const message: Record<string, unknown> = { metrics };
	if (payload.timestamp !== undefined) message.timestamp = long(payload.timestamp);
	if (payload.seq !== undefined) message.seq = long(payload.seq);
	if (payload.uuid !== undefined) message.uuid = payload.uuid;
	if (payload.body !== undefined) message.body = payload.body;
	return PayloadType.encode(PayloadType.create(message)).finish();
}
