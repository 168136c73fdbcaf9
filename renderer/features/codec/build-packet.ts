/**
 * The packet builder's draft to a packet model for the encoder, and its encoding. Pure.
 *
 * Only the fields of the chosen type go into the packet. Text inputs are converted here (hex,
 * numbers) and the encoder checks ranges and rules, so both kinds of problem reach the user as a
 * message.
 */
import { encodePacket, fromHexDigits, toHex } from '../../../shared/mqtt/codec';
import type { Packet } from '../../../shared/mqtt/codec/types';
import {
	isPropertyRepeatable,
	propertyByName,
	type Properties,
	type PropertyContext,
} from '../../../shared/mqtt/properties';
import { hasProperties, type Pair, type PacketDraft, type PropertyDraft } from './packet-draft';

class DraftError extends Error {}

const encoder = new TextEncoder();

function whole(value: number | null, label: string): number {
	if (value === null || !Number.isInteger(value))
		throw new DraftError(`${label} must be a whole number.`);
	return value;
}

function hexOrThrow(text: string, label: string): Uint8Array {
	const bytes = fromHexDigits(text.replace(/[\s:]/g, ''));
	if (bytes === undefined) throw new DraftError(`${label} is not valid hex (two digits per byte).`);
	return bytes;
}

function integerText(text: string, label: string): number {
	const trimmed = text.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed);
	if (/^0x[0-9a-f]+$/i.test(trimmed)) return parseInt(trimmed.slice(2), 16);
	throw new DraftError(`${label} must be a whole number, not '${text}'.`);
}

/** The properties object for one block; `context` is the packet type or 'WILL'. */
export function buildProperties(
	entries: readonly PropertyDraft[],
	pairs: readonly Pair[],
	context: PropertyContext,
): Properties {
	const out: Record<string, unknown> = {};
	for (const entry of entries) {
		const definition = propertyByName(entry.name);
		if (definition === undefined) throw new DraftError(`'${entry.name}' is not a property.`);
		const label = definition.label;
		let value: unknown;
		if (definition.type === 'utf8String') value = entry.value;
		else if (definition.type === 'binaryData') value = hexOrThrow(entry.value, label);
		else value = integerText(entry.value, label);
		const previous = out[definition.name];
		if (previous === undefined) out[definition.name] = value;
		else if (isPropertyRepeatable(definition, context))
			out[definition.name] = [previous, value].flat();
		else throw new DraftError(`${label} is set twice; it may appear only once.`);
	}
	if (pairs.length > 0) out.userProperties = pairs.map((pair): Pair => [pair[0], pair[1]]);
	return out as Properties;
}

function codeList(text: string): number[] {
	return text
		.split(/[\s,]+/)
		.filter((token) => token.length > 0)
		.map((token) => integerText(token, 'Each reason code'));
}

