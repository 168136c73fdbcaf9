import { describe, expect, it } from 'vitest';
import {
	findTopicFilterProblem,
	findTopicNameProblem,
	matchTopic,
	validateTopicFilter,
	validateTopicName,
} from '../../../shared/mqtt/topic';

// filter, topic, expected, spec statement
const MATCHES: readonly [string, string, boolean, string][] = [
	['sport/tennis/player1/#', 'sport/tennis/player1', true, '[MQTT-4.7.1-1] # matches the parent'],
	['sport/tennis/player1/#', 'sport/tennis/player1/ranking', true, '4.7.1.2'],
	['sport/tennis/player1/#', 'sport/tennis/player1/score/wimbledon', true, '4.7.1.2'],
	['sport/#', 'sport', true, '4.7.1.2'],
	['#', 'any/topic/at/all', true, '4.7.1.2'],
	['sport/tennis/+', 'sport/tennis/player1', true, '4.7.1.3'],
	['sport/tennis/+', 'sport/tennis/player1/ranking', false, '4.7.1.3'],
	['sport/+', 'sport', false, '4.7.1.3'],
	['sport/+', 'sport/', true, '4.7.1.3: + matches an empty level'],
	['+/+', '/finance', true, '4.7.1.3'],
	['/+', '/finance', true, '4.7.1.3'],
	['+', '/finance', false, '4.7.1.3'],
	['+/tennis/#', 'sport/tennis', true, '4.7.1'],
	['#', '$SYS/broker/uptime', false, '[MQTT-4.7.2-1]'],
	['+/monitor/Clients', '$SYS/monitor/Clients', false, '[MQTT-4.7.2-1]'],
	['$SYS/#', '$SYS/monitor/Clients', true, '[MQTT-4.7.2-1]'],
	['$SYS/monitor/+', '$SYS/monitor/Clients', true, '[MQTT-4.7.2-1]'],
	['ACCOUNTS', 'Accounts', false, '4.7.3 case sensitive'],
	['a b/c', 'a b/c', true, '4.7.3 spaces allowed'],
	['$share/group/sport/+', 'sport/tennis', true, '4.8.2 shared subscription'],
	['$share/group/#', '$SYS/x', false, '[MQTT-4.7.2-1] through a share'],
	['a/b', 'a/b/c', false, 'exact'],
	['a/b/c', 'a/b', false, 'exact'],
];

describe('matchTopic', () => {
	it.each(MATCHES)('%s vs %s → %s (%s)', (filter, topic, expected) => {
		expect(matchTopic(filter, topic)).toBe(expected);
	});
});

// filter, rule broken (undefined when valid), level
const FILTERS: readonly [string, string | undefined, number][] = [
	['a/#', undefined, 5],
	['#', undefined, 5],
	['+', undefined, 5],
	['+/+/#', undefined, 5],
	['a/#/b', '[MQTT-4.7.1-1]', 5],
	['a/b#', '[MQTT-4.7.1-1]', 5],
	['a/b+', '[MQTT-4.7.1-2]', 5],
	['a/+b/c', '[MQTT-4.7.1-2]', 5],
	['a/#/b', '[MQTT-4.7.1-2]', 4],
	['a/b+', '[MQTT-4.7.1-3]', 4],
	['', '[MQTT-4.7.3-1]', 5],
	['a\u0000b', '[MQTT-4.7.3-2]', 5],
	['x'.repeat(65536), '[MQTT-4.7.3-3]', 5],
	['$share/g/a/+', undefined, 5],
	['$share//a', '[MQTT-4.8.2-1]', 5],
	['$share/g+/a', '[MQTT-4.8.2-2]', 5],
	['$share/g', '[MQTT-4.8.2-2]', 5],
	['$share/g/', '[MQTT-4.8.2-2]', 5],
	['$share/g/a/#/b', '[MQTT-4.7.1-1]', 5],
	['$share/g/a', undefined, 4],
];

describe('findTopicFilterProblem', () => {
	it.each(FILTERS)('%s → %s (level %i)', (filter, rule, level) => {
		expect(findTopicFilterProblem(filter, level)?.rule).toBe(rule);
	});
});

// topic, rule broken, level
const NAMES: readonly [string, string | undefined, number][] = [
	['a/b', undefined, 5],
	['/', undefined, 5],
	['$SYS/x', undefined, 5],
	['a/+', '[MQTT-4.7.0-1]', 5],
	['a/#', '[MQTT-4.7.0-1]', 5],
	['a/#', '[MQTT-4.7.1-1]', 4],
	['', '[MQTT-4.7.3-1]', 5],
	['a\u0000', '[MQTT-4.7.3-2]', 5],
	['€'.repeat(21846), '[MQTT-4.7.3-3]', 5],
	['€'.repeat(21845), undefined, 5],
];

describe('findTopicNameProblem', () => {
	it.each(NAMES)('%s → %s (level %i)', (topic, rule, level) => {
		expect(findTopicNameProblem(topic, level)?.rule).toBe(rule);
	});
});

describe('validators', () => {
	it('explain a misplaced # in plain words', () => {
		expect(validateTopicFilter('a/#/b')).toEqual({
			ok: false,
			error: {
				code: 'invalid-topic-filter',
				message: "'#' must be the last level",
				detail: '[MQTT-4.7.1-1]',
			},
		});
	});

	it('reject wildcards in topic names', () => {
		const result = validateTopicName('a/+');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error.code).toBe('invalid-topic');
	});

	it('accept valid input', () => {
		expect(validateTopicName('a/b')).toEqual({ ok: true, value: 'a/b' });
		expect(validateTopicFilter('a/+/#')).toEqual({ ok: true, value: 'a/+/#' });
	});
});

describe('matchTopic against level-by-level splitting', () => {
	/** The rule as levels: what matchTopic computes without splitting anything. */
	function reference(filter: string, topic: string): boolean {
		const inner = filter.startsWith('$share/') ? filter.slice(filter.indexOf('/', 7) + 1) : filter;
		if (topic.startsWith('$') && (inner.startsWith('+') || inner.startsWith('#'))) return false;
		const filterLevels = inner.split('/');
		const topicLevels = topic.split('/');
		for (let i = 0; i < filterLevels.length; i++) {
			const level = filterLevels[i];
			if (level === '#') return true;
			const topicLevel = topicLevels[i];
			if (topicLevel === undefined) return false;
			if (level !== '+' && level !== topicLevel) return false;
		}
		return filterLevels.length === topicLevels.length;
	}

	it('agrees on random filters and topics (empty levels, wildcards, $ topics, shares)', () => {
		let state = 21;
		const next = (): number => {
			state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
			return state / 2_147_483_648;
		};
		const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
		const words = ['', 'a', 'b', 'ab', '$SYS', 'x y'];
		const levels = (count: number, extra: readonly string[]): string[] =>
			Array.from({ length: count }, () => pick([...words, ...extra]));
		for (let i = 0; i < 20_000; i++) {
			const topic = levels(1 + Math.floor(next() * 4), []).join('/');
			const filterLevels = levels(1 + Math.floor(next() * 4), ['+', '+']);
			if (next() < 0.3) filterLevels.push('#');
			const filter = (next() < 0.1 ? '$share/g/' : '') + filterLevels.join('/');
			expect(matchTopic(filter, topic), `${filter} ${topic}`).toBe(reference(filter, topic));
		}
	});
});
