/** The microsecond clock that stamps frames and messages alike, so the two always agree. */

/** Microseconds since the epoch: `process.hrtime` for steadiness, anchored once to `Date.now()`. */
export function createClockUs(): () => number {
	const anchorNs = process.hrtime.bigint();
	const anchorUs = Date.now() * 1000;
	return () => anchorUs + Math.floor(Number(process.hrtime.bigint() - anchorNs) / 1000);
}

/** The one clock of this process: frames and messages stamped by it compare directly. */
export const clockUs = createClockUs();
