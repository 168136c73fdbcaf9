/**
 * Which decoder a message gets, and why: the choice order of issue 11.
 *
 * 1. the user's choice for this message, when there is one;
 * 2. the MQTT 5 content type, then the payload format indicator (1: UTF-8 text);
 * 3. the user's binding for the topic (the most specific filter that matches);
 * 4. the Sparkplug B topic grammar (`spBv1.0/<group>/<type>/<node>[/<device>]`);
 * 5. then, looking at the bytes: magic bytes → JSON → CBOR → MessagePack → text → hex.
 *
 * A content encoding comes from the same sources (choice, content type, a `content-encoding`
 * user property, binding) or, absent those, from a gzip or zlib header. This module decides only
 * what the messages's metadata says; looking at the bytes is the pipeline's part.
 */
import type { MessageProperties } from '../model/message';
import { findBinding, type Binding } from './binding';
import type { ContentEncoding, DecodeChoice, FormatChoice } from './decoder';
import { contentEncodingProperty, fromContentType } from './detect';
import { parseSparkplugTopic } from './sparkplug-topic';

const TEXT_FORMATS: ReadonlySet<FormatChoice['kind']> = new Set(['json', 'text', 'base64']);

export interface Planned<T> {
	readonly value: T;
	readonly because: string;
}

export interface DecodePlan {
	/** Null: look for a gzip or zlib header. */
	readonly encoding: Planned<ContentEncoding> | null;
	/** Null: look at the bytes (magic bytes, JSON, CBOR, MessagePack, text, hex). */
	readonly format: Planned<FormatChoice> | null;
	/** The publisher said the payload is UTF-8 (payload format indicator 1): JSON or text, else a failure. */
	readonly isUtf8Declared: boolean;
	/** The binding's filter, when a binding decided something. */
	readonly binding: string | null;
	/** What was looked at and not used, for the record ("content type x/y names no decoder"). */
	readonly notes: readonly string[];
}

export interface PlanInput {
	readonly topic: string;
	readonly properties: MessageProperties | undefined;
	readonly choice: DecodeChoice;
	readonly bindings: readonly Binding[];
}

export function planDecode({ topic, properties, choice, bindings }: PlanInput): DecodePlan {
	if (choice.kind === 'decoder') {
		const { decoder } = choice;
		return {
			encoding:
				decoder.encoding === undefined
					? null
					: { value: decoder.encoding, because: 'you chose it' },
			format: { value: decoder.format, because: 'you chose it' },
			isUtf8Declared: false,
			binding: null,
			notes: [],
		};
	}
	const notes: string[] = [];
	let format: Planned<FormatChoice> | null = null;
	let encoding: Planned<ContentEncoding> | null = null;
	const contentType = properties?.contentType;
	if (contentType !== undefined && contentType.trim() !== '') {
		const hint = fromContentType(contentType);
		const because = `content type "${contentType}"`;
		if (hint === null) notes.push(`The ${because} names no decoder here.`);
		else {
			if (hint.format !== null) format = { value: hint.format, because };
			if (hint.encoding !== null) encoding = { value: hint.encoding, because };
		}
	}
	let isUtf8Declared = format === null && properties?.payloadFormatIndicator === 1;
	const property = contentEncodingProperty(properties);
	if (encoding === null && property !== null) {
		encoding = { value: property, because: `user property content-encoding` };
	}
	const binding = findBinding(bindings, topic);
	let usedBinding: string | null = null;
	if (binding !== null) {
		const because = `bound to ${binding.filter}`;
		// A UTF-8 payload can still be bound to a text format (base64 is text too).
		const fitsUtf8 = TEXT_FORMATS.has(binding.decoder.format.kind);
		if (format === null && (!isUtf8Declared || fitsUtf8)) {
			format = { value: binding.decoder.format, because };
			usedBinding = binding.filter;
			isUtf8Declared = false;
		} else {
			notes.push(`The binding ${binding.filter} was not used: the message's properties decide.`);
		}
		if (encoding === null && binding.decoder.encoding !== undefined) {
			encoding = { value: binding.decoder.encoding, because };
			usedBinding = binding.filter;
		}
	}
	if (format === null && !isUtf8Declared) {
		const sparkplug = parseSparkplugTopic(topic);
		if (sparkplug?.kind === 'payload') {
			format = {
				value: { kind: 'sparkplug' },
				because: `Sparkplug B topic (${sparkplug.messageType} of ${sparkplug.groupId}/${sparkplug.edgeNodeId})`,
			};
		}
	}
	return { encoding, format, isUtf8Declared, binding: usedBinding, notes };
}
