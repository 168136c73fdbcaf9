/**
 * Numeric views of a payload: integers and floats of 8 to 64 bits, little or big endian, one value
 * when the payload is exactly one wide, an array when it is a whole number of them.
 */
import { err, ok, type Result } from '../result';
import type { Endian, NumberType } from './decoder';

export const NUMBER_WIDTH: Readonly<Record<NumberType, number>> = {
	int8: 1,
	uint8: 1,
	int16: 2,
	uint16: 2,
	int32: 4,
	uint32: 4,
	int64: 8,
	uint64: 8,
	float32: 4,
	float64: 8,
};

/** Values shown at most; the count says how many the payload holds. */
export const MAX_NUMBER_VALUES = 10_000;

export interface NumberView {
	readonly values: readonly string[];
	readonly count: number;
}

function readValue(data: DataView, at: number, type: NumberType, isLittle: boolean): string {
	switch (type) {
		case 'int8':
			return String(data.getInt8(at));
		case 'uint8':
			return String(data.getUint8(at));
		case 'int16':
			return String(data.getInt16(at, isLittle));
		case 'uint16':
			return String(data.getUint16(at, isLittle));
		case 'int32':
			return String(data.getInt32(at, isLittle));
		case 'uint32':
			return String(data.getUint32(at, isLittle));
		case 'int64':
			return data.getBigInt64(at, isLittle).toString();
		case 'uint64':
			return data.getBigUint64(at, isLittle).toString();
		case 'float32':
			return String(data.getFloat32(at, isLittle));
		case 'float64':
			return String(data.getFloat64(at, isLittle));
	}
}

/** A plain name for the type: "32-bit float, little endian". */
export function numberTypeLabel(type: NumberType, endian: Endian): string {
	const bits = NUMBER_WIDTH[type] * 8;
	const kind = type.startsWith('float') ? 'float' : type.startsWith('u') ? 'unsigned int' : 'int';
	if (bits === 8) return `${bits}-bit ${kind}`;
	return `${bits}-bit ${kind}, ${endian === 'le' ? 'little' : 'big'} endian`;
}

/**
 * The payload read as `type` values; a payload that is not a whole number of them is refused
 * with how many bytes are left over, never read short.
 */
export function decodeNumbers(
	bytes: Uint8Array,
	type: NumberType,
	endian: Endian,
): Result<NumberView> {
	const width = NUMBER_WIDTH[type];
	if (bytes.length === 0) {
		return err('invalid-request', 'The payload is empty: there is no number to read.');
	}
	const remainder = bytes.length % width;
	if (remainder !== 0) {
		return err(
			'invalid-request',
			`${bytes.length} bytes are not a whole number of ${width}-byte values (${remainder} ${remainder === 1 ? 'byte' : 'bytes'} left over).`,
		);
	}
	const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const count = bytes.length / width;
	const shown = Math.min(count, MAX_NUMBER_VALUES);
	const values: string[] = new Array<string>(shown);
	for (let i = 0; i < shown; i++) values[i] = readValue(data, i * width, type, endian === 'le');
	return ok({ values, count });
}
