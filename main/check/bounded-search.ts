/**
 * The largest size a broker takes, found with few attempts: the ceiling first (most brokers take
 * it, so one attempt settles it), then halving the ratio between what passed and what failed
 * while they are far apart, and the gap once they are close.
 * Every failed attempt can cost a timeout or a reconnect, so the attempts are bounded and the
 * answer says how precise it is.
 */

export interface SearchResult {
	/** The largest value that passed (`low` when only the assumed one did). */
	readonly largestPassed: number;
	/** The smallest value that failed; null when `high` passed. */
	readonly smallestFailed: number | null;
	readonly attempts: number;
}

/**
 * Searches [low, high] for the largest value `test` passes, assuming `low` passes and that what
 * passes at n passes below n. Stops after `maxAttempts` tests or when the gap is closed.
 */
export async function searchLargest(
	low: number,
	high: number,
	maxAttempts: number,
	test: (value: number) => Promise<boolean>,
): Promise<SearchResult> {
	let attempts = 1;
	if (await test(high)) return { largestPassed: high, smallestFailed: null, attempts };
	let passed = low;
	let failed = high;
	while (attempts < maxAttempts && failed - passed > 1) {
		// Far apart (1 MiB failed, 60 bytes passed): halve the ratio, so the order of magnitude
		// comes first; close: halve the gap.
		const middle =
			failed > passed * 2 && passed > 0
				? Math.round(Math.sqrt(passed * failed))
				: Math.floor((passed + failed) / 2);
		attempts += 1;
		if (await test(middle)) passed = middle;
		else failed = middle;
	}
	return { largestPassed: passed, smallestFailed: failed, attempts };
}
