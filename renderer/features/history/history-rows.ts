/**
 * The history lists' rules, pure: merging pages fetched by key (older at the end, newer at the
 * head), when to fetch the next page, which two messages a diff compares, how the listbox keys
 * move, and what a row says. The state classes hold the data and call these.
 */
import type { HistoryItem } from '../../../shared/model/history';
import type { MessageView } from '../../../shared/model/message';
import { payloadText } from '../../../shared/model/payload-text';

/** Messages a list holds at most (each with a short preview): beyond, search narrows it down. */
export const MAX_LIST_ITEMS = 50_000;

/** Appends an older page, newest first, skipping ids already held (a page fetched twice). */
export function appendOlder(
	items: readonly HistoryItem[],
	older: readonly HistoryItem[],
): readonly HistoryItem[] {
	const last = items.at(-1)?.id ?? Number.MAX_SAFE_INTEGER;
	const fresh = older.filter((item) => item.id < last);
	return fresh.length === 0 ? items : [...items, ...fresh];
}

/** Puts what arrived since the head in front (`newer` is a first page, newest first). */
export function prependNewer(
	items: readonly HistoryItem[],
	newer: readonly HistoryItem[],
): readonly HistoryItem[] {
	const head = items[0]?.id ?? 0;
	const fresh = newer.filter((item) => item.id > head);
	return fresh.length === 0 ? items : [...fresh, ...items];
}

/** Whether the rows in view come near the end of what is held, and more can be had. */
export function needsMore(
	offset: number,
	limit: number,
	held: number,
	hasMore: boolean,
	margin = 50,
): boolean {
	return hasMore && held < MAX_LIST_ITEMS && offset + limit + margin >= held;
}

/**
 * The two messages a diff compares, older first: the selected one and the one marked to compare
 * with, or, with none marked, the selected one and the message before it (the next row down).
 */
export function diffPair(
	items: readonly HistoryItem[],
	selectedId: number | null,
	compareId: number | null,
): { readonly before: HistoryItem; readonly after: HistoryItem } | null {
	const at = items.findIndex((item) => item.id === selectedId);
	const selected = items[at];
	if (selected === undefined) return null;
	const other = compareId === null ? items[at + 1] : items.find((item) => item.id === compareId);
	if (other === undefined || other.id === selected.id) return null;
	return other.id < selected.id
		? { before: other, after: selected }
		: { before: selected, after: other };
}

/** Where a listbox key moves the focus (the WAI-ARIA listbox pattern), or null for other keys. */
export function listboxTarget(
	key: string,
	index: number | null,
	count: number,
	pageRows: number,
): number | null {
	if (count === 0) return null;
	const at = index ?? -1;
	const target =
		key === 'ArrowDown'
			? at + 1
			: key === 'ArrowUp'
				? at - 1
				: key === 'Home'
					? 0
					: key === 'End'
						? count - 1
						: key === 'PageDown'
							? at + pageRows
							: key === 'PageUp'
								? at - pageRows
								: null;
	return target === null ? null : Math.max(0, Math.min(count - 1, target));
}

/** A row's payload in one short line: text as it is (whitespace folded), binary as a size. */
export function previewLine(item: HistoryItem, maxChars = 120): string {
	const text = payloadText(item.payloadPreview, item.truncated);
	if (text === null) return `binary, ${item.sizeBytes} bytes`;
	const line = text.replace(/\s+/g, ' ').trim();
	return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}

/** "14:03:07.123456", local time with microseconds. */
export function timeOfDay(timeUs: number): string {
	const date = new Date(Math.floor(timeUs / 1000));
	const time = date.toLocaleTimeString('en-GB', { hour12: false });
	return `${time}.${String(timeUs % 1_000_000).padStart(6, '0')}`;
}

/** "2024-05-01 14:03:07.123456", local date and time with microseconds. */
export function dateTime(timeUs: number): string {
	const date = new Date(Math.floor(timeUs / 1000));
	const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
	return `${day} ${timeOfDay(timeUs)}`;
}

/** The subscription identifiers a row carries, as written in its column ("1, 3"). */
export function identifiersText(item: HistoryItem): string {
	return (item.properties?.subscriptionIdentifiers ?? []).join(', ');
}

/**
 * A history row as the message view's pieces read a message: the stamp is the row's time and the
 * count its history id, so that each row is a distinct message to them.
 */
export function asMessageView(item: HistoryItem): MessageView {
	return {
		topic: item.topic,
		payloadPreview: item.payloadPreview,
		sizeBytes: item.sizeBytes,
		truncated: item.truncated,
		qos: item.qos,
		retain: item.retain,
		receivedAt: Math.floor(item.timeUs / 1000),
		receivedAtUs: item.timeUs,
		messageCount: item.id,
		properties: item.properties,
	};
}
