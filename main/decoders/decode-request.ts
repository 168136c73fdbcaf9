/**
 * Main's answer to `payload:decode`: the bytes the renderer sent (a whole payload of at most
 * 64 KB: it never misses a message a faster one replaced) or the message as the topic tree holds
 * it, decoded, then Sparkplug payloads named from the connection's Sparkplug state.
 */
import type { DecodeChoice, DecodedPayload } from '../../shared/decode/decoder';
import type { MessageProperties } from '../../shared/model/message';
import { err, ok, type Result } from '../../shared/result';
import type { SparkplugState } from '../sparkplug/state';
import { findMessage, type MessageOfTopic } from '../topics/payload-page';
import type { TopicTree } from '../topics/topic-tree';
import type { DecodeService } from './decode-service';

export interface DecodeMessageRequest extends MessageOfTopic {
	readonly choice: DecodeChoice;
	readonly payload?: Uint8Array | undefined;
	readonly properties?: MessageProperties | undefined;
}

export async function decodeMessage(
	decoders: DecodeService,
	tree: TopicTree | undefined,
	sparkplug: SparkplugState | undefined,
	request: DecodeMessageRequest,
): Promise<Result<DecodedPayload>> {
	let payload = request.payload;
	let properties = request.properties;
	let receivedAtUs = request.receivedAtUs ?? null;
	if (payload === undefined) {
		if (tree === undefined)
			return err('not-found', 'That connection is closed: its messages are gone.');
		const found = findMessage(tree, request);
		if (!found.ok) return found;
		payload = found.value.last.payload;
		properties = found.value.last.properties;
		receivedAtUs = found.value.last.timeUs;
	}
	const decoded = await decoders.decode({
		topic: request.topic,
		payload,
		properties,
		choice: request.choice,
	});
	if (decoded.content.kind !== 'sparkplug' || sparkplug === undefined) return ok(decoded);
	return ok({
		...decoded,
		content: {
			...decoded.content,
			sparkplug: sparkplug.annotate(request.topic, receivedAtUs, decoded.content.sparkplug),
		},
	});
}
