/**
 * What full-text search looks at for a message: its topic, its payload as text (the first 64 KiB,
 * when that is UTF-8) and its user properties, content type and response topic. One definition for
 * the FTS5 indexer and for the scan of rows the index has not reached yet, so both agree.
 */
import { incompleteTailLength } from '../../shared/model/payload-text';
import { utf8Text } from '../../shared/model/message-json';
import type { PropertiesJson } from '../../shared/model/message-json';

/** Payload bytes indexed per message: enough for any readable text, bounded for 100 MB blobs. */
export const INDEXED_PAYLOAD_BYTES = 64 * 1024;

/** The payload text that search sees, or '' for binary payloads. */
export function searchableBody(payload: Uint8Array): string {
	const head =
		payload.length > INDEXED_PAYLOAD_BYTES ? payload.subarray(0, INDEXED_PAYLOAD_BYTES) : payload;
	const cut =
		head.length < payload.length
			? head.subarray(0, head.length - incompleteTailLength(head))
			: head;
	return utf8Text(cut) ?? '';
}

/** User properties (`name value` per line), content type and response topic, from stored JSON. */
export function searchableProperties(propertiesJson: string | null): string {
	if (propertiesJson === null) return '';
	const properties = JSON.parse(propertiesJson) as PropertiesJson;
	const lines: string[] = [];
	for (const [name, value] of properties.userProperties ?? []) lines.push(`${name} ${value}`);
	if (properties.contentType !== undefined) lines.push(properties.contentType);
	if (properties.responseTopic !== undefined) lines.push(properties.responseTopic);
	return lines.join('\n');
}

/** The FTS5 query for a substring: one quoted phrase (quotes doubled), trigram-tokenized. */
export function ftsPhrase(text: string): string {
	return `"${text.replaceAll('"', '""')}"`;
}

/** Trigram FTS needs three characters; shorter searches scan instead. */
export function isIndexable(text: string): boolean {
	return [...text].length >= 3;
}
