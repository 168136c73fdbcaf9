import { describe, expect, it } from 'vitest';
import { bucketIndex, bucketWidthUs, minMaxBuckets } from '../../../shared/history/series';

describe('min/max down-sampling per pixel', () => {
	it('splits a range into whole-microsecond buckets that cover it', () => {
		expect(bucketWidthUs(0, 1_000, 10)).toBe(100);
		expect(bucketWidthUs(0, 1_001, 10)).toBe(101);
		expect(bucketWidthUs(5, 6, 800)).toBe(1);
		expect(bucketIndex(999, 0, 100)).toBe(9);
	});

	it('keeps the spike that falls between two pixels', () => {
		const points = Array.from({ length: 1_000 }, (_, i) => ({
			timeUs: i,
			value: i === 537 ? 99 : 1,
		}));
		const buckets = minMaxBuckets(points, 0, 1_000, 10);
		expect(buckets).toHaveLength(10);
		expect(buckets[5]).toEqual({
			index: 5,
			min: 1,
			max: 99,
			count: 100,
			firstUs: 500,
			lastUs: 599,
		});
		expect(buckets.filter((bucket) => bucket.max === 99)).toHaveLength(1);
	});

	it('leaves empty buckets out and drops points outside the range', () => {
		const buckets = minMaxBuckets(
			[
				{ timeUs: -1, value: 5 },
				{ timeUs: 10, value: 3 },
				{ timeUs: 15, value: -2 },
				{ timeUs: 95, value: 7 },
				{ timeUs: 100, value: 8 },
			],
			0,
			100,
			10,
		);
		expect(buckets).toEqual([
			{ index: 1, min: -2, max: 3, count: 2, firstUs: 10, lastUs: 15 },
			{ index: 9, min: 7, max: 7, count: 1, firstUs: 95, lastUs: 95 },
		]);
	});
});
