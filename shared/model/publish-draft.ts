/**
 * What the publish panel sends to main, keeps in its history and saves in its library: a message
 * as the user wrote it (variables such as `{{counter}}` not yet expanded), with the editor it was
 * written in so it opens the same way again.
 */
import * as v from 'valibot';
import type { QoS } from '../mqtt/protocol';
import type { PublishOutcome } from './publish';

/**
 * The largest payload the panel sends: browser mode carries requests in WebSocket messages of at
 * most 16 MB, and one limit for both shells keeps saved messages portable between them.
 */
export const MAX_DRAFT_PAYLOAD_BYTES = 15 * 1024 * 1024;

/** How the payload was written: its editor. `file` is any bytes read from a file the user picked. */
export const PAYLOAD_EDITORS = ['text', 'json', 'hex', 'base64', 'file'] as const;
export type PayloadEditor = (typeof PAYLOAD_EDITORS)[number];

const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const UInt = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(max));
const Bytes = (max: number) =>
	v.pipe(
		v.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes'),
		v.check((bytes) => bytes.length <= max, `at most ${max} bytes`),
	);

export const DraftPayloadSchema = v.variant('kind', [
	/** Text and JSON: UTF-8, variables expanded at send time. */
	v.strictObject({ kind: v.literal('text'), text: Text(MAX_DRAFT_PAYLOAD_BYTES) }),
	/** Hex, base64 and files: bytes sent as they are. */
	v.strictObject({ kind: v.literal('bytes'), bytes: Bytes(MAX_DRAFT_PAYLOAD_BYTES) }),
]);
export type DraftPayload = v.InferOutput<typeof DraftPayloadSchema>;

/** Every MQTT 5 property a client may put on a PUBLISH (MQTT 5.0 §3.3.2.3). */
export const DraftPropertiesSchema = v.strictObject({
	payloadFormatIndicator: v.optional(v.picklist([0, 1])),
	messageExpiryIntervalSeconds: v.optional(UInt(4_294_967_295)),
	topicAlias: v.optional(v.pipe(UInt(65_535), v.minValue(1))),
	responseTopic: v.optional(Text(65_535)),
	correlationData: v.optional(Bytes(65_535)),
	/** In order, names may repeat: they are sent exactly so. */
	userProperties: v.optional(
		v.pipe(v.array(v.tuple([Text(65_535), Text(65_535)])), v.maxLength(1_000)),
	),
	contentType: v.optional(Text(65_535)),
});
export type DraftProperties = v.InferOutput<typeof DraftPropertiesSchema>;

export const PublishDraftSchema = v.strictObject({
	/** Checked against the topic rules after its variables are expanded. */
	topic: Text(65_535),
	payload: DraftPayloadSchema,
	editor: v.picklist(PAYLOAD_EDITORS),
	/** The picked file's name (never a path), to show again. */
	fileName: v.optional(Text(1_000)),
	qos: v.picklist([0, 1, 2]),
	retain: v.boolean(),
	/** MQTT 5 only. */
	properties: v.optional(DraftPropertiesSchema),
});
export type PublishDraft = v.InferOutput<typeof PublishDraftSchema>;

export const EMPTY_DRAFT: PublishDraft = {
	topic: '',
	payload: { kind: 'text', text: '' },
	editor: 'text',
	qos: 0,
	retain: false,
};

/** A message kept in the library: a name, a folder (`Line 4/Valves`), the draft. */
export interface SavedMessage {
	readonly id: string;
	readonly name: string;
	readonly folder: string;
	readonly draft: PublishDraft;
	readonly updatedAt: number;
}

export const SavedMessageInputSchema = v.strictObject({
	/** Absent: a new entry. */
	id: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(64))),
	name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Give the message a name.'), v.maxLength(200)),
	folder: v.pipe(v.string(), v.trim(), v.maxLength(500)),
	draft: PublishDraftSchema,
});

/** What one publish of the panel did: the topic and size as sent, and the broker's answer. */
export interface PublishReport {
	/** The topic after variables were expanded. */
	readonly topic: string;
	readonly sizeBytes: number;
	readonly outcome: PublishOutcome;
	/** `{{counter}}`'s value for this message. */
	readonly counter: number;
}

export const REPEAT_LIMITS = { minIntervalMs: 1, maxIntervalMs: 86_400_000, maxCount: 1_000_000 };

/** A repeat run: how far it got. Shown live while it runs, kept after it ends. */
export interface RepeatRunView {
	readonly topic: string;
	readonly qos: QoS;
	readonly intervalMs: number;
	readonly count: number;
	readonly state: 'running' | 'done' | 'stopped' | 'failed';
	/** Handed to the connection (QoS 0: on the wire). */
	readonly sent: number;
	/** QoS 1 and 2: the broker answered with success. */
	readonly acknowledged: number;
	/** Refused before sending, refused by the broker, or lost. */
	readonly failed: number;
	/** Sent but not yet answered (QoS 1 and 2). */
	readonly awaiting: number;
	/** Not sent yet; after a stop, never sent. */
	readonly remaining: number;
	readonly lastError: string | null;
	readonly startedAt: number;
	readonly endedAt: number | null;
}

/** What the publish panel of one connection streams: the repeat run, if any. */
export interface PublishPanelView {
	readonly repeat: RepeatRunView | null;
}

/** One row of the persisted publish history. */
export interface PublishHistoryEntry {
	readonly id: number;
	readonly atMs: number;
	/** The connection's name (or host:port) when it was sent. */
	readonly connectionName: string;
	/** As written: variables not expanded. The payload is left out when larger than 1 MB. */
	readonly draft: PublishDraft;
	/** Set when the payload was too large to keep: its size. */
	readonly payloadOmittedBytes: number | null;
	readonly result:
		| { readonly kind: 'sent'; readonly topic: string }
		| {
				readonly kind: 'acknowledged';
				readonly topic: string;
				readonly reasonCode: number;
				readonly reasonName: string;
				readonly rttUs: number;
		  }
		| { readonly kind: 'failed'; readonly message: string }
		| {
				readonly kind: 'repeat';
				readonly count: number;
				readonly intervalMs: number;
				readonly sent: number;
				readonly failed: number;
		  };
}
