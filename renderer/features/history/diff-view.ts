/**
 * What the diff view compares for two stored messages: their JSON documents by path when both
 * payloads are JSON, else their text line by line, else nothing (binary). Pure.
 */
import { diffJson, diffLines, type JsonDiff, type LineDiff } from '../../../shared/history/diff';
import { payloadText } from '../../../shared/model/payload-text';

export interface DiffSide {
	readonly bytes: Uint8Array;
	readonly truncated: boolean;
}

export type MessageDiff =
	| { readonly kind: 'json'; readonly diff: JsonDiff }
	| { readonly kind: 'text'; readonly diff: LineDiff; readonly isCut: boolean }
	| { readonly kind: 'binary' };

function parseJson(text: string): { readonly value: unknown } | null {
	const trimmed = text.trim();
	if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null;
	try {
		return { value: JSON.parse(trimmed) as unknown };
	} catch {
		// Not JSON after all: compared as text.
		return null;
	}
}

/** JSON documents are pretty-printed for the line diff, so one changed value is one line. */
function linesOf(text: string): string {
	const json = parseJson(text);
	return json === null ? text : JSON.stringify(json.value, null, 2);
}

export function diffMessages(before: DiffSide, after: DiffSide): MessageDiff {
	const a = payloadText(before.bytes, before.truncated);
	const b = payloadText(after.bytes, after.truncated);
	if (a === null || b === null) return { kind: 'binary' };
	// A cut preview is not a whole document: it is compared as text, and said so.
	const isCut = before.truncated || after.truncated;
	if (!isCut) {
		const jsonA = parseJson(a);
		const jsonB = parseJson(b);
		if (jsonA !== null && jsonB !== null) {
			return { kind: 'json', diff: diffJson(jsonA.value, jsonB.value) };
		}
	}
	return { kind: 'text', diff: diffLines(linesOf(a), linesOf(b)), isCut };
}
