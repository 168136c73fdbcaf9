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

/**
 * Undoes a content encoding, streaming so that output past `maxBytes` stops the work instead of
 * being allocated. gzip and zlib check their trailers (CRC-32, Adler-32): a corrupt stream fails.
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

/** Whether the first byte opens a CBOR map or array (major types 4 and 5), or the self-describe tag. */
export function isCborContainer(bytes: Uint8Array): boolean {
	const first = bytes[0];
	if (first === undefined) return false;
	const major = first >> 5;
	return major === 4 || major === 5 || (first === 0xd9 && bytes[1] === 0xd9 && bytes[2] === 0xf7);
}

/** Whether the first byte opens a MessagePack map or array (fixmap, fixarray, 16/32-bit forms). */
export function isMsgpackContainer(bytes: Uint8Array): boolean {
	const first = bytes[0];
	if (first === undefined) return false;
	return (first >= 0x80 && first <= 0x9f) || (first >= 0xdc && first <= 0xdf);
}
