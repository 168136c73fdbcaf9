import { describe, expect, it, vi } from 'vitest';
import { WireFramer } from '../../../main/connections/wire-framer';
import { FrameLog } from '../../../main/frames/frame-log';
import { FramesWindowView, MatchingIndex } from '../../../main/frames/frames-view';
import type { FrameFilter } from '../../../shared/model/frames';
import { ack, publish } from './build';

function testLog(capacity = 1_000) {
	const clock = { nowUs: 1_700_000_000_000_000 };
	const log = new FrameLog({ capacity, clockUs: () => clock.nowUs });
	const tap = new WireFramer(log, () => clock.nowUs);
	tap.open();
	return { log, tap };
}

/** Feeds one frame per topic: sensors/<i % 3>/temp in, a PUBACK out for every tenth. */
function feed(tap: WireFramer, from: number, count: number): void {
	for (let i = from; i < from + count; i++) {
		tap.data(
			'in',
			publish(`sensors/${i % 3}/temp`, i % 10 === 0 ? 1 : 0, i % 10 === 0 ? i : undefined),
		);
		if (i % 10 === 0) tap.data('out', ack('PUBACK', i));
	}
}

const FILTER: FrameFilter = { topicFilter: 'sensors/1/+' };

describe('MatchingIndex', () => {
	it('stays equal to a full scan as frames arrive and the ring evicts', () => {
		const { log, tap } = testLog(200);
		const index = new MatchingIndex(log, FILTER);
		for (let round = 0; round < 12; round++) {
			feed(tap, round * 50, 50);
			index.refresh();
			const full = log.window(0, 10_000, FILTER);
			expect(index.size).toBe(full.totalMatching);
			expect(log.summariesOf(index.slice(0, 10_000))).toEqual(full.entries);
		}
		expect(log.evictedCount).toBeGreaterThan(0);
	});

	it('scans each frame once: a tick costs the new frames, not the ring', () => {
		const { log, tap } = testLog(10_000);
		feed(tap, 0, 5_000);
		const index = new MatchingIndex(log, FILTER);
		const scan = vi.spyOn(log, 'collectMatching');
		index.refresh();
		feed(tap, 5_000, 7);
		index.refresh();
		index.refresh();
		const starts = scan.mock.calls.map(([fromSeq]) => fromSeq);
		// First from the start, then from where the last refresh stopped: never from the oldest again.
		expect(starts[0]).toBe(0);
		expect(starts[1]).toBe(log.nextSeq - 7 - 1); // 7 PUBLISH + the PUBACK of 5000
		expect(starts[2]).toBe(log.nextSeq);
	});
});

describe('FramesWindowView', () => {
	it('follows the newest matching frames and moves to a filter on update', () => {
		const { log, tap } = testLog();
		feed(tap, 0, 30);
		const view = new FramesWindowView(log, { offset: 0, limit: 4, follow: true, filter: FILTER });
		const first = view.snapshot();
		expect(first.totalMatching).toBe(10);
		expect(first.offset).toBe(6);
		expect(first.entries.map((e) => e.topic)).toEqual(Array(4).fill('sensors/1/temp'));
		expect(view.poll()).toBeNull();
		feed(tap, 30, 3);
		expect(view.poll()?.totalMatching).toBe(11);
		const moved = view.update({
			offset: 1,
			limit: 2,
			follow: false,
			filter: { types: ['PUBACK'] },
		});
		expect(moved?.totalMatching).toBe(4);
		expect(moved?.entries.map((e) => [e.type, e.packetId])).toEqual([
			['PUBACK', 10],
			['PUBACK', 20],
		]);
	});

	it('sends again after a second without news, so overdue acks get flagged', () => {
		const { log, tap } = testLog();
		feed(tap, 0, 5);
		let nowMs = 0;
		const view = new FramesWindowView(
			log,
			{ offset: 0, limit: 10, follow: true, filter: {} },
			() => nowMs,
		);
		view.snapshot();
		nowMs = 999;
		expect(view.poll()).toBeNull();
		nowMs = 1_000;
		expect(view.poll()?.totalMatching).toBe(6);
	});
});
