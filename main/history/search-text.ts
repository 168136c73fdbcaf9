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

/** Trigrams asked of the index at most: enough to be selective, few enough to merge fast. */
const MAX_QUERY_TRIGRAMS = 12;

/**
 * The FTS5 query for a substring on a `detail = none` trigram index: every distinct trigram of the
 * text (up to a dozen, spread over it), ANDed, each quoted (quotes doubled). Rows it returns
 * contain them all; the caller confirms the substring itself.
 */
export function ftsQuery(text: string): string {
	const characters = [...text.toLowerCase()];
	const trigrams: string[] = [];
	for (let i = 0; i + 3 <= characters.length; i++)
		trigrams.push(characters.slice(i, i + 3).join(''));
	const distinct = [...new Set(trigrams)];
	const step = Math.max(1, Math.ceil(distinct.length / MAX_QUERY_TRIGRAMS));
	const chosen = distinct.filter((_, index) => index % step === 0 || index === distinct.length - 1);
	return chosen.map((trigram) => `"${trigram.replaceAll('"', '""')}"`).join(' AND ');
}

/** Trigram FTS needs three characters; shorter searches scan instead. */
export function isIndexable(text: string): boolean {
	return [...text].length >= 3;
}
