/** Waiting on conditions that events do not announce (e.g. a counter in main), bounded in time. */
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Resolves when `condition()` is true, checking after every event-loop turn; rejects after
 * `timeoutMs` with `what` in the message.
 */
export async function waitFor(
	condition: () => boolean,
	what: string,
	timeoutMs = 15_000,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await nextTurn();
	}
}
