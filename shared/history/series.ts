/**
 * A chart series as history answers it: numeric values of one topic over a time range, down-sampled
 * to at most one bucket per pixel, each bucket with its minimum and maximum so a spike between two
 * pixels is never lost. The bucket arithmetic lives here once, for the query and the chart.
 */

export interface SeriesBucket {
	/** Which bucket: its start is `sinceUs + index * bucketUs`. */
	readonly index: number;
	readonly min: number;
	readonly max: number;
	/** Numeric values in the bucket. */
	readonly count: number;
	readonly firstUs: number;
	readonly lastUs: number;
}

export interface HistorySeries {
	readonly sinceUs: number;
	/** Exclusive. */
	readonly untilUs: number;
	readonly bucketUs: number;
	/** Buckets with at least one value, in time order. */
	readonly buckets: readonly SeriesBucket[];
	/** Numeric values in the range. */
	readonly points: number;
	/** Messages in the range whose value was not a number (not JSON, path missing, a string). */
	readonly skipped: number;
}

/** The width of one bucket: the range split into `buckets`, rounded up to a whole microsecond. */
export function bucketWidthUs(sinceUs: number, untilUs: number, buckets: number): number {
	return Math.max(1, Math.ceil((untilUs - sinceUs) / Math.max(1, buckets)));
}

/** The bucket a time falls in. */
export function bucketIndex(timeUs: number, sinceUs: number, bucketUs: number): number {
	return Math.floor((timeUs - sinceUs) / bucketUs);
}

/**
 * The reference down-sampling of points held in memory (tests check the database's against it;
 * the renderer uses it for points it already has).
 */
export function minMaxBuckets(
	points: readonly { readonly timeUs: number; readonly value: number }[],
	sinceUs: number,
	untilUs: number,
	buckets: number,
): SeriesBucket[] {
	const bucketUs = bucketWidthUs(sinceUs, untilUs, buckets);
	const byIndex = new Map<
		number,
		{ index: number; min: number; max: number; count: number; firstUs: number; lastUs: number }
	>();
	for (const { timeUs, value } of points) {
		if (timeUs < sinceUs || timeUs >= untilUs) continue;
		const index = bucketIndex(timeUs, sinceUs, bucketUs);
		const bucket = byIndex.get(index);
		if (bucket === undefined) {
			byIndex.set(index, {
				index,
				min: value,
				max: value,
				count: 1,
				firstUs: timeUs,
				lastUs: timeUs,
			});
		} else {
			bucket.min = Math.min(bucket.min, value);
			bucket.max = Math.max(bucket.max, value);
			bucket.count += 1;
			bucket.firstUs = Math.min(bucket.firstUs, timeUs);
			bucket.lastUs = Math.max(bucket.lastUs, timeUs);
		}
	}
	return [...byIndex.values()].sort((x, y) => x.index - y.index);
}
