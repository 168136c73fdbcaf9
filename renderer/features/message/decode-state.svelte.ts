/**
 * The decoded view of the message shown, asked of main (which decodes large payloads in a worker
 * thread, so nothing here blocks the window): "Decode as" the automatic choice or one the user
 * picked, kept while the topic stays selected so each new message is decoded the same way.
 *
 * One request in flight at a time; a message that arrives meanwhile is decoded next, and one that
 * was replaced before its turn is skipped. The last answer stays shown until the next arrives,
 * so a busy topic does not flicker.
 */
import type { DecodeChoice, DecodedPayload } from '../../../shared/decode/decoder';
import type { MessageView } from '../../../shared/model/message';
import type { AppError } from '../../../shared/result';
import { api } from '../../lib/api';

export interface DecodedMessage {
	readonly key: string;
	readonly receivedAtUs: number;
	readonly messageCount: number;
	readonly decoded: DecodedPayload;
}

interface Wanted {
	readonly key: string;
	readonly message: MessageView;
	readonly choice: DecodeChoice;
	/** A history row's id: main reads a cut payload from history, not from the topic tree. */
	readonly historyId: number | undefined;
}

function keyOf(message: MessageView, choice: DecodeChoice, settingsVersion: number): string {
	return `${message.receivedAtUs}:${message.messageCount}:${settingsVersion}:${JSON.stringify(choice)}`;
}

/** The properties that take part in choosing a decoder (content type, format indicator, user properties). */
function decodeProperties(message: MessageView) {
	const properties = message.properties;
	if (properties === undefined) return undefined;
	return {
		...(properties.contentType !== undefined ? { contentType: properties.contentType } : {}),
		...(properties.payloadFormatIndicator !== undefined
			? { payloadFormatIndicator: properties.payloadFormatIndicator }
			: {}),
		...(properties.userProperties !== undefined
			? {
					userProperties: properties.userProperties.map(
						([name, value]) => [name, value] as [string, string],
					),
				}
			: {}),
	};
}

export class DecodeState {
	choice = $state.raw<DecodeChoice>({ kind: 'auto' });
	#shown = $state.raw<DecodedMessage | null>(null);
	#error = $state.raw<AppError | null>(null);
	#inFlight: string | null = null;
	#wanted: Wanted | null = null;

	constructor(
		readonly connectionId: string,
		readonly topic: string,
	) {}

	/**
	 * The decoded message for `message` with the current choice: the last answer while the new
	 * one is on its way (asked for here, the first time it is wanted).
	 */
	decodedFor(
		message: MessageView,
		settingsVersion: number,
		historyId?: number,
	): DecodedMessage | null {
		const key = keyOf(message, this.choice, settingsVersion);
		if (this.#shown?.key !== key && this.#inFlight !== key && this.#wanted?.key !== key) {
			this.#wanted = { key, message, choice: this.choice, historyId };
			queueMicrotask(() => this.#pump());
		}
		return this.#shown;
	}

	/** Whether the decoded view shown is for this very message and choice. */
	isCurrent(message: MessageView, settingsVersion: number): boolean {
		return this.#shown?.key === keyOf(message, this.choice, settingsVersion);
	}

	get error(): AppError | null {
		return this.#error;
	}

	async #pump(): Promise<void> {
		const wanted = this.#wanted;
		if (wanted === null || this.#inFlight !== null) return;
		this.#wanted = null;
		this.#inFlight = wanted.key;
		const { message, choice } = wanted;
		const result = await api.invoke('payload:decode', {
			connectionId: this.connectionId,
			topic: this.topic,
			receivedAtUs: message.receivedAtUs,
			messageCount: message.messageCount,
			choice,
			// The renderer holds all of a payload of at most 64 KB: sending it means a message
			// replaced meanwhile in main's tree is still decoded.
			...(message.truncated ? {} : { payload: message.payloadPreview }),
			...(message.truncated ? {} : { properties: decodeProperties(message) }),
			...(message.truncated && wanted.historyId !== undefined
				? { historyId: wanted.historyId }
				: {}),
		});
		this.#inFlight = null;
		if (result.ok) {
			this.#shown = {
				key: wanted.key,
				receivedAtUs: message.receivedAtUs,
				messageCount: message.messageCount,
				decoded: result.value,
			};
			this.#error = null;
		} else if (result.error.code !== 'not-found' || this.#wanted === null) {
			// A message replaced before its turn is not an error when a newer one is waiting.
			this.#error = result.error;
		}
		void this.#pump();
	}
}

/** One DecodeState per (connection, topic), like MessageStates: the choice sticks to the topic. */
export class DecodeStates {
	#current: DecodeState | null = null;

	of(connectionId: string, topic: string): DecodeState {
		const current = this.#current;
		if (current !== null && current.connectionId === connectionId && current.topic === topic) {
			return current;
		}
		this.#current = new DecodeState(connectionId, topic);
		return this.#current;
	}
}
