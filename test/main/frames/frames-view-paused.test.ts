/** FramesWindowView paused (a frozen list): rows kept in place, scrolling, eviction while paused. */
import { describe, expect, it } from 'vitest';
import { FrameLog } from '../../../main/frames/frame-log';
import { FramesWindowView, type FramesWindowParams } from '../../../main/frames/frames-view';
import type { FramesView } from '../../../shared/model/frames';
import { publish } from './build';

const START_US = 1_700_000_000_000_000;

/** A log fed as a connection feeds it, with frames numbered n/1, n/2… (odd ones on 'odd/…'). */
function testLog(capacity = 1_000) {
	let timeUs = START_US;
	let next = 1;
	const log = new FrameLog({ capacity, clockUs: () => timeUs });
	log.open();
	/** Appends `count` received PUBLISH frames; frame k goes to `odd/k` when k is odd, else `n/k`. */
	const add = (count: number): void => {
		for (let i = 0; i < count; i++, next++) {
			timeUs += 10;
			log.frame('in', publish(next % 2 === 1 ? `odd/${next}` : `n/${next}`, 0), timeUs);
		}
	};
	return { log, add };
}

function params(overrides: Partial<FramesWindowParams> = {}): FramesWindowParams {
	return { offset: 0, limit: 10, follow: false, filter: {}, ...overrides };
}

const topics = (view: FramesView | null): (string | undefined)[] =>
	view?.entries.map((entry) => entry.topic) ?? [];

/** The parameters the renderer sends when the user pauses on `view` (FramesState.togglePause). */
function pausedOn(view: FramesView, overrides: Partial<FramesWindowParams> = {}) {
	return params({ untilSeq: view.nextSeq, frozenRows: view.totalMatching, ...overrides });
}

