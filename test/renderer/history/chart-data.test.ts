import { describe, expect, it } from 'vitest';
import {
	alignSeries,
	chartInk,
	csvFileName,
	presetRange,
	seriesColor,
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

/** WCAG relative luminance contrast of two #rrggbb colours. */
function contrast(a: string, b: string): number {
	const luminance = (hex: string) => {
		const [r, g, bl] = [1, 3, 5].map((at) => {
			const c = parseInt(hex.slice(at, at + 2), 16) / 255;
			return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
	};
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

describe('chart colours per theme', () => {
	// theme.css's --bg of each theme (the page behind the chart).
	const BACKGROUNDS = { dark: '#14161a', light: '#f7f8fa', 'high-contrast': '#000000' } as const;

	it.each(Object.entries(BACKGROUNDS))(
		'%s: every series line and the axis text stand out 3:1 from the page',
		(theme, background) => {
			const key = theme as keyof typeof BACKGROUNDS;
			const colours = Array.from({ length: 6 }, (_, index) => seriesColor(key, index));
			expect(new Set(colours).size).toBe(6);
			for (const colour of [...colours, chartInk(key).axis]) {
				expect(contrast(colour, background), colour).toBeGreaterThanOrEqual(3);
			}
			// The seventh series takes the first colour again (named in the legend all the same).
			expect(seriesColor(key, 6)).toBe(colours[0]);
		},
	);
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
