/**
 * Search over history: an MQTT topic filter (the rules of shared/mqtt/topic.ts, `$` included),
 * time range, QoS, retain, direction, and a case-insensitive substring in the topic, the payload
 * text or the user properties.
 *
 * Results come newest first, a page at a time, each page bounded in the rows it looks at so a
 * page never stalls the main thread; the caller asks for the next page (as the user scrolls) or
 * stops asking (a cancel). Candidates come from, cheapest first:
 * - a few matching topics: their (topic_id, id) index, merged;
 * - a text of three characters or more: the FTS5 trigram index (rows holding all its trigrams,
 *   then the substring confirmed), for rows it covers, and a scan of the newest rows it does not
 *   cover yet;
 * - otherwise a scan by id, newest first.
 */
import type {
	HistoryItem,
	HistorySearchPage,
	HistorySearchQuery,
} from '../../shared/model/history';
import { matchTopic } from '../../shared/mqtt/topic';
import { FLAG_OUT, FLAG_RETAIN } from './batch-codec';
import type { HistoryReader, MessageRow } from './history-reader';
import { ftsQuery, isIndexable, searchableBody, searchableProperties } from './search-text';

/** Matching topics up to this many are read through their index instead of a scan. */
const FEW_TOPICS = 32;
const SCAN_CHUNK = 2000;
const FTS_CHUNK = 500;

export interface SearchPageOptions {
	readonly limit: number;
	/** Rows looked at before the page is returned, full or not. */
	readonly maxScan: number;
	readonly previewBytes: number;
	/** Highest id the full-text index covers. */
	readonly indexedUpTo: number;
}

export class HistorySearch {
	readonly #reader: HistoryReader;
	readonly #query: HistorySearchQuery;
	readonly #needle: string | undefined;
	/** Matching topic ids; null when every topic matches. */
	readonly #topics: ReadonlySet<number> | null;
	readonly #qos: ReadonlySet<number> | null;

	constructor(reader: HistoryReader, query: HistorySearchQuery) {
		this.#reader = reader;
		this.#query = query;
		this.#needle =
			query.text === undefined || query.text === '' ? undefined : query.text.toLowerCase();
		this.#qos = query.qos === undefined ? null : new Set(query.qos);
		const connections = query.connectionIds === undefined ? null : new Set(query.connectionIds);
		const filter = query.topicFilter;
		if (filter === undefined && connections === null) {
			this.#topics = null;
		} else {
			const ids = new Set<number>();
			for (const topic of reader.allTopics()) {
				if (connections !== null && !connections.has(topic.connectionId)) continue;
				if (filter !== undefined && !matchTopic(filter, topic.name)) continue;
				ids.add(topic.id);
			}
			this.#topics = ids;
		}
	}

