/**
 * Chart series read from the database: one topic's numeric values (the payload itself or a JSON
 * path) over a time range, down-sampled in SQL to one bucket per pixel with each bucket's minimum
 * and maximum (shared/history/series.ts), so a million messages reach the renderer as at most a
 * few thousand buckets. Messages whose value is not a number are counted, not guessed at.
 *
 * Reading a value parses each message's JSON (about a microsecond a row), so a million rows take
 * seconds: the query runs in steps of `stepRows` rows, giving the event loop back between steps
 * (queries run on main's thread, which must keep serving every connection), and stops when its
 * signal is aborted (a newer request for the same series). The rows of a range are found by id:
 * a topic's messages are stored in arrival order, so the first and last ids of a time range are
 * found by binary search on the (topic_id, id) index, and a zoomed view reads only its own rows.
 */
import type Database from 'better-sqlite3';
import { bucketWidthUs, type HistorySeries, type SeriesBucket } from '../../shared/history/series';
import type { HistoryReader } from './history-reader';

export interface SeriesRequest {
	readonly topicId: number;
	/** A SQLite JSON path (`$`, `$.data.temp`): see shared/history/chart-path.ts. */
	readonly path: string;
	readonly sinceUs: number;
	/** Exclusive. */
	readonly untilUs: number;
	readonly buckets: number;
}

export interface SeriesSteps {
	/** Rows read per step before the event loop gets a turn. */
	readonly stepRows?: number;
	readonly signal?: AbortSignal;
}

interface BucketRow {
	readonly b: number;
	readonly min: number | null;
	readonly max: number | null;
	readonly count: number;
	readonly skipped: number;
	readonly first_us: number | null;
	readonly last_us: number | null;
	readonly last_id: number;
}

/** About 50 ms of parsing on our build machines. */
const STEP_ROWS = 50_000;

// Numbers are bound as REALs: the bucket is made an integer by CAST. The payload is a BLOB: cast
// to text first, or SQLite (3.45+) would read it as JSONB; `->>` gives JSON numbers as numbers,
// true and false as 1 and 0 (a state charted as a step), strings as text (skipped). Payloads
// past the row's first 256 KiB are not whole here: they do not parse and count as skipped.
// Rows outside [sinceUs, untilUs) (a clock stepped back) fall in buckets the caller drops.
const STEP_SQL = `
	SELECT CAST((time_us - @sinceUs) / @bucketUs AS INTEGER) - (time_us < @sinceUs) AS b,
		min(n) AS min, max(n) AS max, count(n) AS count, count(*) - count(n) AS skipped,
		min(CASE WHEN n IS NOT NULL THEN time_us END) AS first_us,
		max(CASE WHEN n IS NOT NULL THEN time_us END) AS last_us,
		max(id) AS last_id
	FROM (
		SELECT id, time_us, CASE WHEN typeof(v) IN ('integer', 'real') THEN v END AS n
		FROM (
			SELECT id, time_us, CASE WHEN json_valid(p) THEN p ->> @path END AS v
			FROM (
				SELECT id, time_us, CAST(payload AS TEXT) AS p FROM messages
				WHERE topic_id = @topicId AND id >= @fromId AND id <= @toId
				ORDER BY id LIMIT @limit
			)
		)
	)
	GROUP BY b`;

const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

function prepare(db: Database.Database) {
	return {
		step: db.prepare<
			[
				{
					topicId: number;
					path: string;
					sinceUs: number;
					bucketUs: number;
					fromId: number;
					toId: number;
					limit: number;
				},
			],
			BucketRow
		>(STEP_SQL),
		// First and last by the (topic_id, id) index: no scan of the topic's rows.
		first: db.prepare<[number], { id: number; time_us: number }>(
			'SELECT id, time_us FROM messages WHERE topic_id = ? ORDER BY id LIMIT 1',
		),
		last: db.prepare<[number], { id: number; time_us: number }>(
			'SELECT id, time_us FROM messages WHERE topic_id = ? ORDER BY id DESC LIMIT 1',
		),
		atOrAfter: db.prepare<[number, number], { id: number; time_us: number }>(
			'SELECT id, time_us FROM messages WHERE topic_id = ? AND id >= ? ORDER BY id LIMIT 1',
		),
	};
}