// One case per packet type: longer than most functions, but each case is a plain object literal.
function bodyOf(d: PacketDraft, props: () => Properties | undefined): Packet {
	const packetId = (): number => whole(d.packetId, 'The packet identifier');
	switch (d.type) {
		case 'CONNECT':
			return {
				type: 'CONNECT',
				protocolName: 'MQTT',
				protocolLevel: d.level,
				...(d.level === 5 ? { cleanStart: d.cleanStart } : { cleanSession: d.cleanStart }),
				keepAlive: whole(d.keepAlive, 'Keep alive'),
				properties: props(),
				clientId: d.clientId,
				...(d.hasWill
					? {
							willTopic: d.willTopic,
							willPayload: encoder.encode(d.willPayload),
							willQos: d.willQos,
							willRetain: d.willRetain,
							willProperties:
								d.level === 5
									? buildProperties(d.willProperties, d.willUserProperties, 'WILL')
									: undefined,
						}
					: {}),
				username: d.username === '' ? undefined : d.username,
				password: d.password === '' ? undefined : encoder.encode(d.password),
			};
		case 'CONNACK':
			return {
				type: 'CONNACK',
				sessionPresent: d.sessionPresent,
				reasonCode: d.reasonCode,
				properties: props(),
			};
		case 'PUBLISH':
			return {
				type: 'PUBLISH',
				dup: d.dup,
				qos: d.qos,
				retain: d.retain,
				topicName: d.topicName,
				packetId: d.qos > 0 ? packetId() : undefined,
				properties: props(),
				payload: d.isPayloadHex ? hexOrThrow(d.payload, 'The payload') : encoder.encode(d.payload),
			};
		case 'PUBACK':
		case 'PUBREC':
		case 'PUBREL':
		case 'PUBCOMP':
			return { type: d.type, packetId: packetId(), reasonCode: d.reasonCode, properties: props() };
		case 'SUBSCRIBE':
			return {
				type: 'SUBSCRIBE',
				packetId: packetId(),
				properties: props(),
				subscriptions: d.subscriptions.map(({ topicFilter, qos, ...options }) =>
					d.level === 5 ? { topicFilter, qos, ...options } : { topicFilter, qos },
				),
			};
		case 'SUBACK':
			return {
				type: 'SUBACK',
				packetId: packetId(),
				properties: props(),
				reasonCodes: codeList(d.reasonCodes),
			};
		case 'UNSUBSCRIBE':
			return {
				type: 'UNSUBSCRIBE',
				packetId: packetId(),
				properties: props(),
				topicFilters: d.topicFilters.split(/\r?\n/).filter((line) => line.length > 0),
			};
		case 'UNSUBACK':
			return {
				type: 'UNSUBACK',
				packetId: packetId(),
				properties: props(),
				reasonCodes: d.level === 5 ? codeList(d.reasonCodes) : undefined,
			};
		case 'PINGREQ':
		case 'PINGRESP':
			return { type: d.type };
		case 'DISCONNECT':
			return {
				type: 'DISCONNECT',
				reasonCode: d.level === 5 ? d.reasonCode : undefined,
				properties: props(),
			};
		case 'AUTH':
			// At 3.1.1 the properties stay out so the encoder says AUTH itself is 5.0 only.
			return { type: 'AUTH', reasonCode: d.reasonCode, properties: props() as Properties };
	}
}

/** Drops keys whose value is undefined: the encoder treats a present key as set. */
function withoutUndefined(packet: Packet): Packet {
	return Object.fromEntries(
		Object.entries(packet).filter(([, value]) => value !== undefined),
	) as unknown as Packet;
}

/** The packet model the draft describes, or what is wrong with the form. */
export function draftToPacket(
	d: PacketDraft,
):
	| { readonly ok: true; readonly packet: Packet }
	| { readonly ok: false; readonly message: string } {
	const props = (): Properties | undefined =>
		d.level === 5 && hasProperties(d.type)
			? buildProperties(d.properties, d.userProperties, d.type as PropertyContext)
			: undefined;
	try {
		return { ok: true, packet: withoutUndefined(bodyOf(d, props)) };
	} catch (caught) {
		if (caught instanceof DraftError) return { ok: false, message: caught.message };
		throw caught;
	}
}

export type BuildResult =
	| { readonly ok: true; readonly bytes: Uint8Array; readonly hex: string }
	| { readonly ok: false; readonly message: string };

/** Encodes the draft: the frame's bytes and hex, or the form's or the encoder's message. */
export function encodeDraft(d: PacketDraft): BuildResult {
	const model = draftToPacket(d);
	if (!model.ok) return model;
	const encoded = encodePacket(model.packet, { protocolLevel: d.level });
	if (!encoded.ok) {
		const where = encoded.error.detail ? ` (${encoded.error.detail})` : '';
		return { ok: false, message: `${encoded.error.message}${where}` };
	}
	return { ok: true, bytes: encoded.value, hex: toHex(encoded.value) };
}

/** Hex with a space between bytes, as the output box shows it. */
export function spacedHex(hex: string): string {
	return hex.replace(/(..)(?!$)/g, '$1 ');
}
