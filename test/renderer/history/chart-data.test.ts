import { describe, expect, it } from 'vitest';
import {
	alignSeries,
	csvFileName,
	presetRange,
	SERIES_COLOR_COUNT,
	seriesColorVar,
	seriesCsv,
	seriesSummary,
	unionRange,
	zoomRange,
} from '../../../renderer/features/history/chart-data';
import type { HistorySeries } from '../../../shared/history/series';

function series(buckets: [number, number, number][]): HistorySeries {
	return {
		sinceUs: 1_000_000,
		untilUs: 11_000_000,
		bucketUs: 1_000_000,
		buckets: buckets.map(([index, min, max]) => ({
			index,
			min,
			max,
			count: 2,
			firstUs: 1_000_000 + index * 1_000_000,
			lastUs: 1_000_000 + index * 1_000_000 + 500,
		})),
		points: buckets.length * 2,
		skipped: 0,
	};
}

describe('series aligned for the chart', () => {
	it('puts each bucket min then max, on the union of buckets, nulls where a series has none', () => {
		const data = alignSeries([
			series([
				[0, 1, 5],
				[3, -2, 2],
			]),
			series([[3, 10, 10]]),
		]);
		expect(data.x).toEqual([1.25, 1.75, 4.25, 4.75]);
		expect(data.ys).toEqual([
			[1, 5, -2, 2],
			[null, null, 10, 10],
		]);
	});

	it('is empty without series', () => {
		expect(alignSeries([])).toEqual({ x: [], ys: [] });
	});
});

describe('time ranges', () => {
	const now = Date.UTC(2024, 4, 1, 12);
	it('presets end now', () => {
		expect(presetRange('1h', now)).toEqual({
			sinceUs: now * 1000 + 1 - 3_600_000_000,
			untilUs: now * 1000 + 1,
		});
		expect(presetRange('all', now)).toBeNull();
	});
	it('zooms around the middle', () => {
		expect(zoomRange({ sinceUs: 1000, untilUs: 2000 }, 0.5)).toEqual({
			sinceUs: 1250,
			untilUs: 1750,
		});
		expect(zoomRange({ sinceUs: 1000, untilUs: 2000 }, 2)).toEqual({ sinceUs: 500, untilUs: 2500 });
	});
	it('unites the spans of several series', () => {
		expect(
			unionRange([
				{ sinceUs: 5, untilUs: 10 },
				{ sinceUs: 2, untilUs: 7 },
			]),
		).toEqual({ sinceUs: 2, untilUs: 10 });
		expect(unionRange([])).toBeNull();
	});
});

describe('a series as CSV', () => {
	it('writes one row a bucket, RFC 3339 times, CRLF', () => {
		expect(seriesCsv(series([[0, 1.5, 7]]))).toBe(
			'from,to,min,max,count\r\n1970-01-01T00:00:01.000000Z,1970-01-01T00:00:01.000500Z,1.5,7,2\r\n',
		);
		expect(csvFileName('plant/line1 data.temp')).toBe('plant_line1_data.temp.csv');
	});
});

describe('series colours', () => {
	it('name a theme variable each, the seventh taking the first again', () => {
		const names = Array.from({ length: SERIES_COLOR_COUNT + 1 }, (_, i) => seriesColorVar(i));
		expect(names).toEqual([
			'--chart-1',
			'--chart-2',
			'--chart-3',
			'--chart-4',
			'--chart-5',
			'--chart-6',
			'--chart-1',
		]);
	});
});

describe('a series in words', () => {
	it('counts values, buckets and what is not a number, singular and plural', () => {
		const one: HistorySeries = {
			sinceUs: 0,
			untilUs: 10,
			bucketUs: 10,
			buckets: [{ index: 0, min: 1, max: 1, count: 1, firstUs: 0, lastUs: 0 }],
			points: 1,
			skipped: 0,
		};
		expect(seriesSummary(one)).toBe('1 value in 1 bucket');
		expect(seriesSummary({ ...one, points: 1_200, skipped: 1 })).toBe(
			'1,200 values in 1 bucket · 1 message without a number',
		);
		expect(seriesSummary({ ...one, buckets: [], points: 0, skipped: 2 })).toBe(
			'0 values in 0 buckets · 2 messages without a number',
		);
	});
});
