/**
 * Search on a real SQLite file: MQTT filter semantics (`+` one level, `#` with its parent, `$`
 * topics out of first-level wildcards), full text through the FTS5 trigram index and through the
 * scan of rows not indexed yet (the same answers), other conditions, and paging by key.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAG_OUT, FLAG_RETAIN } from '../../../main/history/batch-codec';
import { FtsIndexer } from '../../../main/history/fts-indexer';
import { HistoryReader } from '../../../main/history/history-reader';
import { HistorySearch } from '../../../main/history/search';
import type { HistorySearchQuery } from '../../../shared/model/history';
import { createTestHistory, type TestHistory } from './build-history';

const TOPICS = [
	'a',
	'a/b',
	'a/b/c',
	'a//b',
	'/a',
	'$SYS/broker/load',
	'$SYS',
	'sensors/kitchen/temp',
	'sensors/garage/temp',
	'sensors/garage/door',
];

let history: TestHistory;
let reader: HistoryReader;
let indexer: FtsIndexer;

function all(query: HistorySearchQuery, indexedUpTo: number, limit = 3, maxScan = 1000): string[] {
	const search = new HistorySearch(reader, query);
	const found: string[] = [];
	let beforeId: number | null = null;
	for (let pages = 0; pages < 100; pages++) {
		const page = search.page(beforeId, { limit, maxScan, previewBytes: 16, indexedUpTo });
		found.push(...page.items.map((item) => `${item.topic}#${item.id}`));
		if (page.isDone || page.nextBeforeId === null) return found;
		beforeId = page.nextBeforeId;
	}
	throw new Error('search did not finish in 100 pages');
}

const topics = (query: HistorySearchQuery) => [
	...new Set(all(query, indexer.indexedUpTo).map((hit) => hit.split('#')[0])),
];

beforeAll(() => {
	history = createTestHistory();
	const lab = history.source({ key: 'lab' });
	const field = history.source({ key: 'field' });
	history.add(
		lab,
		TOPICS.map((topic, i) => ({ topic, timeUs: 1000 + i, text: `reading ${i}`, flags: i % 3 })),
	);
	history.add(field, [
		{
			topic: 'sensors/kitchen/temp',
			timeUs: 2000,
			text: '{"temp": 21.5, "note": "Kitchen \\"warm\\""}',
		},
		{ topic: 'sensors/garage/door', timeUs: 2001, text: 'OPEN', flags: FLAG_RETAIN },
		{ topic: 'cmd/light', timeUs: 2002, text: 'on', flags: FLAG_OUT | 1 },
		{
			topic: 'sensors/garage/temp',
			timeUs: 2003,
			payload: Uint8Array.of(0, 159, 146, 150),
			propertiesJson: JSON.stringify({
				userProperties: [['site', 'Lyon-Part-Dieu']],
				contentType: 'application/octet-stream',
			}),
		},
	]);
	reader = new HistoryReader(history.db);
	indexer = new FtsIndexer(history.db);
});
afterAll(() => {
	history.db.close();
	rmSync(dirname(history.path), { recursive: true, force: true });
});

describe('history search: topic filters', () => {
	it.each([
		['a/+', ['a/b']],
		['a/#', ['a', 'a/b', 'a/b/c', 'a//b']],
		['a/+/b', ['a//b']],
		['+/+', ['a/b', '/a', 'cmd/light']],
		['+', ['a']],
		[
			'#',
			[
				'a',
				'a/b',
				'a/b/c',
				'a//b',
				'/a',
				'sensors/kitchen/temp',
				'sensors/garage/temp',
				'sensors/garage/door',
				'cmd/light',
			],
		],
		['+/broker/#', []],
		['$SYS/#', ['$SYS/broker/load', '$SYS']],
		['$SYS/+/load', ['$SYS/broker/load']],
		['sensors/+/temp', ['sensors/kitchen/temp', 'sensors/garage/temp']],
		['sensors/garage/temp', ['sensors/garage/temp']],
	])('%s matches %j', (filter, expected) => {
		expect(topics({ topicFilter: filter }).sort()).toEqual([...expected].sort());
	});

	it('returns newest first, without duplicates, across pages and connections', () => {
		const hits = all({ topicFilter: 'sensors/#' }, indexer.indexedUpTo, 2);
		const ids = hits.map((hit) => Number(hit.split('#')[1]));
		expect(ids).toEqual([...ids].sort((x, y) => y - x));
		expect(new Set(ids).size).toBe(ids.length);
		expect(hits.map((hit) => hit.split('#')[0])).toEqual([
			'sensors/garage/temp',
			'sensors/garage/door',
			'sensors/kitchen/temp',
			'sensors/garage/door',
			'sensors/garage/temp',
			'sensors/kitchen/temp',
		]);
	});

	it('filters by connection, time, QoS, retain and direction', () => {
		const field = reader.connectionByKey('field')?.id ?? -1;
		expect(topics({ connectionIds: [field], topicFilter: 'sensors/#' })).toEqual([
			'sensors/garage/temp',
			'sensors/garage/door',
			'sensors/kitchen/temp',
		]);
		expect(topics({ sinceUs: 1008, untilUs: 2000 })).toEqual([
			'sensors/kitchen/temp',
			'sensors/garage/door',
			'sensors/garage/temp',
		]);
		expect(topics({ retain: true })).toEqual(['sensors/garage/door']);
		expect(topics({ direction: 'out' })).toEqual(['cmd/light']);
		expect(topics({ qos: [2], topicFilter: 'a/#' }).sort()).toEqual(['a/b/c']);
	});
});

describe('history search: full text', () => {
	const cases: [string, HistorySearchQuery, string[]][] = [
		['a payload substring, any case', { text: 'KITCHEN \\"WARM' }, ['sensors/kitchen/temp']],
		['a quote in the text', { text: '"warm' }, ['sensors/kitchen/temp']],
		['a user property value', { text: 'part-dieu' }, ['sensors/garage/temp']],
		['the topic', { text: 'garage/do' }, ['sensors/garage/door']],
		['two characters (scanned, below the trigram size)', { text: 'op' }, ['sensors/garage/door']],
		['text and a filter together', { text: 'reading', topicFilter: 'a/+' }, ['a/b']],
		['nothing', { text: 'absent words' }, []],
	];

	it.each(cases)('finds %s the same before and after indexing', (_what, query, expected) => {
		const unindexed = all(query, 0, 2, 5);
		expect([...new Set(unindexed.map((hit) => hit.split('#')[0]))]).toEqual(expected);
		const fresh = new FtsIndexer(history.db);
		while (fresh.indexSome(3) > 0);
		const indexed = all(query, fresh.indexedUpTo, 2, 5);
		expect(indexed).toEqual(unindexed);
	});

	it('looks at a bounded number of rows per page and resumes where it stopped', () => {
		const search = new HistorySearch(reader, { text: 'zz' });
		const page = search.page(null, { limit: 10, maxScan: 4, previewBytes: 0, indexedUpTo: 0 });
		expect(page).toMatchObject({ items: [], scanned: 4, isDone: false });
		expect(page.nextBeforeId).toBe(reader.maxId() - 3);
	});
});
