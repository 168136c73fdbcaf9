/**
 * What the bytes and the message's MQTT 5 properties say about a payload, before any decoder runs:
 * compression headers, magic bytes, the content type and a content-encoding user property.
 */
import type { MessageProperties } from '../model/message';
import type { ContentEncoding, FormatChoice } from './decoder';
import { hexPairs, imageInfo } from './image';

/** A compression header seen at the start of the bytes. */
export interface EncodingHint {
	readonly encoding: Exclude<ContentEncoding, 'none'>;
	readonly because: string;
}

/**
 * gzip (RFC 1952: 1F 8B, method 8) or zlib (RFC 1950: CM 8, a window of at most 32 KB, and the
 * header check CMF·256 + FLG divisible by 31). Raw deflate has no header: only a choice or a
 * binding names it.
 */
export function sniffEncoding(bytes: Uint8Array): EncodingHint | null {
	const [first, second, third] = bytes;
	if (first === undefined || second === undefined) return null;
	if (first === 0x1f && second === 0x8b && third === 0x08) {
		return { encoding: 'gzip', because: `gzip header ${hexPairs(bytes, 3)}` };
	}
	const isZlibHeader =
		(first & 0x0f) === 8 &&
		first >> 4 <= 7 &&
		(first * 256 + second) % 31 === 0 &&
		bytes.length > 6;
	if (isZlibHeader) return { encoding: 'zlib', because: `zlib header ${hexPairs(bytes, 2)}` };
	return null;
}

/** A format named by magic bytes: the four images, and CBOR's self-describe tag 55799. */
export function sniffMagic(bytes: Uint8Array): { format: FormatChoice; because: string } | null {
	const image = imageInfo(bytes);
	if (image !== null) {
		return { format: { kind: 'image' }, because: `${image.kind} magic bytes ${image.magic}` };
	}
	if (bytes[0] === 0xd9 && bytes[1] === 0xd9 && bytes[2] === 0xf7) {
		return { format: { kind: 'cbor' }, because: 'CBOR self-describe tag D9 D9 F7' };
	}
	return null;
}

/** What an MQTT 5 content type names: a format, a content encoding, or both. */
export interface ContentTypeHint {
	readonly format: FormatChoice | null;
	readonly encoding: Exclude<ContentEncoding, 'none'> | null;
	/** The media type without parameters, lower case. */
	readonly mediaType: string;
}

const MEDIA_FORMATS: Readonly<Record<string, FormatChoice['kind']>> = {
	'application/json': 'json',
	'text/json': 'json',
	'application/cbor': 'cbor',
	'application/msgpack': 'msgpack',
	'application/x-msgpack': 'msgpack',
	'application/vnd.msgpack': 'msgpack',
	'application/octet-stream': 'hex',
	'image/png': 'image',
	'image/jpeg': 'image',
	'image/gif': 'image',
	'image/webp': 'image',
	'application/base64': 'base64',
	'application/sparkplug-b': 'sparkplug',
};

const MEDIA_ENCODINGS: Readonly<Record<string, Exclude<ContentEncoding, 'none'>>> = {
	'application/gzip': 'gzip',
	'application/x-gzip': 'gzip',
	'application/zlib': 'zlib',
	'application/deflate': 'deflate',
};

const PROTOBUF_TYPES = new Set([
	'application/protobuf',
	'application/x-protobuf',
	'application/vnd.google.protobuf',
]);

/** The value of a media type parameter (`; proto=sensors.Reading`), unquoted. */
function parameter(parameters: readonly string[], names: readonly string[]): string | null {
	for (const part of parameters) {
		const equals = part.indexOf('=');
		if (equals < 0) continue;
		const name = part.slice(0, equals).trim().toLowerCase();
		if (names.includes(name))
			return part
				.slice(equals + 1)
				.trim()
				.replace(/^"|"$/g, '');
	}
	return null;
}

/**
 * The decoder an MQTT 5 content type names, or null when it names none we know.
 *
 * `application/json`, `text/*`, CBOR, MessagePack, protobuf with a `proto=` or `messageType=`
 * parameter, the four images; `+json`/`+cbor` suffixes (RFC 6839); `+gzip` or a gzip media type
 * as a content encoding.
 */
export function fromContentType(contentType: string): ContentTypeHint | null {
	const [head = '', ...parameters] = contentType.split(';');
	const mediaType = head.trim().toLowerCase();
	let base = mediaType;
	let encoding: Exclude<ContentEncoding, 'none'> | null = null;
	if (base.endsWith('+gzip')) {
		encoding = 'gzip';
		base = base.slice(0, -'+gzip'.length);
	}
	const encodingOnly = MEDIA_ENCODINGS[base];
	if (encodingOnly !== undefined) return { format: null, encoding: encodingOnly, mediaType };
	const kind = MEDIA_FORMATS[base];
	if (kind !== undefined && kind !== 'number' && kind !== 'protobuf') {
		return { format: { kind }, encoding, mediaType };
	}
	if (PROTOBUF_TYPES.has(base)) {
		const messageType = parameter(parameters, ['proto', 'messagetype', 'type']);
		if (messageType === null || !/^\.?[A-Za-z_][\w.]*$/.test(messageType)) return null;
		return { format: { kind: 'protobuf', messageType }, encoding, mediaType };
	}
	if (base.endsWith('+json')) return { format: { kind: 'json' }, encoding, mediaType };
	if (base.endsWith('+cbor')) return { format: { kind: 'cbor' }, encoding, mediaType };
	if (base.startsWith('text/')) return { format: { kind: 'text' }, encoding, mediaType };
	if (encoding !== null) return { format: null, encoding, mediaType };
	return null;
}

/**
 * A `content-encoding` user property (case-insensitive name, as in HTTP): a convention some
 * publishers follow, since MQTT has no content encoding of its own.
 */
export function contentEncodingProperty(
	properties: MessageProperties | undefined,
): Exclude<ContentEncoding, 'none'> | null {
	for (const [name, value] of properties?.userProperties ?? []) {
		if (name.toLowerCase() !== 'content-encoding') continue;
		const encoding = value.trim().toLowerCase();
		if (encoding === 'gzip' || encoding === 'x-gzip') return 'gzip';
		if (encoding === 'deflate' || encoding === 'zlib') return 'zlib';
		if (encoding === 'raw-deflate') return 'deflate';
	}
	return null;
}
