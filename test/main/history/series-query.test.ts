/**
 * Chart series on a real SQLite file: the database's min/max down-sampling agrees with the
 * in-memory reference on the same points (read in steps, buckets merged across them), reads a
 * JSON path or the payload itself, counts what is not a number, finds a zoomed range's rows by
 * id, stops when aborted, and a topic's span comes from its first and last rows.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryReader } from '../../../main/history/history-reader';
import { readSeries, topicSpan } from '../../../main/history/series-query';
import { minMaxBuckets } from '../../../shared/history/series';
import { createTestHistory, type TestHistory } from './build-history';

const COUNT = 20_000;
const START_US = 1_700_000_000_000_000;
let history: TestHistory;
let reader: HistoryReader;
let jsonTopic: number;
let plainTopic: number;
let stateTopic: number;
const temps: { timeUs: number; value: number }[] = [];

beforeAll(() => {
	history = createTestHistory();
	const connection = history.source({ key: 'plant' });
	const messages = [];
	for (let i = 0; i < COUNT; i++) {
		const timeUs = START_US + i * 1_000;
		// A sawtooth with one spike, and every 100th message without the value.
		const value = i === 12_345 ? 1_000.5 : (i % 50) - 25 + 0.25;
		const hasValue = i % 100 !== 99;
		if (hasValue) temps.push({ timeUs, value });
		messages.push({
			topic: 'plant/line1',
			timeUs,
			text: hasValue
				? JSON.stringify({ data: { temp: value, list: [i, -i] } })
				: JSON.stringify({ data: { temp: 'offline' } }),
		});
		messages.push({ topic: 'plant/raw', timeUs, text: String(i % 7) });
	}
	messages.push({ topic: 'plant/raw', timeUs: START_US + COUNT * 1_000, text: 'not a number' });
	messages.push({ topic: 'plant/raw', timeUs: START_US + COUNT * 1_000 + 1, text: '{"x":' });
	messages.push({ topic: 'plant/state', timeUs: START_US, text: 'true' });
	messages.push({ topic: 'plant/state', timeUs: START_US + 1, text: '"on"' });
	messages.push({ topic: 'plant/state', timeUs: START_US + 2, text: 'false' });
	history.add(connection, messages);
	reader = new HistoryReader(history.db);
	jsonTopic = reader.topicId(connection, 'plant/line1') as number;
	plainTopic = reader.topicId(connection, 'plant/raw') as number;
	stateTopic = reader.topicId(connection, 'plant/state') as number;
});

afterAll(() => {
	history.db.close();
	rmSync(dirname(history.path), { recursive: true, force: true });
});

describe('chart series from the database', () => {
	it('down-samples a JSON path to min/max per bucket exactly as the reference does', async () => {
		const sinceUs = START_US;
		const untilUs = START_US + COUNT * 1_000;
		const series = await readSeries(
			reader,
			{
				topicId: jsonTopic,
				path: '$.data.temp',
				sinceUs,
				untilUs,
				buckets: 640,
			},
			{ stepRows: 777 },
		);
		expect(series?.buckets).toEqual(minMaxBuckets(temps, sinceUs, untilUs, 640));
		expect(series?.buckets.length).toBeLessThanOrEqual(640);
		expect(series?.points).toBe(temps.length);
		expect(series?.skipped).toBe(COUNT / 100);
		// The spike survives down-sampling 30 values into each pixel.
		expect(Math.max(...(series?.buckets ?? []).map((bucket) => bucket.max))).toBe(1_000.5);
	});

	it('reads array indexes and narrows to a time range', async () => {
		const sinceUs = START_US + 100 * 1_000;
		const untilUs = START_US + 110 * 1_000;
		const series = await readSeries(reader, {
			topicId: jsonTopic,
			path: '$.data.list[1]',
			sinceUs,
			untilUs,
			buckets: 5,
		});
		expect(series?.bucketUs).toBe(2_000);
		expect(series?.buckets.map((bucket) => [bucket.min, bucket.max, bucket.count])).toEqual([
			[-101, -100, 2],
			[-103, -102, 2],
			[-105, -104, 2],
			[-107, -106, 2],
			[-109, -108, 2],
		]);
		expect(series?.buckets[0]?.firstUs).toBe(sinceUs);
	});

	it('reads the payload itself as a number and counts what is not one', async () => {
		const span = topicSpan(reader, plainTopic);
		expect(span).toEqual({ firstUs: START_US, lastUs: START_US + COUNT * 1_000 + 1 });
		const series = await readSeries(reader, {
			topicId: plainTopic,
			path: '$',
			sinceUs: START_US,
			untilUs: START_US + COUNT * 1_000 + 2,
			buckets: 1,
		});
		expect(series?.buckets).toHaveLength(1);
		expect(series?.buckets[0]).toMatchObject({ min: 0, max: 6, count: COUNT });
		expect(series?.skipped).toBe(2);
	});

	it('answers no buckets for a path no message has', async () => {
		const series = await readSeries(reader, {
			topicId: jsonTopic,
			path: '$.nothing',
			sinceUs: START_US,
			untilUs: START_US + COUNT * 1_000,
			buckets: 100,
		});
		expect(series?.buckets).toEqual([]);
		expect(series?.skipped).toBe(COUNT);
	});

	it('has no span for a topic without rows', () => {
		expect(topicSpan(reader, 999_999)).toBeNull();
	});

	it('charts true and false as 1 and 0, and skips strings', async () => {
		const series = await readSeries(reader, {
			topicId: stateTopic,
			path: '$',
			sinceUs: START_US,
			untilUs: START_US + 3,
			buckets: 3,
		});
		expect(series?.buckets.map((bucket) => [bucket.index, bucket.min])).toEqual([
			[0, 1],
			[2, 0],
		]);
		expect(series?.skipped).toBe(1);
	});

	it('reads only the rows of a zoomed range, and stops when aborted', async () => {
		const sinceUs = START_US + 5_000 * 1_000;
		const untilUs = START_US + 5_010 * 1_000;
		const zoomed = await readSeries(
			reader,
			{ topicId: jsonTopic, path: '$.data.list[0]', sinceUs, untilUs, buckets: 1 },
			{ stepRows: 3 },
		);
		expect(zoomed?.buckets).toEqual([
			{ index: 0, min: 5_000, max: 5_009, count: 10, firstUs: sinceUs, lastUs: untilUs - 1_000 },
		]);
		const controller = new AbortController();
		controller.abort();
		const stopped = await readSeries(
			reader,
			{ topicId: jsonTopic, path: '$.data.temp', sinceUs: START_US, untilUs, buckets: 10 },
			{ signal: controller.signal },
		);
		expect(stopped).toBeNull();
	});
});