function sql(db: Database.Database): ReturnType<typeof prepare> {
	let prepared = statements.get(db);
	if (prepared === undefined) {
		prepared = prepare(db);
		statements.set(db, prepared);
	}
	return prepared;
}

/** The times of a topic's first and last stored messages, or null when it has none. */
export function topicSpan(
	reader: HistoryReader,
	topicId: number,
): { readonly firstUs: number; readonly lastUs: number } | null {
	const first = sql(reader.db).first.get(topicId);
	const last = sql(reader.db).last.get(topicId);
	if (first === undefined || last === undefined) return null;
	// Rows need not be in time order by id (a clock stepped back): the wider of the two.
	return {
		firstUs: Math.min(first.time_us, last.time_us),
		lastUs: Math.max(first.time_us, last.time_us),
	};
}

/**
 * The first id of `topicId` whose time is at or after `timeUs` (its messages in arrival order),
 * by binary search over ids: about 40 index lookups, whatever the topic's size.
 */
function firstIdAtOrAfter(
	db: Database.Database,
	topicId: number,
	timeUs: number,
	lowId: number,
	highId: number,
): number {
	let low = lowId;
	let high = highId + 1;
	while (low < high) {
		const middle = Math.floor((low + high) / 2);
		const row = sql(db).atOrAfter.get(topicId, middle);
		if (row === undefined || row.time_us >= timeUs) high = middle;
		else low = row.id + 1;
	}
	return low;
}

function yieldToEventLoop(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The series of `request`, down-sampled to at most `request.buckets` buckets, read in steps.
 * Null when `steps.signal` was aborted first.
 */
export async function readSeries(
	reader: HistoryReader,
	request: SeriesRequest,
	steps: SeriesSteps = {},
): Promise<HistorySeries | null> {
	const { sinceUs, untilUs, topicId } = request;
	const bucketUs = bucketWidthUs(sinceUs, untilUs, request.buckets);
	const empty: HistorySeries = { sinceUs, untilUs, bucketUs, buckets: [], points: 0, skipped: 0 };
	const db = reader.db;
	const first = sql(db).first.get(topicId);
	const last = sql(db).last.get(topicId);
	if (first === undefined || last === undefined) return empty;
	const fromId = firstIdAtOrAfter(db, topicId, sinceUs, first.id, last.id);
	const toId = firstIdAtOrAfter(db, topicId, untilUs, fromId, last.id) - 1;
	const bucketCount = Math.ceil((untilUs - sinceUs) / bucketUs);
	const byIndex = new Map<number, { -readonly [K in keyof SeriesBucket]: SeriesBucket[K] }>();
	let skipped = 0;
	let at = fromId;
	const stepRows = steps.stepRows ?? STEP_ROWS;
	while (at <= toId) {
		if (steps.signal?.aborted) return null;
		const rows = sql(db).step.all({
			topicId,
			path: request.path,
			sinceUs,
			bucketUs,
			fromId: at,
			toId,
			limit: stepRows,
		});
		if (rows.length === 0) break;
		for (const row of rows) {
			at = Math.max(at, row.last_id + 1);
			if (row.b < 0 || row.b >= bucketCount) continue;
			skipped += row.skipped;
			if (row.count === 0 || row.min === null || row.max === null) continue;
			merge(byIndex, row);
		}
		if (at <= toId) await yieldToEventLoop();
	}
	const buckets = [...byIndex.values()].sort((a, b) => a.index - b.index);
	const points = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
	return { sinceUs, untilUs, bucketUs, buckets, points, skipped };
}

/** Folds one step's bucket into the buckets so far (a bucket can span two steps). */
function merge(
	byIndex: Map<number, { -readonly [K in keyof SeriesBucket]: SeriesBucket[K] }>,
	row: BucketRow,
): void {
	const min = row.min as number;
	const max = row.max as number;
	const firstUs = row.first_us ?? 0;
	const lastUs = row.last_us ?? 0;
	const bucket = byIndex.get(row.b);
	if (bucket === undefined) {
		byIndex.set(row.b, { index: row.b, min, max, count: row.count, firstUs, lastUs });
		return;
	}
	bucket.min = Math.min(bucket.min, min);
	bucket.max = Math.max(bucket.max, max);
	bucket.count += row.count;
	bucket.firstUs = Math.min(bucket.firstUs, firstUs);
	bucket.lastUs = Math.max(bucket.lastUs, lastUs);
}
