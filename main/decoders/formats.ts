/**
 * The decoders that need a library: inflating (fflate), CBOR (cbor-x), MessagePack
 * (@msgpack/msgpack). Each takes bytes and answers a value or the reason it could not, in words;
 * none throws on any input.
 */
import { decode as decodeMessagePack, ExtData } from '@msgpack/msgpack';
import { Decoder as CborDecoder, Tag } from 'cbor-x';
import { Gunzip, Inflate, Unzlib } from 'fflate';
import type { ContentEncoding } from '../../shared/decode/decoder';
import type { Wrapped } from '../../shared/decode/tree';
import { err, ok, type Result } from '../../shared/result';

/** Inflated bytes kept at most: a 1 KB "zip bomb" must not take the process's memory. */
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

function reason(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

function formatSize(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${bytes} bytes`;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

/** CRC-32 (ISO 3309, as gzip uses it). */
function crc32(chunks: readonly Uint8Array[]): number {
	let crc = 0xffffffff;
	for (const chunk of chunks) {
		for (let i = 0; i < chunk.length; i++) {
			crc = (CRC_TABLE[(crc ^ (chunk[i] as number)) & 0xff] as number) ^ (crc >>> 8);
		}
	}
	return (crc ^ 0xffffffff) >>> 0;
}

/** Adler-32 (RFC 1950, as zlib uses it). */
function adler32(chunks: readonly Uint8Array[]): number {
	let a = 1;
	let b = 0;
	for (const chunk of chunks) {
		for (let i = 0; i < chunk.length; i++) {
			a = (a + (chunk[i] as number)) % 65521;
			b = (b + a) % 65521;
		}
	}
	return ((b << 16) | a) >>> 0;
}

/**
 * The trailer check fflate leaves out: gzip's CRC-32 and size (RFC 1952 §2.3, for a single
 * member), zlib's Adler-32 (RFC 1950 §2.2). A corrupt stream can inflate to garbage; this says so.
 */
function checkTrailer(
	bytes: Uint8Array,
	encoding: Exclude<ContentEncoding, 'none'>,
	chunks: readonly Uint8Array[],
	total: number,
): string | null {
	if (encoding === 'deflate' || bytes.length < 8) return null;
	const data = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	if (encoding === 'zlib') {
		const expected = data.getUint32(bytes.length - 4);
		const actual = adler32(chunks);
		return expected === actual ? null : 'its Adler-32 checksum does not match: the data is damaged';
	}
	const expectedCrc = data.getUint32(bytes.length - 8, true);
	const expectedSize = data.getUint32(bytes.length - 4, true);
	// Concatenated gzip members each have their own trailer: only a single member is checked.
	if (expectedSize !== total % 2 ** 32) return null;
	return expectedCrc === crc32(chunks) ? null : 'its CRC-32 does not match: the data is damaged';
}

/**
 * Undoes a content encoding, streaming so that output past `maxBytes` stops the work instead of
 * being allocated. gzip and zlib trailers are checked (CRC-32, Adler-32): a corrupt stream fails.
 */
export function inflate(
	bytes: Uint8Array,
	encoding: Exclude<ContentEncoding, 'none'>,
	maxBytes = MAX_INFLATED_BYTES,
): Result<Uint8Array> {
	const chunks: Uint8Array[] = [];
	let total = 0;
	let isTooLarge = false;
	let isDone = false;
	const onData = (chunk: Uint8Array, isFinal: boolean): void => {
		if (isFinal) isDone = true;
		if (isTooLarge) return;
		total += chunk.length;
		if (total > maxBytes) isTooLarge = true;
		else chunks.push(chunk);
	};
	const stream =
		encoding === 'gzip'
			? new Gunzip(onData)
			: encoding === 'zlib'
				? new Unzlib(onData)
				: new Inflate(onData);
	const name = encoding === 'deflate' ? 'raw deflate' : encoding;
	try {
		// Fed in slices so an oversized output is noticed early, not after inflating it all.
		const slice = 64 * 1024;
		for (let at = 0; at < bytes.length && !isTooLarge; at += slice) {
			const end = Math.min(at + slice, bytes.length);
			stream.push(bytes.subarray(at, end), end === bytes.length);
		}
	} catch (error) {
		return err('invalid-request', `Not ${name} data: ${reason(error)}.`);
	}
	if (isTooLarge) {
		return err(
			'invalid-request',
			`The ${name} data inflates to more than ${formatSize(maxBytes)}; it was not decoded further.`,
		);
	}
	if (!isDone) return err('invalid-request', `The ${name} data ends before its stream does.`);
	const damage = checkTrailer(bytes, encoding, chunks, total);
	if (damage !== null) return err('invalid-request', `Not valid ${name} data: ${damage}.`);
	const out = new Uint8Array(total);
	let at = 0;
	for (const chunk of chunks) {
		out.set(chunk, at);
		at += chunk.length;
	}
	return ok(out);
}

// Maps stay Maps (keys of any type survive); no records extension, which only cbor-x writers use.
const cbor = new CborDecoder({ mapsAsObjects: false, useRecords: false });

/** One CBOR data item that spans all of `bytes`. */
export function decodeCbor(bytes: Uint8Array): Result<unknown> {
	if (bytes.length === 0) return err('invalid-request', 'Not CBOR: the payload is empty.');
	try {
		return ok(cbor.decode(bytes));
	} catch (error) {
		return err('invalid-request', `Not CBOR: ${reason(error)}.`);
	}
}

/** One MessagePack value that spans all of `bytes`; 64-bit integers exactly, as bigints. */
export function decodeMsgpack(bytes: Uint8Array): Result<unknown> {
	if (bytes.length === 0) return err('invalid-request', 'Not MessagePack: the payload is empty.');
	try {
		return ok(decodeMessagePack(bytes, { useBigInt64: true }));
	} catch (error) {
		return err('invalid-request', `Not MessagePack: ${reason(error)}.`);
	}
}

/** CBOR tags and MessagePack extension types the decoders left as they are. */
export function unwrapLibraryValue(value: unknown): Wrapped | null {
	if (value instanceof Tag) return { note: `CBOR tag ${value.tag}`, value: value.value };
	if (value instanceof ExtData)
		return { note: `MessagePack ext type ${value.type}`, value: value.data };
	return null;
}

/** Bytes after a CBOR tag's initial byte (RFC 8949 §3: additional info 24–27 adds 1, 2, 4, 8). */
const TAG_ARGUMENT_BYTES: Readonly<Record<number, number>> = { 24: 1, 25: 2, 26: 4, 27: 8 };

/**
 * Whether the bytes open a CBOR map or array (major types 4 and 5), maybe inside tags (the
 * self-describe tag 55799, a "Map" tag 259…).
 */
export function isCborContainer(bytes: Uint8Array): boolean {
	let at = 0;
	for (let tags = 0; tags < 4; tags++) {
		const initial = bytes[at];
		if (initial === undefined) return false;
		const major = initial >> 5;
		if (major === 4 || major === 5) return true;
		if (major !== 6) return false;
		const info = initial & 0x1f;
		at += 1 + (info < 24 ? 0 : (TAG_ARGUMENT_BYTES[info] ?? Number.POSITIVE_INFINITY));
	}
	return false;
}

/** Whether the first byte opens a MessagePack map or array (fixmap, fixarray, 16/32-bit forms). */
export function isMsgpackContainer(bytes: Uint8Array): boolean {
	const first = bytes[0];
	if (first === undefined) return false;
	return (first >= 0x80 && first <= 0x9f) || (first >= 0xdc && first <= 0xdf);
}
