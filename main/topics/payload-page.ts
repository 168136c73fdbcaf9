/**
 * A topic's payload read on demand: pages for the viewer, copy and download, and the whole of it
 * for a save dialog. Only the message the renderer is showing is read: once a newer one replaced
 * it the answer is `not-found`, so a download never mixes the bytes of two messages.
 */
import { MAX_PREVIEW_BYTES, type PayloadPage } from '../../shared/model/message';
import { payloadText } from '../../shared/model/payload-text';
import { err, ok, type Result } from '../../shared/result';
import type { StoredMessage, TopicTree } from './topic-tree';

/** Which message: a topic, and the stamp and count the renderer saw it with (absent: the last). */
export interface MessageOfTopic {
	readonly topic: string;
	readonly receivedAtUs?: number | undefined;
	readonly messageCount?: number | undefined;
}

interface Found {
	readonly last: StoredMessage;
	readonly messageCount: number;
}

/** The topic's last message when it is still the one asked for. */
export function findMessage(tree: TopicTree, which: MessageOfTopic): Result<Found> {
	const node = tree.find(which.topic);
	const last = node?.last ?? null;
	if (node === null || last === null) {
		return err('not-found', `The topic ${which.topic} has no message to read.`);
	}
	const isReplaced =
		(which.receivedAtUs !== undefined && which.receivedAtUs !== last.timeUs) ||
		(which.messageCount !== undefined && which.messageCount !== node.messageCount);
	if (isReplaced) {
		return err(
			'not-found',
			`A newer message arrived on ${which.topic} and replaced this one: show the new one and try again.`,
		);
	}
	return ok({ last, messageCount: node.messageCount });
}

/** `length` bytes of the payload from `offset` (fewer at its end; none past it). */
export function readPayloadPage(
	tree: TopicTree,
	which: MessageOfTopic,
	offset: number,
	length: number,
): Result<PayloadPage> {
	const found = findMessage(tree, which);
	if (!found.ok) return found;
	const { last, messageCount } = found.value;
	const start = Math.min(offset, last.payload.length);
	return ok({
		// A copy: the page crosses a transport and must not pin or expose the tree's buffer.
		bytes: last.payload.slice(start, Math.min(start + length, last.payload.length)),
		offset: start,
		sizeBytes: last.payload.length,
		receivedAtUs: last.timeUs,
		messageCount,
	});
}

/** A file name for a saved payload: the topic made safe, `.txt` for text, `.bin` otherwise. */
export function payloadFileName(topic: string, payload: Uint8Array): string {
	const base =
		topic
			.replace(/[^\w.-]+/g, '_')
			.replace(/^[._]+/, '')
			.slice(0, 80) || 'payload';
	// The head decides, as the message view does: decoding 100 MB for a name would stall main.
	const isCut = payload.length > MAX_PREVIEW_BYTES;
	const head = isCut ? payload.subarray(0, MAX_PREVIEW_BYTES) : payload;
	return `${base}.${payloadText(head, isCut) === null ? 'bin' : 'txt'}`;
}
