/**
 * The decode pipeline: content encoding → format → schema, each stage saying what it used and
 * why. `decodePayload` is a function of its inputs (bytes, properties, choice, bindings, the
 * compiled .proto files), so it runs the same in main or in a worker thread, and tests call it
 * directly. It never throws on any payload: a stage that fails is reported, and the bytes are
 * then shown as text or hex instead of an empty object.
 *
 * Over 300 lines because every format's stage (and its reasons) sits beside the others: the
 * order they are tried in and what each says when it fails are one decision, read in one place.
 */
import type { Binding } from '../../shared/decode/binding';
import { decodeBase64 } from '../../shared/decode/base64';
import type {
	ContentEncoding,
	DecodeChoice,
	DecodeStage,
	DecodedContent,
	DecodedPayload,
	FormatChoice,
} from '../../shared/decode/decoder';
import { sniffEncoding, sniffMagic } from '../../shared/decode/detect';
import { hexPairs, imageInfo } from '../../shared/decode/image';
import { decodeNumbers, numberTypeLabel } from '../../shared/decode/numbers';
import { planDecode, type DecodePlan, type Planned } from '../../shared/decode/plan';
import { parseJsonTree } from '../../shared/decode/json-tree';
import { notTextReason } from '../../shared/decode/text';
import { toTree } from '../../shared/decode/tree';
import { MAX_PREVIEW_BYTES, type MessageProperties } from '../../shared/model/message';
import { incompleteTailLength } from '../../shared/model/payload-text';
import { err, ok, type Result } from '../../shared/result';
import { decodeSparkplugPayload } from '../sparkplug/payload';
import { sparkplugTreeValue, sparkplugView } from '../sparkplug/message-view';
import {
	decodeCbor,
	decodeMsgpack,
	inflate,
	isCborContainer,
	isMsgpackContainer,
	unwrapLibraryValue,
} from './formats';
import { findMessageType, unwrapLong, type ProtoSchemas } from './proto-schemas';

/** Payloads decoded as a whole at most; past this only text and hex previews are shown. */
export const MAX_DECODE_BYTES = 32 * 1024 * 1024;
/** Images shown inline at most. */
export const MAX_INLINE_IMAGE_BYTES = 16 * 1024 * 1024;

export interface DecodeInput {
	readonly topic: string;
	readonly payload: Uint8Array;
	readonly properties: MessageProperties | undefined;
	readonly choice: DecodeChoice;
	readonly bindings: readonly Binding[];
	readonly schemas: ProtoSchemas | null;
}

/** A format stage that worked: what it shows, its label, and its schema stage. */
interface FormatResult {
	readonly content: DecodedContent;
	readonly label: string;
	readonly schema?: { readonly label: string; readonly because: string };
}

const FORMAT_LABELS: Readonly<Record<FormatChoice['kind'], string>> = {
	text: 'text',
	json: 'JSON',
	hex: 'hex',
	base64: 'base64',
	cbor: 'CBOR',
	msgpack: 'MessagePack',
	protobuf: 'Protocol Buffers',
	sparkplug: 'Sparkplug B',
	image: 'image',
	number: 'number',
};

