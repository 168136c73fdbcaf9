/**
 * Reading a topic's payload from main on demand, page by page: the whole payload never crosses in
 * one message, and every page after the first names the message the first came from, so a newer
 * message arriving meanwhile ends the read (`not-found`) instead of mixing two payloads.
 */
import { MAX_PAYLOAD_PAGE_BYTES, type PayloadPage } from '../../shared/model/message';
import { err, ok, type Result } from '../../shared/result';
import { api } from './api';
import { formatBytes } from './format';

/**
 * A message of a topic; without a stamp and count, the topic's last message. With `historyId`, a
 * message stored in history (a history row): its bytes come from there, and never change.
 */
export interface PayloadSource {
	readonly connectionId: string;
	readonly topic: string;
	readonly receivedAtUs?: number;
	readonly messageCount?: number;
	readonly historyId?: number;
}

export async function fetchPayloadPage(
	source: PayloadSource,
	offset: number,
	length: number,
): Promise<Result<PayloadPage>> {
	if (source.historyId !== undefined) {
		const slice = await api.invoke('history:payload', {
			id: source.historyId,
			offset,
			length: Math.max(1, Math.min(length, MAX_PAYLOAD_PAGE_BYTES)),
		});
		if (!slice.ok) return slice;
		return ok({
			...slice.value,
			receivedAtUs: source.receivedAtUs ?? 0,
			messageCount: source.messageCount ?? 0,
		});
	}
	return api.invoke('topic:payload', {
		connectionId: source.connectionId,
		topic: source.topic,
		...(source.receivedAtUs !== undefined ? { receivedAtUs: source.receivedAtUs } : {}),
		...(source.messageCount !== undefined ? { messageCount: source.messageCount } : {}),
		offset,
		length: Math.min(length, MAX_PAYLOAD_PAGE_BYTES),
	});
}

export interface WholePayload {
	readonly bytes: Uint8Array<ArrayBuffer>;
	readonly receivedAtUs: number;
	readonly messageCount: number;
}

/**
 * The whole payload, read in pages of at most 1 MB; `maxBytes` refuses larger ones before reading
 * them all. `onProgress` hears the bytes read so far.
 */
export async function fetchWholePayload(
	source: PayloadSource,
	maxBytes = Number.MAX_SAFE_INTEGER,
	onProgress?: (readBytes: number, sizeBytes: number) => void,
): Promise<Result<WholePayload>> {
	const first = await fetchPayloadPage(source, 0, MAX_PAYLOAD_PAGE_BYTES);
	if (!first.ok) return first;
	const { sizeBytes, receivedAtUs, messageCount } = first.value;
	if (sizeBytes > maxBytes) {
		return err(
			'invalid-request',
			`The payload is ${formatBytes(sizeBytes)}, more than the ${formatBytes(maxBytes)} this can take.`,
		);
	}
	const bytes = new Uint8Array(sizeBytes);
	bytes.set(first.value.bytes, 0);
	let read = first.value.bytes.length;
	onProgress?.(read, sizeBytes);
	const same = { ...source, receivedAtUs, messageCount };
	while (read < sizeBytes) {
		const page = await fetchPayloadPage(same, read, MAX_PAYLOAD_PAGE_BYTES);
		if (!page.ok) return page;
		if (page.value.bytes.length === 0) {
			return err('internal', `Main answered no bytes at offset ${read} of ${sizeBytes}.`);
		}
		bytes.set(page.value.bytes, read);
		read += page.value.bytes.length;
		onProgress?.(read, sizeBytes);
	}
	return ok({ bytes, receivedAtUs, messageCount });
}
