import { describe, expect, it } from 'vitest';
import { searchLargest } from '../../../main/check/bounded-search';

/** A test that passes up to `limit`, recording what it was asked. */
function upTo(limit: number): { test: (n: number) => Promise<boolean>; asked: number[] } {
	const asked: number[] = [];
	return { asked, test: async (n) => (asked.push(n), n <= limit) };
}

describe('searchLargest', () => {
	it('settles with one attempt when the ceiling passes', async () => {
		const probe = upTo(10_000);
		expect(await searchLargest(60, 4096, 12, probe.test)).toEqual({
			largestPassed: 4096,
			smallestFailed: null,
			attempts: 1,
		});
		expect(probe.asked).toEqual([4096]);
	});

	it('finds the exact limit when the attempts suffice', async () => {
		const probe = upTo(1000);
		const result = await searchLargest(60, 2000, 20, probe.test);
		expect(result).toMatchObject({ largestPassed: 1000, smallestFailed: 1001 });
		expect(probe.asked.length).toBe(result.attempts);
	});

	it('stops after the bound, with the interval it narrowed the limit to', async () => {
		const probe = upTo(5016);
		const result = await searchLargest(60, 1024 * 1024, 12, probe.test);
		expect(result.attempts).toBe(12);
		expect(probe.asked).toHaveLength(12);
		expect(result.largestPassed).toBeLessThanOrEqual(5016);
		expect(result.smallestFailed).toBeGreaterThan(5016);
		// Far apart, the ratio is halved first: 12 attempts get within 1 % of a limit 17,000
		// times below the ceiling.
		expect((result.smallestFailed ?? 0) - result.largestPassed).toBeLessThan(50);
	});
});
