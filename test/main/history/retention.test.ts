/**
 * Retention on a real SQLite file: by age, by bytes and rows (per connection and global), never
 * below "keep at least N per topic", in bounded chunks; counters and the full-text index follow.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FtsIndexer } from '../../../main/history/fts-indexer';
import { ROW_OVERHEAD_BYTES } from '../../../main/history/history-writer';
import { planRetention, Pruner } from '../../../main/history/retention';
import { HistoryReader } from '../../../main/history/history-reader';
import { HistoryRecorder } from '../../../main/history/recorder';
import { HistorySearch } from '../../../main/history/search';
import type { RetentionPolicy } from '../../../shared/model/history';
import { message } from '../../helpers/message';
import { createTestHistory, type TestHistory } from './build-history';

const NOW_US = 1_714_564_800_000_000;
const HOUR_US = 3_600_000_000;
let history: TestHistory | undefined;

afterEach(() => {
	if (history === undefined) return;
	history.db.close();
	rmSync(dirname(history.path), { recursive: true, force: true });
	history = undefined;
});

function pruneAll(pruner: Pruner, policy: RetentionPolicy, maxDeletes = 1000): number[] {
	const steps: number[] = [];
	for (let i = 0; i < 1000; i++) {
		const deleted = pruner.pruneSome(policy, NOW_US, maxDeletes);
		if (deleted === 0) break;
		steps.push(deleted);
	}
	return steps;
}

function topicsLeft(h: TestHistory): string[] {
	const reader = new HistoryReader(h.db);
	return reader
		.rowsAfter(0, 10_000)
		.map((row) => `${reader.topic(row.topic_id)?.name}@${row.time_us}`);
}

describe('planRetention', () => {
	it('adds up excess per connection and overall, and takes the smaller maximum age', () => {
		const plan = planRetention(
			{
				global: { maxRows: 150, maxAgeMs: 7_200_000 },
				connections: { b: { maxBytes: 1000, maxAgeMs: 60_000 } },
			},
			[
				{ id: 1, key: 'a', rows: 100, bytes: 5000 },
				{ id: 2, key: 'b', rows: 80, bytes: 1500 },
			],
			NOW_US,
		);
		expect(plan.globalExcess).toEqual({ rows: 30, bytes: 0 });
		expect([...plan.excess]).toEqual([[2, { rows: 0, bytes: 500 }]]);
		expect(plan.cutoffUs.get(1)).toBe(NOW_US - 2 * HOUR_US);
		expect(plan.cutoffUs.get(2)).toBe(NOW_US - 60_000_000);
		expect(plan.isIdle).toBe(false);
		expect(
			planRetention(
				{ global: {}, connections: {} },
				[{ id: 1, key: 'a', rows: 9, bytes: 9 }],
				NOW_US,
			).isIdle,
		).toBe(true);
	});
});

describe('pruning', () => {
	it('removes messages older than the maximum age, from the full-text index too', () => {
		history = createTestHistory();
		const a = history.source({ key: 'a' });
		history.add(a, [
			{ topic: 'old/1', timeUs: NOW_US - 3 * HOUR_US, text: 'needle old' },
			{ topic: 'old/2', timeUs: NOW_US - 2 * HOUR_US, text: 'needle old too' },
			{ topic: 'new/1', timeUs: NOW_US - HOUR_US / 2, text: 'needle new' },
			{ topic: 'new/2', timeUs: NOW_US, text: 'fresh' },
		]);
		const indexer = new FtsIndexer(history.db);
		expect(indexer.indexSome(100)).toBe(4);
		pruneAll(new Pruner(history.db), { global: { maxAgeMs: 3_600_000 }, connections: {} });
		expect(topicsLeft(history)).toEqual([`new/1@${NOW_US - HOUR_US / 2}`, `new/2@${NOW_US}`]);
		const reader = new HistoryReader(history.db);
		const found = new HistorySearch(reader, { text: 'needle' }).page(null, {
			limit: 10,
			maxScan: 100,
			previewBytes: 100,
			indexedUpTo: indexer.indexedUpTo,
		});
		expect(found.items.map((item) => item.topic)).toEqual(['new/1']);
		expect(reader.connections()[0]).toMatchObject({ rows: 2 });
	});

	it('keeps a connection within its byte limit, oldest first, in chunks, and leaves others alone', () => {
		history = createTestHistory();
		const busy = history.source({ key: 'busy' });
		const quiet = history.source({ key: 'quiet' });
		const payload = new Uint8Array(1000 - ROW_OVERHEAD_BYTES);
		history.add(quiet, [{ topic: 'q', timeUs: 1, payload }]);
		history.add(
			busy,
			Array.from({ length: 100 }, (_, i) => ({ topic: `b/${i % 5}`, timeUs: 10 + i, payload })),
		);
		const steps = pruneAll(
			new Pruner(history.db),
			{ global: {}, connections: { busy: { maxBytes: 30_000 } } },
			25,
		);
		expect(steps).toEqual([25, 25, 20]);
		const reader = new HistoryReader(history.db);
		const [quietAfter, busyAfter] = [reader.connection(quiet), reader.connection(busy)];
		expect(busyAfter).toMatchObject({ rows: 30, bytes: 30_000 });
		expect(quietAfter).toMatchObject({ rows: 1, bytes: 1000 });
		const times = reader.rowsAfter(0, 1000).map((row) => row.time_us);
		expect(times).toEqual([1, ...Array.from({ length: 30 }, (_, i) => 80 + i)]);
	});

	it('never takes a topic below "keep at least N", whatever the global row limit says', () => {
		history = createTestHistory();
		const a = history.source({ key: 'a' });
		history.add(
			a,
			Array.from({ length: 30 }, (_, i) => ({ topic: `t/${i % 3}`, timeUs: i })),
		);
		pruneAll(new Pruner(history.db), { global: { maxRows: 5, keepPerTopic: 3 }, connections: {} });
		const left = new HistoryReader(history.db).rowsAfter(0, 100).map((row) => row.time_us);
		// The three newest of each topic: 21..29.
		expect(left).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29]);
	});

	it('is set through the recorder, applied by its worker, and kept in the file', async () => {
		history = createTestHistory();
		const path = history.path;
		history.db.close();
		const recorder = await HistoryRecorder.start({ path, pruneIntervalMs: 20 });
		if (!recorder.ok) throw new Error(recorder.error.message);
		const sink = recorder.value.sink({ key: 'live', name: 'live', kind: 'live' });
		const nowUs = Date.now() * 1000;
		for (let i = 0; i < 20; i++)
			sink.enqueue({ ...message(`r/${i}`, 'x'), timeUs: nowUs - (20 - i) * HOUR_US });
		await recorder.value.drain();
		const policy = { global: { maxAgeMs: 5.5 * 3_600_000 }, connections: {} };
		recorder.value.setRetention(policy);
		const reopened = createTestHistory(dirname(path));
		history = reopened;
		const reader = new HistoryReader(reopened.db);
		const { waitFor } = await import('../../helpers/wait');
		await waitFor(() => reader.connections()[0]?.rows === 5, 'messages older than 5.5 h pruned');
		expect(reader.rowsAfter(0, 100).map((row) => reader.topic(row.topic_id)?.name)).toEqual([
			'r/15',
			'r/16',
			'r/17',
			'r/18',
			'r/19',
		]);
		await recorder.value.close();
		const again = await HistoryRecorder.start({ path });
		if (!again.ok) throw new Error(again.error.message);
		expect(again.value.retention).toEqual(policy);
		await again.value.close();
	});
});
