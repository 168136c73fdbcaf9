import { describe, expect, it } from 'vitest';
import {
	formatTimeUs,
	goneAnnouncement,
	pausedStatus,
	publishNotShown,
} from '../../../renderer/features/frames/frame-format';
import type { FramesView, FrozenList } from '../../../shared/model/frames';

function view(frozen: FrozenList | null, nextSeq = 1_500): FramesView {
	return {
		totalMatching: frozen?.rowCount ?? 0,
		offset: 0,
		goneRows: 0,
		entries: [],
		frozen,
		nextSeq,
		totalCount: nextSeq - 1,
		evictedCount: 0,
		capacity: 100_000,
		capabilities: null,
	};
}

describe('frames status lines', () => {
	it('says nothing of a pause when the list is live', () => {
		expect(pausedStatus(view(null), false)).toBeNull();
		expect(goneAnnouncement(view(null))).toBe('');
	});

	it('counts the frames that arrived since pausing, and the matching ones under a filter', () => {
		const frozen = { untilSeq: 1_000, rowCount: 999, goneCount: 0, newerMatching: 20 };
		expect(pausedStatus(view(frozen), false)).toBe(
			'Paused: 500 frames arrived since; the list stays as it is until you resume.',
		);
		expect(pausedStatus(view(frozen, 1_001), true)).toBe(
			'Paused: 1 frame arrived since (20 match the filter); the list stays as it is until you resume.',
		);
	});

	it('says how many of the paused rows have left the ring', () => {
		const frozen = { untilSeq: 1_000, rowCount: 999, goneCount: 1_234, newerMatching: 0 };
		expect(pausedStatus(view(frozen), false)).toMatch(
			/ The oldest 1,234 rows of the paused list have left the frame ring\.$/,
		);
		expect(goneAnnouncement(view(frozen))).toBe(
			'Rows at the top of the paused list have left the frame ring, which keeps the newest 100,000 frames.',
		);
	});

	it('explains why Show frame shows no frame, with the time to the microsecond', () => {
		const timeUs = new Date(2026, 0, 2, 12, 3, 4, 123).getTime() * 1000 + 456;
		expect(formatTimeUs(timeUs)).toBe('12:03:04.123456');
		expect(
			publishNotShown({ kind: 'evicted', capacity: 100_000, evictedCount: 52_310 }, 'a/b', timeUs),
		).toBe(
			"This message's PUBLISH (received at 12:03:04.123456) has left the frame ring, which keeps the newest 100,000 frames; 52,310 frames were evicted.",
		);
		expect(publishNotShown({ kind: 'not-captured' }, 'a/b', timeUs)).toBe(
			"This message's PUBLISH (received at 12:03:04.123456) is not in the frame log: no frame on a/b was captured at that time.",
		);
	});
});