/** A format's name in a stage: "JSON", "16-bit int, little endian", "Protocol Buffers". */
function formatLabel(format: FormatChoice): string {
	return format.kind === 'number'
		? numberTypeLabel(format.type, format.endian)
		: FORMAT_LABELS[format.kind];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The bytes as UTF-8 text, or null. A BOM is dropped (TextDecoder does so by default). */
function asText(bytes: Uint8Array): string | null {
	try {
		return utf8.decode(bytes);
	} catch {
		// Not UTF-8: an answer, not a failure; the caller says why with notTextReason.
		return null;
	}
}

function reason(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** The first 64 KB as text (cut at a whole character) or, when not text, as hex. */
function previewContent(bytes: Uint8Array): DecodedContent {
	const isCut = bytes.length > MAX_PREVIEW_BYTES;
	const head = isCut ? bytes.subarray(0, MAX_PREVIEW_BYTES) : bytes;
	const whole = isCut ? head.subarray(0, head.length - incompleteTailLength(head)) : head;
	const text = asText(whole);
	if (text !== null && notTextReason(whole, text) === null) {
		return { kind: 'text', text, shownBytes: whole.length, sizeBytes: bytes.length };
	}
	return hexContent(bytes);
}

function hexContent(bytes: Uint8Array): DecodedContent {
	// A copy: it crosses a transport and must not pin or expose the tree's buffer.
	return {
		kind: 'hex',
		bytes: new Uint8Array(bytes.subarray(0, MAX_PREVIEW_BYTES)),
		sizeBytes: bytes.length,
	};
}

function textContent(bytes: Uint8Array, isChosen: boolean): Result<FormatResult> {
	const isCut = bytes.length > MAX_PREVIEW_BYTES;
	const head = isCut ? bytes.subarray(0, MAX_PREVIEW_BYTES) : bytes;
	const shown = isCut ? head.subarray(0, head.length - incompleteTailLength(head)) : head;
	// The whole must be UTF-8 to be called text; past the decode limit only the shown part is read.
	const checked = bytes.length > MAX_DECODE_BYTES ? shown : bytes;
	const text = asText(checked);
	const problem = notTextReason(checked, text);
	// A chosen text view shows control characters; only bytes that are not UTF-8 refuse it.
	if (text === null || (!isChosen && problem !== null)) {
		return err('invalid-request', `Not text: ${problem ?? 'it is not UTF-8'}.`);
	}
	return ok({
		content: {
			kind: 'text',
			text: checked === shown ? text : (asText(shown) ?? ''),
			shownBytes: shown.length,
			sizeBytes: bytes.length,
		},
		label: 'text',
	});
}

function jsonContent(bytes: Uint8Array): Result<FormatResult> {
	const text = asText(bytes);
	if (text === null)
		return err('invalid-request', `Not JSON: ${notTextReason(bytes, null) ?? 'not UTF-8'}.`);
	if (text.trim() === '')
		return err('invalid-request', 'Not JSON: the payload is only white space.');
	const tree = parseJsonTree(text);
	if (!tree.ok) return err('invalid-request', `Not JSON: ${tree.error.message}.`);
	return ok({ content: { kind: 'tree', tree: tree.value }, label: 'JSON' });
}

function treeOf(value: unknown): DecodedContent {
	return { kind: 'tree', tree: toTree(value, { unwrap: unwrapLibraryValue }) };
}

function protobufContent(
	bytes: Uint8Array,
	messageType: string,
	because: string,
	schemas: ProtoSchemas | null,
): Result<FormatResult> {
	if (schemas === null || schemas.messageTypes.length === 0) {
		return err(
			'not-found',
			'No .proto files are loaded: add the file that declares ' + messageType + '.',
		);
	}
	const type = findMessageType(schemas, messageType);
	if (!type.ok) return type;
	try {
		const message = type.value.decode(bytes);
		const object = type.value.toObject(message, { enums: String, defaults: false });
		return ok({
			content: { kind: 'tree', tree: toTree(object, { unwrap: unwrapLong }) },
			label: 'Protocol Buffers',
			schema: { label: messageType.replace(/^\./, ''), because },
		});
	} catch (error) {
		return err('invalid-request', `Not a ${messageType} message: ${reason(error)}.`);
	}
}

function sparkplugContent(topic: string, bytes: Uint8Array): Result<FormatResult> {
	const payload = decodeSparkplugPayload(bytes);
	if (!payload.ok) return payload;
	return ok({
		content: {
			kind: 'sparkplug',
			sparkplug: sparkplugView(topic, payload.value),
			tree: toTree(sparkplugTreeValue(payload.value)),
		},
		label: 'Sparkplug B',
		schema: { label: 'org.eclipse.tahu.protobuf.Payload', because: 'the Sparkplug B schema' },
	});
}

function imageContent(bytes: Uint8Array): Result<FormatResult> {
	const info = imageInfo(bytes);
	if (info === null) {
		const start = bytes.length === 0 ? 'it is empty' : `it starts with ${hexPairs(bytes, 8)}`;
		return err('invalid-request', `Not a PNG, JPEG, GIF or WebP image: ${start}.`);
	}
	const isInline = bytes.length <= MAX_INLINE_IMAGE_BYTES;
	return ok({
		content: {
			kind: 'image',
			mime: info.mime,
			width: info.width,
			height: info.height,
			bytes: isInline ? new Uint8Array(bytes) : null,
			sizeBytes: bytes.length,
		},
		label: info.kind,
	});
}

/** Runs one format on the bytes (after the content encoding was undone). */
function runFormat(
	format: FormatChoice,
	bytes: Uint8Array,
	input: DecodeInput,
	because: string,
): Result<FormatResult> {
	const isWhole = format.kind === 'text' || format.kind === 'hex';
	if (!isWhole && bytes.length > MAX_DECODE_BYTES) {
		return err(
			'invalid-request',
			`The payload is ${Math.round(bytes.length / (1024 * 1024))} MB; decoding as ${formatLabel(format)} stops at ${MAX_DECODE_BYTES / (1024 * 1024)} MB. Save it to a file to decode it elsewhere.`,
		);
	}
	switch (format.kind) {
		case 'text':
			return textContent(bytes, true);
		case 'json':
			return jsonContent(bytes);
		case 'hex':
			return ok({ content: hexContent(bytes), label: 'hex' });
		case 'base64':
			return base64Content(bytes, input);
		case 'cbor': {
			const value = decodeCbor(bytes);
			return value.ok ? ok({ content: treeOf(value.value), label: 'CBOR' }) : value;
		}
		case 'msgpack': {
			const value = decodeMsgpack(bytes);
			return value.ok ? ok({ content: treeOf(value.value), label: 'MessagePack' }) : value;
		}
		case 'protobuf':
			return protobufContent(bytes, format.messageType, because, input.schemas);
		case 'sparkplug':
			return sparkplugContent(input.topic, bytes);
		case 'image':
			return imageContent(bytes);
		case 'number': {
			const numbers = decodeNumbers(bytes, format.type, format.endian);
			if (!numbers.ok) return numbers;
			return ok({
				content: { kind: 'numbers', type: format.type, endian: format.endian, ...numbers.value },
				label: numberTypeLabel(format.type, format.endian),
			});
		}
	}
}

/** Base64 text, then what the decoded bytes are (found as for any payload). */
function base64Content(bytes: Uint8Array, input: DecodeInput): Result<FormatResult> {
	const text = asText(bytes);
	if (text === null)
		return err('invalid-request', `Not base64: ${notTextReason(bytes, null) ?? 'not text'}.`);
	const decoded = decodeBase64(text);
	if (!decoded.ok) return decoded;
	const inner = sniffFormat(decoded.value, input, false);
	return ok({
		...inner.result,
		label: `base64 → ${inner.result.label}`,
	});
}

interface Sniffed {
	readonly result: FormatResult;
	readonly because: string;
}

/** Looks at the bytes: magic bytes → JSON → CBOR → MessagePack → text → hex. */
function sniffFormat(bytes: Uint8Array, input: DecodeInput, isUtf8Declared: boolean): Sniffed {
	if (bytes.length === 0) {
		return {
			result: { content: { kind: 'text', text: '', shownBytes: 0, sizeBytes: 0 }, label: 'empty' },
			because: 'the payload has no bytes',
		};
	}
	const isTooLarge = bytes.length > MAX_DECODE_BYTES;
	const magic = sniffMagic(bytes);
	if (magic !== null && !isTooLarge) {
		const decoded = runFormat(magic.format, bytes, input, magic.because);
		if (decoded.ok) return { result: decoded.value, because: magic.because };
	}
	const text = isTooLarge ? null : asText(bytes);
	if (text !== null) {
		const json = jsonContent(bytes);
		if (json.ok) return { result: json.value, because: 'it parses as JSON' };
	}
	if (!isUtf8Declared && !isTooLarge) {
		if (isCborContainer(bytes)) {
			const cbor = decodeCbor(bytes);
			if (cbor.ok) {
				return {
					result: { content: treeOf(cbor.value), label: 'CBOR' },
					because: 'the bytes are one complete CBOR map or array (not JSON)',
				};
			}
		}
		if (isMsgpackContainer(bytes)) {
			const msgpack = decodeMsgpack(bytes);
			if (msgpack.ok) {
				return {
					result: { content: treeOf(msgpack.value), label: 'MessagePack' },
					because: 'the bytes are one complete MessagePack map or array (not JSON or CBOR)',
				};
			}
		}
	}
	const asPlainText = textContent(bytes, false);
	if (asPlainText.ok) {
		const because = isTooLarge
			? `the first 64 KB are UTF-8 text (too large to decode as a whole)`
			: 'it is UTF-8 text, not JSON';
		return { result: asPlainText.value, because };
	}
	const whyNot = isTooLarge
		? 'too large to decode as a whole'
		: `not text: ${notTextReason(bytes, asText(bytes)) ?? 'binary'}`;
	return { result: { content: hexContent(bytes), label: 'hex' }, because: whyNot };
}

interface EncodingStep {
	readonly bytes: Uint8Array;
	readonly stage: DecodeStage;
	readonly failed: boolean;
}

function encodingLabel(encoding: ContentEncoding): string {
	return encoding === 'deflate' ? 'raw deflate' : encoding;
}

function undoEncoding(payload: Uint8Array, planned: Planned<ContentEncoding> | null): EncodingStep {
	if (planned !== null) {
		const label = encodingLabel(planned.value);
		if (planned.value === 'none') {
			return {
				bytes: payload,
				stage: { stage: 'encoding', label, because: planned.because },
				failed: false,
			};
		}
		const inflated = inflate(payload, planned.value);
		return inflated.ok
			? {
					bytes: inflated.value,
					stage: { stage: 'encoding', label, because: planned.because },
					failed: false,
				}
			: {
					bytes: payload,
					stage: {
						stage: 'encoding',
						label,
						because: planned.because,
						error: inflated.error.message,
					},
					failed: true,
				};
	}
	const hint = sniffEncoding(payload);
	if (hint === null) {
		return {
			bytes: payload,
			stage: { stage: 'encoding', label: 'none', because: 'no gzip or zlib header' },
			failed: false,
		};
	}
	const inflated = inflate(payload, hint.encoding);
	if (inflated.ok) {
		return {
			bytes: inflated.value,
			stage: { stage: 'encoding', label: hint.encoding, because: hint.because },
			failed: false,
		};
	}
	// A header by chance (a zlib check passes for 1 in 31 byte pairs): read the bytes as they are.
	return {
		bytes: payload,
		stage: {
			stage: 'encoding',
			label: 'none',
			because: `a ${hint.because} by chance: ${inflated.error.message}`,
		},
		failed: false,
	};
}

const NO_SCHEMA: DecodeStage = { stage: 'schema', label: 'none', because: 'the format needs none' };

/** Decodes a payload as planned; every stage says what it did. */
export function decodePayload(input: DecodeInput): DecodedPayload {
	const plan: DecodePlan = planDecode(input);
	const { payload } = input;
	const encoding = undoEncoding(payload, plan.encoding);
	const base = { sizeBytes: payload.length, binding: plan.binding };
	if (encoding.failed) {
		return {
			...base,
			stages: [
				encoding.stage,
				{ stage: 'format', label: 'not reached', because: 'the content encoding failed' },
			],
			content: previewContent(payload),
			failure: { stage: 'encoding', reason: encoding.stage.error ?? 'failed' },
			decodedBytes: payload.length,
		};
	}
	const { bytes } = encoding;
	const done = { ...base, decodedBytes: bytes.length };
	if (plan.format !== null) {
		const { value: format, because } = plan.format;
		const decoded = runFormat(format, bytes, input, because);
		if (!decoded.ok) {
			return {
				...done,
				stages: [
					encoding.stage,
					{
						stage: 'format',
						label: formatLabel(format),
						because,
						error: decoded.error.message,
					},
				],
				content: previewContent(bytes),
				failure: { stage: 'format', reason: decoded.error.message },
			};
		}
		const { content, label, schema } = decoded.value;
		return {
			...done,
			stages: [
				encoding.stage,
				{ stage: 'format', label, because },
				schema === undefined ? NO_SCHEMA : { stage: 'schema', ...schema },
			],
			content,
			failure: null,
		};
	}
	const sniffed = sniffFormat(bytes, input, plan.isUtf8Declared);
	if (plan.isUtf8Declared && sniffed.result.content.kind === 'hex') {
		const problem = `The payload format indicator says UTF-8, but ${sniffed.because.replace(/^not text: /, '')}.`;
		return {
			...done,
			stages: [
				encoding.stage,
				{
					stage: 'format',
					label: 'text',
					because: 'payload format indicator 1 (UTF-8)',
					error: problem,
				},
			],
			content: sniffed.result.content,
			failure: { stage: 'format', reason: problem },
		};
	}
	const because = plan.isUtf8Declared
		? `payload format indicator 1 (UTF-8), and ${sniffed.because}`
		: sniffed.because;
	return {
		...done,
		stages: [
			encoding.stage,
			{ stage: 'format', label: sniffed.result.label, because },
			sniffed.result.schema === undefined
				? NO_SCHEMA
				: { stage: 'schema', ...sniffed.result.schema },
		],
		content: sniffed.result.content,
		failure: null,
	};
}
