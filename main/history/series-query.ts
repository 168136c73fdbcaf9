/**
 * Chart series read from the database: one topic's numeric values (the payload itself or a JSON
 * path) over a time range, down-sampled in SQL to one bucket per pixel with each bucket's minimum
 * and maximum (shared/history/series.ts), so a million messages reach the renderer as at most a
 * few thousand buckets. Messages whose value is not a number are counted, not guessed at.
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

interface BucketRow {
	readonly b: number;
	readonly min: number | null;
	readonly max: number | null;
	readonly count: number;
	readonly skipped: number;
	readonly first_us: number | null;
	readonly last_us: number | null;
}

// Numbers are bound as REALs: the bucket is made an integer by CAST (times are >= sinceUs, so
// truncating is flooring). The payload is a BLOB: cast to text first, or SQLite (3.45+) would read it as JSONB. Payloads
// past the row's first 256 KiB are not whole here; they do not parse and count as skipped.
const SERIES_SQL = `
	SELECT CAST((time_us - @sinceUs) / @bucketUs AS INTEGER) AS b,
		min(n) AS min, max(n) AS max, count(n) AS count, count(*) - count(n) AS skipped,
		min(CASE WHEN n IS NOT NULL THEN time_us END) AS first_us,
		max(CASE WHEN n IS NOT NULL THEN time_us END) AS last_us
	FROM (
		SELECT time_us,
			CASE WHEN json_valid(p) AND json_type(p, @path) IN ('integer', 'real')
				THEN json_extract(p, @path) END AS n
		FROM (
			SELECT time_us, CAST(payload AS TEXT) AS p FROM messages
			WHERE topic_id = @topicId AND time_us >= @sinceUs AND time_us < @untilUs
		)
	)
	GROUP BY b ORDER BY b`;

const statements = new WeakMap<Database.Database, ReturnType<typeof prepare>>();

function prepare(db: Database.Database) {
	return {
		series: db.prepare<
			[{ topicId: number; path: string; sinceUs: number; untilUs: number; bucketUs: number }],
			BucketRow
		>(SERIES_SQL),
		// First and last by the (topic_id, id) index: no scan of the topic's rows.
		span: db.prepare<[number, number], { first_us: number | null; last_us: number | null }>(
			`SELECT (SELECT time_us FROM messages WHERE topic_id = ? ORDER BY id LIMIT 1) AS first_us,
				(SELECT time_us FROM messages WHERE topic_id = ? ORDER BY id DESC LIMIT 1) AS last_us`,
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
	const row = sql(reader.db).span.get(topicId, topicId);
	if (row?.first_us == null || row.last_us == null) return null;
	// Imported or clock-stepped rows need not be in time order by id.
	return {
		firstUs: Math.min(row.first_us, row.last_us),
		lastUs: Math.max(row.first_us, row.last_us),
	};
}

/** The series of `request`, down-sampled to at most `request.buckets` buckets. */
export function readSeries(reader: HistoryReader, request: SeriesRequest): HistorySeries {
	const bucketUs = bucketWidthUs(request.sinceUs, request.untilUs, request.buckets);
	const rows = sql(reader.db).series.all({
		topicId: request.topicId,
		path: request.path,
		sinceUs: request.sinceUs,
		untilUs: request.untilUs,
		bucketUs,
	});
	const buckets: SeriesBucket[] = [];
	let points = 0;
	let skipped = 0;
	for (const row of rows) {
		skipped += row.skipped;
		if (row.count === 0 || row.min === null || row.max === null) continue;
		points += row.count;
		buckets.push({
			index: row.b,
			min: row.min,
			max: row.max,
			count: row.count,
			firstUs: row.first_us ?? 0,
			lastUs: row.last_us ?? 0,
		});
	}
	return { sinceUs: request.sinceUs, untilUs: request.untilUs, bucketUs, buckets, points, skipped };
}
