import { describe, expect, it } from 'vitest';
import {
	EMPTY_SEARCH,
	parseTimeField,
	toSearchQuery,
} from '../../../renderer/features/history/search-form';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('the search form as a query', () => {
	it('leaves out what is not asked', () => {
		expect(toSearchQuery(EMPTY_SEARCH, NOW)).toEqual({ ok: true, value: {} });
	});

	it('takes every condition', () => {
		const query = toSearchQuery(
			{
				topicFilter: ' plant/+/temp ',
				text: 'overheat',
				since: '2h',
				until: '2024-05-01T11:30:00Z',
				qos: [2, 1],
				retain: 'no',
				direction: 'in',
			},
			NOW,
		);
		expect(query).toEqual({
			ok: true,
			value: {
				topicFilter: 'plant/+/temp',
				text: 'overheat',
				sinceUs: (NOW - 7_200_000) * 1000,
				untilUs: Date.UTC(2024, 4, 1, 11, 30) * 1000,
				qos: [1, 2],
				retain: false,
				direction: 'in',
			},
		});
	});

	it('treats all three QoS levels as any', () => {
		const query = toSearchQuery({ ...EMPTY_SEARCH, qos: [0, 1, 2] }, NOW);
		expect(query).toEqual({ ok: true, value: {} });
	});

	it.each([
		[{ topicFilter: 'a/#/b' }, "'#'"],
		[{ since: 'yesterday' }, 'From: write a time'],
		[{ since: '1h', until: '2h' }, 'From must be before To'],
	])('refuses %j, saying why', (fields, words) => {
		const query = toSearchQuery({ ...EMPTY_SEARCH, ...fields }, NOW);
		expect(query.ok).toBe(false);
		if (!query.ok) expect(query.error.message).toContain(words);
	});

	it('reads a local date and time', () => {
		const local = parseTimeField('2024-05-01 08:15', 'From', NOW);
		expect(local).toEqual({ ok: true, value: new Date(2024, 4, 1, 8, 15).getTime() * 1000 });
		expect(parseTimeField('2024-02-30 08:15', 'From', NOW).ok).toBe(false);
	});
});