describe('FramesWindowView paused', () => {
	it('live, says where it stands: the next sequence number, no gone rows, not frozen', () => {
		const { log, add } = testLog();
		add(25);
		const view = new FramesWindowView(log, params({ follow: true }));
		const first = view.snapshot();
		expect(first).toMatchObject({ totalMatching: 25, offset: 15, goneRows: 0, frozen: null });
		expect(first.nextSeq).toBe(26);
		expect(topics(first).at(-1)).toBe('odd/25');
		add(5);
		expect(view.poll()?.offset).toBe(20);
		expect(topics(view.update(params({ offset: 2, limit: 3 })))).toEqual(['odd/3', 'n/4', 'odd/5']);
	});

	it('paused, keeps its rows and size while frames arrive, and says how many arrived', () => {
		const { log, add } = testLog();
		add(40);
		const view = new FramesWindowView(log, params({ follow: true }));
		const live = view.snapshot();
		const paused = view.update(pausedOn(live, { offset: 30 }));
		expect(topics(paused)).toEqual(topics(live));
		add(25);
		const later = view.poll();
		expect(later).toMatchObject({ totalMatching: 40, offset: 30, goneRows: 0 });
		expect(topics(later)).toEqual(topics(live));
		expect(later?.frozen).toEqual({ untilSeq: 41, rowCount: 40, goneCount: 0, newerMatching: 25 });
		expect(later?.nextSeq).toBe(66);
	});

	it('paused, loads the rows scrolled into view: the top and the middle', () => {
		const { log, add } = testLog();
		add(200);
		const view = new FramesWindowView(log, params({ follow: true }));
		const paused = pausedOn(view.snapshot());
		view.update(paused);
		add(300);
		const top = view.update({ ...paused, offset: 0, limit: 3 });
		expect(topics(top)).toEqual(['odd/1', 'n/2', 'odd/3']);
		expect(top?.entries.map((entry) => entry.type)).toEqual(['PUBLISH', 'PUBLISH', 'PUBLISH']);
		const middle = view.update({ ...paused, offset: 99, limit: 2 });
		expect(topics(middle)).toEqual(['n/100', 'odd/101']);
		// Past the paused list's end there is nothing, not the frames that arrived since.
		expect(topics(view.update({ ...paused, offset: 199, limit: 10 }))).toEqual(['n/200']);
	});

	it('paused with a filter, scrolls the matching frames before the pause only', () => {
		const { log, add } = testLog();
		add(100);
		const view = new FramesWindowView(
			log,
			params({ follow: true, filter: { topicFilter: 'odd/#' } }),
		);
		const live = view.snapshot();
		expect(live.totalMatching).toBe(50);
		const paused = pausedOn(live, { filter: { topicFilter: 'odd/#' } });
		view.update(paused);
		add(100);
		const middle = view.update({ ...paused, offset: 20, limit: 3 });
		expect(middle?.totalMatching).toBe(50);
		expect(topics(middle)).toEqual(['odd/41', 'odd/43', 'odd/45']);
		expect(middle?.frozen?.newerMatching).toBe(50);
		expect(topics(view.update({ ...paused, offset: 48, limit: 10 }))).toEqual(['odd/97', 'odd/99']);
	});

	it('paused while the ring evicts: the oldest rows are reported gone, the others stay in place', () => {
		const { log, add } = testLog(100);
		add(100);
		const view = new FramesWindowView(log, params({ follow: true }));
		const paused = pausedOn(view.snapshot());
		const before = view.update({ ...paused, offset: 25, limit: 10 });
		add(30);
		const after = view.poll();
		expect(after).toMatchObject({ totalMatching: 100, offset: 25, goneRows: 5 });
		expect(after?.frozen).toMatchObject({ rowCount: 100, goneCount: 30, newerMatching: 30 });
		// Rows 30-34 are what they were: no row shows another frame.
		expect(topics(after)).toEqual(topics(before).slice(5));
		expect(topics(view.update({ ...paused, offset: 0, limit: 10 }))).toEqual([]);
		expect(view.update({ ...paused, offset: 0, limit: 10 })?.goneRows).toBe(10);
		expect(topics(view.update({ ...paused, offset: 95, limit: 10 }))).toEqual([
			'n/96',
			'odd/97',
			'n/98',
			'odd/99',
			'n/100',
		]);
		add(200);
		const allGone = view.poll();
		expect(allGone).toMatchObject({ totalMatching: 100, goneRows: 5, entries: [] });
		expect(allGone?.frozen?.goneCount).toBe(100);
	});

	it('paused with a filter while the ring evicts: gone rows counted among the matching ones', () => {
		const { log, add } = testLog(100);
		add(100);
		const filter = { topicFilter: 'odd/#' };
		const view = new FramesWindowView(log, params({ follow: true, filter }));
		const paused = pausedOn(view.snapshot(), { filter });
		const before = view.update({ ...paused, offset: 10, limit: 5 });
		expect(topics(before)).toEqual(['odd/21', 'odd/23', 'odd/25', 'odd/27', 'odd/29']);
		add(24); // evicts frames 1-24: twelve matching rows
		const after = view.poll();
		expect(after).toMatchObject({ totalMatching: 50, goneRows: 2 });
		expect(after?.frozen?.goneCount).toBe(12);
		expect(topics(after)).toEqual(['odd/25', 'odd/27', 'odd/29']);
	});

	it('a reopened paused stream keeps the rows in place, from the row count the renderer sent', () => {
		const { log, add } = testLog(100);
		add(100);
		const live = new FramesWindowView(log, params({ follow: true })).snapshot();
		add(40);
		// The renderer switched tabs and back: a new view with the paused parameters it kept.
		const reopened = new FramesWindowView(log, pausedOn(live, { offset: 40, limit: 5 }));
		const view = reopened.snapshot();
		expect(view).toMatchObject({ totalMatching: 100, goneRows: 0 });
		expect(view.frozen?.goneCount).toBe(40);
		expect(topics(view)).toEqual(['odd/41', 'n/42', 'odd/43', 'n/44', 'odd/45']);
		// A wrong count never hides a frame that is held.
		const wrong = new FramesWindowView(log, pausedOn(live, { frozenRows: 3, limit: 2 }));
		expect(wrong.snapshot().totalMatching).toBe(60);
	});

	it('paused, a new filter counts its rows once and keeps them as the ring evicts', () => {
		const { log, add } = testLog(100);
		add(100);
		const view = new FramesWindowView(log, params({ follow: true }));
		const paused = pausedOn(view.snapshot());
		view.update(paused);
		const filtered = view.update({
			...paused,
			frozenRows: undefined,
			filter: { topicFilter: 'odd/#' },
		});
		expect(filtered?.totalMatching).toBe(50);
		add(10);
		const later = view.poll();
		expect(later?.totalMatching).toBe(50);
		expect(later?.frozen?.goneCount).toBe(5);
	});
});
