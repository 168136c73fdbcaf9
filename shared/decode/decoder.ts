/**
 * Payload decoders: what a user (or a binding) can ask for, and what a decode answers.
 *
 * The bytes of a message are never changed: decoding is a view. Every decode runs one visible
 * pipeline — content encoding (gzip, zlib, raw deflate, none) → format → schema — and says at
 * each stage what it used and why, or why it failed.
 */
import * as v from 'valibot';

/** Compressions a payload may be wrapped in before its format. */
export const CONTENT_ENCODINGS = ['none', 'gzip', 'zlib', 'deflate'] as const;
export type ContentEncoding = (typeof CONTENT_ENCODINGS)[number];

/** Integer and float widths of the numeric views. */
export const NUMBER_TYPES = [
	'int8',
	'uint8',
	'int16',
	'uint16',
	'int32',
	'uint32',
	'int64',
	'uint64',
	'float32',
	'float64',
] as const;
export type NumberType = (typeof NUMBER_TYPES)[number];
export type Endian = 'le' | 'be';

/** Formats without parameters. */
export const PLAIN_FORMATS = [
	'text',
	'json',
	'hex',
	'base64',
	'cbor',
	'msgpack',
	'sparkplug',
	'image',
] as const;
export type PlainFormat = (typeof PLAIN_FORMATS)[number];

const MessageTypeName = v.pipe(
	v.string(),
	v.minLength(1),
	v.maxLength(500),
	v.regex(/^\.?[A-Za-z_][\w.]*$/, 'expected a message type such as sensors.Reading'),
);

export const FormatChoiceSchema = v.variant('kind', [
	v.strictObject({ kind: v.picklist(PLAIN_FORMATS) }),
	v.strictObject({ kind: v.literal('protobuf'), messageType: MessageTypeName }),
	v.strictObject({
		kind: v.literal('number'),
		type: v.picklist(NUMBER_TYPES),
		endian: v.picklist(['le', 'be']),
	}),
]);

export const DecoderSchema = v.strictObject({
	format: FormatChoiceSchema,
	encoding: v.optional(v.picklist(CONTENT_ENCODINGS)),
});

/** A format the user picked or bound: plain ones, protobuf with its message type, numbers. */
export type FormatChoice = v.InferOutput<typeof FormatChoiceSchema>;
export type FormatKind = FormatChoice['kind'];

/**
 * A decoder as a user names it: a format, and the content encoding to undo first (absent: look
 * at the bytes for a gzip or zlib header).
 */
export type Decoder = v.InferOutput<typeof DecoderSchema>;

/** "Decode as": the automatic choice, or one decoder for this message. */
export type DecodeChoice =
	{ readonly kind: 'auto' } | { readonly kind: 'decoder'; readonly decoder: Decoder };

export const DecodeChoiceSchema = v.variant('kind', [
	v.strictObject({ kind: v.literal('auto') }),
	v.strictObject({ kind: v.literal('decoder'), decoder: DecoderSchema }),
]);

/** The stages of the pipeline, in order. */
export type DecodeStageName = 'encoding' | 'format' | 'schema';

/** One stage as the message view shows it: what was used, why, and how it went. */
export interface DecodeStage {
	readonly stage: DecodeStageName;
	/** 'gzip', 'none', 'JSON', 'sensors.Reading'… */
	readonly label: string;
	/** Why this was used: "magic bytes 1F 8B", "you chose it", "bound to sensors/+/raw". */
	readonly because: string;
	/** Set when this stage failed: the reason in plain words. */
	readonly error?: string;
}

export type TreeValueKind =
	| 'object'
	| 'array'
	| 'string'
	| 'number'
	| 'bigint'
	| 'boolean'
	| 'null'
	| 'undefined'
	| 'bytes'
	| 'date';

/**
 * One value of a decoded document, in a flat pre-order list with depths (the renderer shows it as
 * rows, and nesting of any depth crosses msgpack without hitting its depth limit). Plain data
 * only: big integers and bytes are given as text.
 */