	/** The next page of matches with ids below `beforeId` (null: from the newest). */
	page(beforeId: number | null, options: SearchPageOptions): HistorySearchPage {
		const start = beforeId ?? this.#reader.maxId() + 1;
		if (this.#topics !== null && this.#topics.size === 0) return done([], 0);
		if (this.#topics !== null && this.#topics.size <= FEW_TOPICS)
			return this.#fromTopics(start, options);
		if (this.#needle !== undefined && isIndexable(this.#needle))
			return this.#fromIndex(start, options);
		return this.#scan(start, 0, options, []);
	}

	/** Scans ids in [floor, start) newest first, adding matches to `items`. */
	#scan(
		start: number,
		floor: number,
		options: SearchPageOptions,
		items: HistoryItem[],
		scannedBefore = 0,
	): HistorySearchPage {
		let cursor = start;
		let scanned = scannedBefore;
		while (items.length < options.limit && scanned < options.maxScan) {
			const chunk = Math.min(SCAN_CHUNK, options.maxScan - scanned);
			const rows = this.#reader.rowsBefore(cursor, chunk, this.#previewFor(options));
			for (const row of rows) {
				if (row.id <= floor) return this.#more(items, floor + 1, scanned, floor === 0);
				scanned++;
				cursor = row.id;
				if (this.#matches(row)) items.push(this.#item(row, options));
				if (items.length >= options.limit) return this.#more(items, cursor, scanned, false);
			}
			if (rows.length < chunk) return this.#more(items, floor + 1, scanned, floor === 0);
		}
		return this.#more(items, cursor, scanned, false);
	}

	/** The unindexed newest rows by scanning, then the FTS5 index. */
	#fromIndex(start: number, options: SearchPageOptions): HistorySearchPage {
		const items: HistoryItem[] = [];
		let scanned = 0;
		let cursor = start;
		if (cursor > options.indexedUpTo + 1) {
			const tail = this.#scan(cursor, options.indexedUpTo, options, items);
			scanned = tail.scanned;
			if (items.length >= options.limit || tail.isDone || tail.nextBeforeId === null) return tail;
			if (tail.nextBeforeId > options.indexedUpTo + 1) return tail;
			cursor = options.indexedUpTo + 1;
		}
		const phrase = ftsQuery(this.#needle ?? '');
		const fts = this.#reader.db.prepare<[string, number, number], { id: number }>(
			'SELECT rowid AS id FROM messages_fts WHERE messages_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?',
		);
		while (items.length < options.limit && scanned < options.maxScan) {
			const ids = fts.all(phrase, cursor, FTS_CHUNK).map((row) => row.id);
			if (ids.length === 0) return done(items, scanned);
			for (const row of this.#reader.messagesByIds(ids, this.#previewFor(options))) {
				if (scanned >= options.maxScan) return this.#more(items, cursor, scanned, false);
				scanned++;
				cursor = row.id;
				// The index found rows holding every trigram; the substring and the rest are checked here.
				if (this.#matches(row)) items.push(this.#item(row, options));
				if (items.length >= options.limit) return this.#more(items, cursor, scanned, false);
			}
			if (ids.length < FTS_CHUNK) return done(items, scanned);
		}
		return this.#more(items, cursor, scanned, false);
	}

	/** A few topics: newest rows of each through the topic index, merged by id. */
	#fromTopics(start: number, options: SearchPageOptions): HistorySearchPage {
		const items: HistoryItem[] = [];
		let scanned = 0;
		let cursor = start;
		const topics = [...(this.#topics ?? [])];
		while (items.length < options.limit && scanned < options.maxScan) {
			const rows: MessageRow[] = [];
			for (const topic of topics) {
				rows.push(
					...this.#reader.topicRowsBefore(topic, cursor, SCAN_CHUNK, this.#previewFor(options)),
				);
			}
			if (rows.length === 0) return done(items, scanned);
			rows.sort((a, b) => b.id - a.id);
			// Only the first chunk's worth is certainly complete across topics.
			const merged = rows.slice(0, SCAN_CHUNK);
			for (const row of merged) {
				if (scanned >= options.maxScan) return this.#more(items, cursor, scanned, false);
				scanned++;
				cursor = row.id;
				if (this.#matches(row)) items.push(this.#item(row, options));
				if (items.length >= options.limit) return this.#more(items, cursor, scanned, false);
			}
			if (rows.length < SCAN_CHUNK) return done(items, scanned);
		}
		return this.#more(items, cursor, scanned, false);
	}

	#more(
		items: HistoryItem[],
		nextBeforeId: number,
		scanned: number,
		isDone: boolean,
	): HistorySearchPage {
		return isDone || nextBeforeId <= 1
			? done(items, scanned)
			: { items, nextBeforeId, scanned, isDone: false };
	}

	/** Text matching needs the payload's first 64 KiB; otherwise the preview asked for will do. */
	#previewFor(options: SearchPageOptions): number {
		return this.#needle === undefined
			? options.previewBytes
			: Math.max(options.previewBytes, 65_536);
	}

	#item(row: MessageRow, options: SearchPageOptions): HistoryItem {
		const item = this.#reader.toItem(row);
		if (item.payloadPreview.length <= options.previewBytes) return item;
		return {
			...item,
			payloadPreview: item.payloadPreview.subarray(0, options.previewBytes),
			truncated: true,
		};
	}

	#matches(row: MessageRow): boolean {
		const query = this.#query;
		if (this.#topics !== null && !this.#topics.has(row.topic_id)) return false;
		if (query.sinceUs !== undefined && row.time_us < query.sinceUs) return false;
		if (query.untilUs !== undefined && row.time_us > query.untilUs) return false;
		if (this.#qos !== null && !this.#qos.has(row.flags & 3)) return false;
		if (query.retain !== undefined && ((row.flags & FLAG_RETAIN) !== 0) !== query.retain)
			return false;
		if (
			query.direction !== undefined &&
			((row.flags & FLAG_OUT) !== 0 ? 'out' : 'in') !== query.direction
		)
			return false;
		if (this.#needle === undefined) return true;
		const needle = this.#needle;
		const topic = this.#reader.topic(row.topic_id)?.name ?? '';
		return (
			topic.toLowerCase().includes(needle) ||
			searchableBody(row.payload).toLowerCase().includes(needle) ||
			searchableProperties(row.properties).toLowerCase().includes(needle)
		);
	}
}

function done(items: HistoryItem[], scanned: number): HistorySearchPage {
	return { items, nextBeforeId: null, scanned, isDone: true };
}
