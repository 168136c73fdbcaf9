/**
 * From history's down-sampled series to what the chart draws, and back out as CSV. Pure.
 *
 * Every series of a chart is asked for the same range and bucket count, so bucket `i` is the same
 * time slice in each: the x axis is the union of the buckets that hold a value, two points a
 * bucket (its minimum, then its maximum), so a spike within one pixel still draws its full height.
 */
import { formatTimeUs } from '../../../shared/model/message-json';
import type { HistorySeries } from '../../../shared/history/series';
import { formatCount } from '../../lib/format';

/**
 * Series colours come from the theme (`--chart-1` … `--chart-6` in theme.css, each 3:1 against
 * the page in its theme); the legend and the table name every series in words too, so colour is
 * never alone. The seventh series takes the first colour again.
 */
export const SERIES_COLOR_COUNT = 6;

/** The CSS variable of the `index`th series' colour. */
export function seriesColorVar(index: number): string {
	return `--chart-${(index % SERIES_COLOR_COUNT) + 1}`;
}

export type RangePreset = '15m' | '1h' | '24h' | '7d' | 'all';

export const RANGE_PRESETS: readonly { readonly preset: RangePreset; readonly label: string }[] = [
	{ preset: '15m', label: 'Last 15 min' },
	{ preset: '1h', label: 'Last hour' },
	{ preset: '24h', label: 'Last 24 h' },
	{ preset: '7d', label: 'Last 7 days' },
	{ preset: 'all', label: 'All stored' },
];

const PRESET_MS: Record<Exclude<RangePreset, 'all'>, number> = {
	'15m': 15 * 60_000,
	'1h': 3_600_000,
	'24h': 86_400_000,
	'7d': 7 * 86_400_000,
};

export interface TimeRange {
	readonly sinceUs: number;
	/** Exclusive. */
	readonly untilUs: number;
}

/** The range a preset covers now; null for "all" (the topics' own span). */
export function presetRange(preset: RangePreset, nowMs: number): TimeRange | null {
	if (preset === 'all') return null;
	const untilUs = nowMs * 1000 + 1;
	return { sinceUs: untilUs - PRESET_MS[preset] * 1000, untilUs };
}

/** The range zoomed around its middle: `factor` 0.5 shows half as much time, 2 twice as much. */
export function zoomRange(range: TimeRange, factor: number): TimeRange {
	const middle = (range.sinceUs + range.untilUs) / 2;
	const half = Math.max(1, ((range.untilUs - range.sinceUs) * factor) / 2);
	return {
		sinceUs: Math.max(0, Math.floor(middle - half)),
		untilUs: Math.ceil(middle + half),
	};
}

/** The smallest range that holds all of them. */
export function unionRange(ranges: readonly TimeRange[]): TimeRange | null {
	if (ranges.length === 0) return null;
	return {
		sinceUs: Math.min(...ranges.map((range) => range.sinceUs)),
		untilUs: Math.max(...ranges.map((range) => range.untilUs)),
	};
}

export interface ChartData {
	/** Seconds since the epoch (uPlot's time axis). */
	readonly x: number[];
	/** One array per series, aligned with `x`; null where a series has no value. */
	readonly ys: (number | null)[][];
}

/** The series aligned for the chart (all asked for the same range and bucket count). */
export function alignSeries(series: readonly HistorySeries[]): ChartData {
	const first = series[0];
	if (first === undefined) return { x: [], ys: [] };
	const indexes = [
		...new Set(series.flatMap((one) => one.buckets.map((bucket) => bucket.index))),
	].sort((a, b) => a - b);
	const slot = new Map(indexes.map((index, at) => [index, at]));
	const x: number[] = [];
	for (const index of indexes) {
		const start = first.sinceUs + index * first.bucketUs;
		x.push((start + first.bucketUs * 0.25) / 1e6, (start + first.bucketUs * 0.75) / 1e6);
	}
	const ys = series.map((one) => {
		const values: (number | null)[] = new Array<number | null>(x.length).fill(null);
		for (const bucket of one.buckets) {
			const at = slot.get(bucket.index);
			if (at === undefined) continue;
			values[at * 2] = bucket.min;
			values[at * 2 + 1] = bucket.max;
		}
		return values;
	});
	return { x, ys };
}

/** A series as CSV (RFC 4180, CRLF): each bucket's time range, minimum, maximum and count. */
export function seriesCsv(series: HistorySeries): string {
	const lines = ['from,to,min,max,count'];
	for (const bucket of series.buckets) {
		lines.push(
			[
				formatTimeUs(bucket.firstUs),
				formatTimeUs(bucket.lastUs),
				bucket.min,
				bucket.max,
				bucket.count,
			].join(','),
		);
	}
	return `${lines.join('\r\n')}\r\n`;
}

/** A file name for a series' CSV: the label made safe. */
export function csvFileName(label: string): string {
	const base =
		label
			.replace(/[^\w.-]+/g, '_')
			.replace(/^[._]+/, '')
			.slice(0, 80) || 'series';
	return `${base}.csv`;
}

function counted(count: number, one: string, many: string): string {
	return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** What a series holds, in words: "3 values in 2 buckets · 1 message without a number". */
export function seriesSummary(series: HistorySeries): string {
	const held = `${counted(series.points, 'value', 'values')} in ${counted(series.buckets.length, 'bucket', 'buckets')}`;
	return series.skipped > 0
		? `${held} · ${counted(series.skipped, 'message', 'messages')} without a number`
		: held;
}
