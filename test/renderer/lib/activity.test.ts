import { describe, expect, it } from 'vitest';
import { summariseActivity } from '../../../renderer/lib/activity';

const at = (atMs: number, totalMessages: number, topicCount: number) => ({
	atMs,
	totalMessages,
	topicCount,
});

describe('summariseActivity', () => {
	it.each([
		[at(0, 1_000, 10), at(10_000, 5_120, 13), '412 messages/s, 3 new topics'],
		[at(0, 0, 0), at(10_000, 10, 1), '1 message/s, 1 new topic'],
		[at(0, 5, 2), at(10_000, 8, 2), '3 messages in 10 s'],
		[at(0, 5, 2), at(12_000, 6, 2), '1 message in 12 s'],
		[at(0, 0, 0), at(10_000, 1_234_560, 40_000), '123,456 messages/s, 40,000 new topics'],
		[at(0, 5, 2), at(10_000, 5, 2), null],
		[at(0, 5, 2), at(0, 9, 2), null],
	])('%o → %o says %s', (before, after, expected) => {
		expect(summariseActivity(before, after)).toBe(expected);
	});
});