export interface TreeRow {
	readonly depth: number;
	/** The key in its parent object or the index in its parent array; null for the root. */
	readonly key: string | number | null;
	readonly kind: TreeValueKind;
	/** A leaf's value as JSON would write it (strings quoted); empty for a container. */
	readonly text: string;
	/** A container's entries in the document, shown or not. */
	readonly size: number;
	/** A container's entries left out of the rows (the row budget ran out). */
	readonly omitted: number;
	/** What the format said beside the value: "CBOR tag 1", "ext type 5", "enum"… */
	readonly note?: string;
}

/** A decoded document: its rows, and how many values it has beyond those. */
export interface DecodedTree {
	readonly rows: readonly TreeRow[];
	/** Values in the whole document, shown or not. */
	readonly nodeCount: number;
}

/** One Sparkplug metric, its alias resolved to a name when a BIRTH told us. */
export interface SparkplugMetricView {
	readonly name: string | null;
	readonly alias: string | null;
	/** Where the name came from: the payload itself, the node's BIRTH, or unknown. */
	readonly nameSource: 'payload' | 'birth' | 'unknown';
	readonly datatype: string;
	/** The value as text (JSON-like for strings, exact for 64-bit integers). */
	readonly value: string;
	/** Milliseconds since the epoch, as the metric says. */
	readonly timestamp: number | null;
	readonly isHistorical: boolean;
	readonly isTransient: boolean;
	readonly isNull: boolean;
}

/** What a Sparkplug message says, with what the connection's Sparkplug state knows about it. */
export interface SparkplugView {
	readonly messageType: string;
	readonly groupId: string;
	readonly edgeNodeId: string;
	readonly deviceId: string | null;
	readonly timestamp: number | null;
	readonly seq: number | null;
	/** The seq check of this message when it arrived, in plain words; null when not checked. */
	readonly seqNote: string | null;
	readonly isSeqGap: boolean;
	readonly bdSeq: string | null;
	readonly metrics: readonly SparkplugMetricView[];
	readonly uuid: string | null;
	readonly body: Uint8Array | null;
	/** Problems found (an alias no BIRTH named, a stale death certificate…). */
	readonly warnings: readonly string[];
}

export type DecodedContent =
	/** Text of at most the first 64 KB, cut at a whole character; `sizeBytes` is all of it. */
	| {
			readonly kind: 'text';
			readonly text: string;
			readonly shownBytes: number;
			readonly sizeBytes: number;
	  }
	| { readonly kind: 'tree'; readonly tree: DecodedTree }
	/** The first bytes for a hex dump; `sizeBytes` is how many there are in all. */
	| { readonly kind: 'hex'; readonly bytes: Uint8Array; readonly sizeBytes: number }
	| {
			readonly kind: 'numbers';
			readonly type: NumberType;
			readonly endian: Endian;
			/** Values as text (64-bit integers exactly, floats as JavaScript prints them). */
			readonly values: readonly string[];
			readonly count: number;
	  }
	| {
			readonly kind: 'image';
			readonly mime: string;
			readonly width: number | null;
			readonly height: number | null;
			/** The image's bytes, or null when too large to show inline. */
			readonly bytes: Uint8Array | null;
			readonly sizeBytes: number;
	  }
	/** A Sparkplug B payload: its metrics resolved, and the whole payload as a tree. */
	| { readonly kind: 'sparkplug'; readonly sparkplug: SparkplugView; readonly tree: DecodedTree };

/** A decode's answer: the pipeline's stages and what they produced. */
export interface DecodedPayload {
	readonly stages: readonly DecodeStage[];
	/** What is shown: the decoded value, or when a stage failed, the bytes as a fallback. */
	readonly content: DecodedContent;
	/** The stage that failed and why; null when every stage worked. */
	readonly failure: { readonly stage: DecodeStageName; readonly reason: string } | null;
	/** Payload bytes in; bytes after the content encoding was undone. */
	readonly sizeBytes: number;
	readonly decodedBytes: number;
	/** The binding that chose the decoder, when one did. */
	readonly binding: string | null;
}
