/**
 * The hand-off between the message path and the history writer: messages packed into one
 * ArrayBuffer per batch, transferred (not copied) to the writer thread.
 *
 * Packing is what the main thread pays per message (DESIGN §4: ≤ 1 µs): a Map lookup for the
 * topic's local id, a few DataView writes and one copy of the payload bytes. A topic or a
 * connection is declared once (the first time it is seen) and then named by a small integer; the
 * writer maps those to database ids. Properties, when a message has any, cross as their NDJSON
 * JSON text (stored as is).
 *
 * Record layout (little-endian), one after another:
 *   1 message:    u8 tag, u32 connection, u32 topic, f64 timeUs, u8 flags, u32 n, n payload bytes,
 *                 u32 m, m bytes of properties JSON (m = 0: none)
 *   2 topic:      u8 tag, u32 id, u32 connection, u32 n, n bytes of UTF-8 name
 *   3 connection: u8 tag, u32 id, u32 n, n bytes of JSON { key, name, kind }
 */
import type { MqttMessage } from '../../shared/model/message';
import { propertiesToJson } from '../../shared/model/message-json';

const TAG_MESSAGE = 1;
const TAG_TOPIC = 2;
const TAG_CONNECTION = 3;
const MESSAGE_HEADER_BYTES = 1 + 4 + 4 + 8 + 1 + 4 + 4;

/** Flag bits as stored in messages.flags. */
export const FLAG_RETAIN = 4;
export const FLAG_DUP = 8;
export const FLAG_OUT = 16;

export function messageFlags(
	message: Pick<MqttMessage, 'qos' | 'retain' | 'dup' | 'direction'>,
): number {
	return (
		message.qos |
		(message.retain ? FLAG_RETAIN : 0) |
		(message.dup ? FLAG_DUP : 0) |
		(message.direction === 'out' ? FLAG_OUT : 0)
	);
}

/** Where a connection's messages are filed: one row in the history's connections table. */
export interface HistorySource {
	/** Stable across runs: `profile:<id>`, `broker:<host>:<port>/<client id>`, `import:<uuid>`… */
	readonly key: string;
	/** Shown in lists and written in exports as `connection`. */
	readonly name: string;
	readonly kind: 'live' | 'record' | 'import';
}

export interface EncodedBatch {
	readonly buffer: ArrayBuffer;
	readonly byteLength: number;
	readonly messages: number;
	/** Payload bytes in the batch (for the backlog counters). */
	readonly payloadBytes: number;
}

const encoder = new TextEncoder();

/** Packs messages into batches; one per writer, on the thread that receives messages. */
export class BatchEncoder {
	readonly #topicIds = new Map<number, Map<string, number>>();
	#nextTopicId = 1;
	#nextConnectionId = 1;
	#buffer: ArrayBuffer;
	#bytes: Uint8Array;
	#view: DataView;
	#offset = 0;
	#messages = 0;
	#payloadBytes = 0;
	/** Batches closed because they were full, waiting for `take`. */
	readonly #full: EncodedBatch[] = [];

	constructor(readonly chunkBytes = 1 << 20) {
		this.#buffer = new ArrayBuffer(chunkBytes);
		this.#bytes = new Uint8Array(this.#buffer);
		this.#view = new DataView(this.#buffer);
	}

