/** The "Decode as" choices as form values and labels, and back. Pure functions. */
import {
	CONTENT_ENCODINGS,
	NUMBER_TYPES,
	PLAIN_FORMATS,
	type ContentEncoding,
	type DecodeChoice,
	type Decoder,
	type Endian,
	type FormatChoice,
	type NumberType,
	type PlainFormat,
} from '../../../shared/decode/decoder';
import { numberTypeLabel } from '../../../shared/decode/numbers';

export const PLAIN_LABELS: Readonly<Record<PlainFormat, string>> = {
	text: 'Text (UTF-8)',
	json: 'JSON',
	hex: 'Hex dump',
	base64: 'Base64',
	cbor: 'CBOR',
	msgpack: 'MessagePack',
	sparkplug: 'Sparkplug B',
	image: 'Image',
};

export const ENCODING_LABELS: Readonly<Record<ContentEncoding, string>> = {
	none: 'none',
	gzip: 'gzip',
	zlib: 'zlib',
	deflate: 'raw deflate',
};

export interface FormatOption {
	readonly value: string;
	readonly label: string;
}

export interface FormatGroup {
	readonly label: string;
	readonly options: readonly FormatOption[];
}

/** The format select's groups: plain formats, the .proto message types, numbers. */
export function formatGroups(messageTypes: readonly string[]): FormatGroup[] {
	return [
		{
			label: 'Formats',
			options: PLAIN_FORMATS.map((kind) => ({ value: kind, label: PLAIN_LABELS[kind] })),
		},
		{
			label: 'Protocol Buffers',
			options: messageTypes.map((type) => ({ value: `protobuf:${type}`, label: type })),
		},
		{
			label: 'Numbers',
			options: NUMBER_TYPES.map((type) => ({ value: `number:${type}`, label: type })),
		},
	];
}

export const ENCODING_OPTIONS: readonly FormatOption[] = [
	{ value: 'detect', label: 'detect' },
	...CONTENT_ENCODINGS.map((encoding) => ({ value: encoding, label: ENCODING_LABELS[encoding] })),
];

/** A format select value ("json", "protobuf:a.B", "number:int16") as a format, with an endianness for numbers. */
export function formatFromValue(value: string, endian: Endian): FormatChoice | null {
	if ((PLAIN_FORMATS as readonly string[]).includes(value)) return { kind: value as PlainFormat };
	if (value.startsWith('protobuf:')) return { kind: 'protobuf', messageType: value.slice(9) };
	if (value.startsWith('number:')) {
		const type = value.slice(7);
		if ((NUMBER_TYPES as readonly string[]).includes(type)) {
			return { kind: 'number', type: type as NumberType, endian };
		}
	}
	return null;
}

export function valueOfFormat(format: FormatChoice): string {
	if (format.kind === 'protobuf') return `protobuf:${format.messageType}`;
	if (format.kind === 'number') return `number:${format.type}`;
	return format.kind;
}

/** The decoder a choice names, or null for the automatic choice. */
export function decoderOf(choice: DecodeChoice): Decoder | null {
	return choice.kind === 'decoder' ? choice.decoder : null;
}

/** A decoder in words: "gzip → JSON", "Protocol Buffers sensors.Reading", "16-bit int, big endian". */
export function decoderLabel(decoder: Decoder): string {
	const { format } = decoder;
	const name =
		format.kind === 'protobuf'
			? `Protocol Buffers ${format.messageType}`
			: format.kind === 'number'
				? numberTypeLabel(format.type, format.endian)
				: PLAIN_LABELS[format.kind];
	const encoding = decoder.encoding;
	return encoding === undefined || encoding === 'none'
		? name
		: `${ENCODING_LABELS[encoding]} → ${name}`;
}
