/**
 * From a draft (as the panel wrote it) to a request a connection sends, and back from a received
 * message to a draft ("Republish", "Edit and publish"). Pure: the publisher supplies the clock,
 * the UUIDs and the counter.
 */
import type { MessageProperties } from '../../shared/model/message';
import type { PublishProperties, PublishRequest } from '../../shared/model/publish';
import {
	MAX_DRAFT_PAYLOAD_BYTES,
	type DraftProperties,
	type PublishDraft,
} from '../../shared/model/publish-draft';
import { expandVariables, type VariableValues } from '../../shared/model/publish-variables';
import { payloadText } from '../../shared/model/payload-text';
import type { QoS } from '../../shared/mqtt/protocol';
import { err, ok, type Result } from '../../shared/result';

const encoder = new TextEncoder();

function expandProperties(
	properties: DraftProperties | undefined,
	values: VariableValues,
): PublishProperties | undefined {
	if (properties === undefined) return undefined;
	const { userProperties, ...rest } = properties;
	const expanded: PublishProperties = {
		...rest,
		...(userProperties === undefined
			? {}
			: {
					userProperties: userProperties.map(
						([name, value]) => [name, expandVariables(value, values)] as const,
					),
				}),
	};
	return Object.keys(expanded).length === 0 ? undefined : expanded;
}

/** The request for one message of `draft`: variables expanded in the topic, text and user properties. */
export function toPublishRequest(draft: PublishDraft, values: VariableValues): PublishRequest {
	const payload =
		draft.payload.kind === 'text'
			? encoder.encode(expandVariables(draft.payload.text, values))
			: draft.payload.bytes;
	const properties = expandProperties(draft.properties, values);
	return {
		topic: expandVariables(draft.topic, values),
		payload,
		qos: draft.qos,
		retain: draft.retain,
		...(properties === undefined ? {} : { properties }),
	};
}

/** What a received message looked like, enough to send it again. */
export interface MessageToRepublish {
	readonly topic: string;
	readonly payload: Uint8Array;
	readonly qos: QoS;
	readonly retain: boolean;
	readonly properties: MessageProperties | undefined;
}

function isJson(text: string): boolean {
	const trimmed = text.trim();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return false;
	try {
		JSON.parse(trimmed);
		return true;
	} catch {
		// Not JSON: the text editor shows it as it is.
		return false;
	}
}

/**
 * A draft that sends `message` again as it was: same topic, bytes, QoS, retain flag and
 * properties. Subscription identifiers are the broker's and a received topic alias is the
 * broker's numbering, so both are left out.
 */
export function draftOfMessage(message: MessageToRepublish): Result<PublishDraft> {
	if (message.payload.length > MAX_DRAFT_PAYLOAD_BYTES) {
		return err(
			'invalid-request',
			`The payload is ${message.payload.length.toLocaleString('en-US')} bytes; the publish panel sends at most ${MAX_DRAFT_PAYLOAD_BYTES.toLocaleString('en-US')} bytes.`,
		);
	}
	const text = payloadText(message.payload);
	let properties: DraftProperties | undefined;
	if (message.properties !== undefined) {
		const {
			subscriptionIdentifiers: _ids,
			topicAlias: _alias,
			userProperties,
			...rest
		} = message.properties;
		const kept: DraftProperties = {
			...rest,
			...(userProperties === undefined
				? {}
				: {
						userProperties: userProperties.map(([name, value]): [string, string] => [name, value]),
					}),
		};
		properties = Object.keys(kept).length === 0 ? undefined : kept;
	}
	return ok({
		topic: message.topic,
		payload:
			text === null ? { kind: 'bytes', bytes: message.payload.slice() } : { kind: 'text', text },
		editor: text === null ? 'hex' : isJson(text) ? 'json' : 'text',
		qos: message.qos,
		retain: message.retain,
		...(properties === undefined ? {} : { properties }),
	});
}