	/** Declares a source; returns the small id its messages carry. */
	addSource(source: HistorySource): number {
		const id = this.#nextConnectionId++;
		const json = encoder.encode(JSON.stringify(source));
		this.#reserve(1 + 4 + 4 + json.length);
		const view = this.#view;
		view.setUint8(this.#offset, TAG_CONNECTION);
		view.setUint32(this.#offset + 1, id, true);
		view.setUint32(this.#offset + 5, json.length, true);
		this.#bytes.set(json, this.#offset + 9);
		this.#offset += 9 + json.length;
		this.#topicIds.set(id, new Map());
		return id;
	}

	/** Packs one message of a declared source. */
	add(connection: number, message: MqttMessage): void {
		const topics = this.#topicIds.get(connection);
		if (topics === undefined) throw new Error(`history source ${connection} was never declared`);
		let topic = topics.get(message.topic);
		if (topic === undefined) topic = this.#declareTopic(connection, topics, message.topic);
		const properties =
			message.properties === undefined ? undefined : propertiesToJson(message.properties);
		const propertiesJson =
			properties === undefined ? undefined : encoder.encode(JSON.stringify(properties));
		const payload = message.payload;
		const propertiesLength = propertiesJson?.length ?? 0;
		this.#reserve(MESSAGE_HEADER_BYTES + payload.length + propertiesLength);
		const view = this.#view;
		let at = this.#offset;
		view.setUint8(at, TAG_MESSAGE);
		view.setUint32(at + 1, connection, true);
		view.setUint32(at + 5, topic, true);
		view.setFloat64(at + 9, message.timeUs, true);
		view.setUint8(at + 17, messageFlags(message));
		view.setUint32(at + 18, payload.length, true);
		at += 22;
		this.#bytes.set(payload, at);
		at += payload.length;
		view.setUint32(at, propertiesLength, true);
		at += 4;
		if (propertiesJson !== undefined) this.#bytes.set(propertiesJson, at);
		this.#offset = at + propertiesLength;
		this.#messages++;
		this.#payloadBytes += payload.length;
	}

	/** Everything packed so far, oldest first; the encoder starts a new batch. */
	take(): EncodedBatch[] {
		if (this.#offset > 0) this.#close(this.chunkBytes);
		return this.#full.splice(0);
	}

	#declareTopic(connection: number, topics: Map<string, number>, name: string): number {
		const id = this.#nextTopicId++;
		const bytes = encoder.encode(name);
		this.#reserve(13 + bytes.length);
		const view = this.#view;
		view.setUint8(this.#offset, TAG_TOPIC);
		view.setUint32(this.#offset + 1, id, true);
		view.setUint32(this.#offset + 5, connection, true);
		view.setUint32(this.#offset + 9, bytes.length, true);
		this.#bytes.set(bytes, this.#offset + 13);
		this.#offset += 13 + bytes.length;
		topics.set(name, id);
		return id;
	}

	/** Makes room for `size` bytes: closes the batch when full; a record bigger than a chunk gets its own. */
	#reserve(size: number): void {
		if (this.#offset + size <= this.#buffer.byteLength) return;
		if (this.#offset > 0) this.#close(Math.max(this.chunkBytes, size));
		else this.#replace(Math.max(this.chunkBytes, size));
	}

	#close(nextSize: number): void {
		this.#full.push({
			buffer: this.#buffer,
			byteLength: this.#offset,
			messages: this.#messages,
			payloadBytes: this.#payloadBytes,
		});
		this.#replace(nextSize);
	}

	#replace(size: number): void {
		this.#buffer = new ArrayBuffer(size);
		this.#bytes = new Uint8Array(this.#buffer);
		this.#view = new DataView(this.#buffer);
		this.#offset = 0;
		this.#messages = 0;
		this.#payloadBytes = 0;
	}
}

export type DecodedRecord =
	| {
			readonly kind: 'message';
			readonly connection: number;
			readonly topic: number;
			readonly timeUs: number;
			readonly flags: number;
			/** A view into the batch, valid while the batch is. */
			readonly payload: Uint8Array;
			readonly propertiesJson: string | null;
	  }
	| {
			readonly kind: 'topic';
			readonly id: number;
			readonly connection: number;
			readonly name: string;
	  }
	| { readonly kind: 'source'; readonly id: number; readonly source: HistorySource };

const decoder = new TextDecoder();

/** Reads a batch back, record by record (on the writer's side). */
export function* decodeBatch(buffer: ArrayBuffer, byteLength: number): Generator<DecodedRecord> {
	const view = new DataView(buffer, 0, byteLength);
	const bytes = new Uint8Array(buffer, 0, byteLength);
	let at = 0;
	while (at < byteLength) {
		const tag = view.getUint8(at);
		if (tag === TAG_MESSAGE) {
			const payloadLength = view.getUint32(at + 18, true);
			const payloadStart = at + 22;
			const propertiesAt = payloadStart + payloadLength;
			const propertiesLength = view.getUint32(propertiesAt, true);
			yield {
				kind: 'message',
				connection: view.getUint32(at + 1, true),
				topic: view.getUint32(at + 5, true),
				timeUs: view.getFloat64(at + 9, true),
				flags: view.getUint8(at + 17),
				payload: bytes.subarray(payloadStart, propertiesAt),
				propertiesJson:
					propertiesLength === 0
						? null
						: decoder.decode(bytes.subarray(propertiesAt + 4, propertiesAt + 4 + propertiesLength)),
			};
			at = propertiesAt + 4 + propertiesLength;
		} else if (tag === TAG_TOPIC) {
			const length = view.getUint32(at + 9, true);
			yield {
				kind: 'topic',
				id: view.getUint32(at + 1, true),
				connection: view.getUint32(at + 5, true),
				name: decoder.decode(bytes.subarray(at + 13, at + 13 + length)),
			};
			at += 13 + length;
		} else if (tag === TAG_CONNECTION) {
			const length = view.getUint32(at + 5, true);
			const source = JSON.parse(
				decoder.decode(bytes.subarray(at + 9, at + 9 + length)),
			) as HistorySource;
			yield { kind: 'source', id: view.getUint32(at + 1, true), source };
			at += 9 + length;
		} else {
			throw new Error(`history batch: unknown record tag ${tag} at ${at}`);
		}
	}
}
