import { describe, expect, it } from 'vitest';
import { matchTopic } from '../../../shared/mqtt/topic';
import { explainTopicMatch } from '../../../shared/mqtt/topic-explain';

// filter, topic, matches, the reason given, the rule cited (if any)
const ROWS: readonly [string, string, boolean, string, string?][] = [
	['home/kitchen/temp', 'home/kitchen/temp', true, 'Every level is the same.'],
	['home/+/temp', 'home/kitchen/temp', true, "'+' matched 'kitchen' at the 2nd level."],
	[
		'+/+/temp',
		'home/kitchen/temp',
		true,
		"'+' matched 'home' at the 1st level; '+' matched 'kitchen' at the 2nd level.",
	],
	['home/+', 'home/', true, "'+' matched an empty level at the 2nd level."],
	['home/#', 'home/kitchen/temp', true, "'#' matched the remaining 2 levels 'kitchen/temp'."],
	['home/#', 'home', true, "'#' also matches the parent level: the topic ends at 'home'."],
	['#', 'anything/at/all', true, "'#' matches every topic."],
	[
		'home/+/#',
		'home/kitchen/temp',
		true,
		"'+' matched 'kitchen' at the 2nd level; '#' matched the remaining level 'temp'.",
	],
	[
		'home/kitchen/temp',
		'home/living/temp',
		false,
		"The 2nd level differs: the filter has 'kitchen', the topic 'living'.",
	],
	[
		'Home/kitchen',
		'home/kitchen',
		false,
		"The 1st level differs: the filter has 'Home', the topic 'home' (topics are case-sensitive).",
	],
	[
		'home/+',
		'home',
		false,
		"The topic has 1 level; '+' at the 2nd level needs a level there (it matches an empty one, not a missing one).",
	],
	[
		'home/kitchen/temp',
		'home/kitchen',
		false,
		"The topic has 2 levels; the filter needs a 3rd level 'temp'.",
	],
	[
		'home/+',
		'home/kitchen/temp',
		false,
		"The topic has 3 levels; the filter has 2 levels and does not end with '#'.",
	],
	[
		'#',
		'$SYS/broker/uptime',
		false,
		"Topics starting with '$' (such as $SYS) are not matched by a filter starting with a wildcard; subscribe to '$SYS/#' to get them.",
		'[MQTT-4.7.2-1]',
	],
	[
		'+/broker/uptime',
		'$SYS/broker/uptime',
		false,
		"Topics starting with '$' (such as $SYS) are not matched by a filter starting with a wildcard; subscribe to '$SYS/#' to get them.",
		'[MQTT-4.7.2-1]',
	],
	['$SYS/#', '$SYS/broker/uptime', true, "'#' matched the remaining 2 levels 'broker/uptime'."],
	[
		'$share/workers/jobs/+',
		'jobs/42',
		true,
		"Shared subscription of group 'workers', matched as 'jobs/+' (the broker gives each message to one member of the group): '+' matched '42' at the 2nd level.",
	],
	[
		'$share/workers/#',
		'$SYS/x',
		false,
		"Shared subscription of group 'workers', matched as '#' (the broker gives each message to one member of the group): topics starting with '$' (such as $SYS) are not matched by a filter starting with a wildcard; subscribe to '$SYS/#' to get them.",
		'[MQTT-4.7.2-1]',
	],
	[
		'$share/workers/jobs/1',
		'jobs/2',
		false,
		"Shared subscription of group 'workers', matched as 'jobs/1' (the broker gives each message to one member of the group): the 2nd level differs: the filter has '1', the topic '2'.",
	],
	[
		'a/#/b',
		'a/x/b',
		false,
		"The filter is not valid: '#' must be the last level",
		'[MQTT-4.7.1-1]',
	],
	[
		'a/+',
		'a/#',
		false,
		"Not a topic name: A topic name must not contain the wildcard '#'; wildcards are only for subscriptions.",
		'[MQTT-4.7.0-1]',
	],
];

describe('explainTopicMatch', () => {
	it.each(ROWS)('%s vs %s → %s', (filter, topic, isMatch, reason, rule) => {
		const answer = explainTopicMatch(filter, topic);
		expect(answer).toEqual({ topic, isMatch, reason, ...(rule ? { rule } : {}) });
	});

	it('agrees with matchTopic on every valid pair of a generated set', () => {
		const levels = ['a', 'b', '', '$x', '+', '#'];
		const pick = (seed: number, count: number, allowWildcards: boolean): string => {
			const parts: string[] = [];
			let n = seed;
			for (let i = 0; i < count; i++) {
				const choices = allowWildcards ? levels : levels.slice(0, 4);
				parts.push(choices[n % choices.length] ?? 'a');
				n = Math.floor(n / choices.length);
			}
			return parts.join('/');
		};
		let compared = 0;
		for (let seed = 0; seed < 1_296; seed++) {
			for (let count = 1; count <= 4; count++) {
				const filter = pick(seed, count, true);
				const topic = pick(seed * 7 + count, (seed % 4) + 1, false);
				const answer = explainTopicMatch(filter, topic);
				if (answer.reason.startsWith('The filter is not valid')) continue;
				if (answer.reason.startsWith('Not a topic name')) continue;
				expect(answer.isMatch, `${filter} vs ${topic}`).toBe(matchTopic(filter, topic));
				compared++;
			}
		}
		expect(compared).toBeGreaterThan(1_000);
	});
});
