/**
 * Why a topic filter matches a topic name or not, in one sentence: the topic filter tester's
 * answer. Decides exactly as `matchTopic` does (a table test holds them together) and says which
 * rule decided: a level that differs, a missing or extra level, a wildcard, the `$` rule, a shared
 * subscription's prefix.
 */
import { findTopicFilterProblem, findTopicNameProblem, parseSharedFilter } from './topic';

export interface TopicMatchExplanation {
	readonly topic: string;
	readonly isMatch: boolean;
	/** Why, in plain words. */
	readonly reason: string;
	/** The specification statement that decided, when one did. */
	readonly rule?: string;
}

/** A level as shown in a sentence: quoted, and named when empty. */
function shown(level: string): string {
	return level === '' ? 'an empty level' : `'${level}'`;
}

function ordinal(n: number): string {
	const tens = n % 100;
	if (tens >= 11 && tens <= 13) return `${n}th`;
	return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

function levelsWord(count: number): string {
	return count === 1 ? '1 level' : `${count} levels`;
}

/** The answer for a filter that is valid and not shared (`inner` of a shared one). */
function explainLevels(inner: string, topic: string): Omit<TopicMatchExplanation, 'topic'> {
	// [MQTT-4.7.2-1] filters starting with a wildcard do not match topics starting with '$'.
	if (topic.startsWith('$') && (inner.startsWith('+') || inner.startsWith('#'))) {
		return {
			isMatch: false,
			reason: `Topics starting with '$' (such as $SYS) are not matched by a filter starting with a wildcard; subscribe to '${topic.split('/')[0] ?? '$SYS'}/#' to get them.`,
			rule: '[MQTT-4.7.2-1]',
		};
	}
	const filterLevels = inner.split('/');
	const topicLevels = topic.split('/');
	const wildcards: string[] = [];
	for (let i = 0; i < filterLevels.length; i++) {
		const level = filterLevels[i] ?? '';
		const topicLevel = topicLevels[i];
		if (level === '#') {
			const rest = topicLevels.slice(i);
			wildcards.push(
				i === 0
					? "'#' matches every topic"
					: rest.length === 0
						? `'#' also matches the parent level: the topic ends at ${shown(topicLevels[i - 1] ?? '')}`
						: rest.length === 1
							? `'#' matched the remaining level ${shown(rest[0] ?? '')}`
							: `'#' matched the remaining ${rest.length} levels '${rest.join('/')}'`,
			);
			return { isMatch: true, reason: `${capitalise(wildcards.join('; '))}.` };
		}
		if (topicLevel === undefined) {
			const needs =
				level === '+'
					? `'+' at the ${ordinal(i + 1)} level needs a level there (it matches an empty one, not a missing one)`
					: `the filter needs a ${ordinal(i + 1)} level ${shown(level)}`;
			return {
				isMatch: false,
				reason: `The topic has ${levelsWord(topicLevels.length)}; ${needs}.`,
			};
		}
		if (level === '+') {
			wildcards.push(`'+' matched ${shown(topicLevel)} at the ${ordinal(i + 1)} level`);
		} else if (level !== topicLevel) {
			const caseNote =
				level.toLowerCase() === topicLevel.toLowerCase() ? ' (topics are case-sensitive)' : '';
			return {
				isMatch: false,
				reason: `The ${ordinal(i + 1)} level differs: the filter has ${shown(level)}, the topic ${shown(topicLevel)}${caseNote}.`,
			};
		}
	}
	if (topicLevels.length > filterLevels.length) {
		return {
			isMatch: false,
			reason: `The topic has ${levelsWord(topicLevels.length)}; the filter has ${levelsWord(filterLevels.length)} and does not end with '#'.`,
		};
	}
	return {
		isMatch: true,
		reason:
			wildcards.length === 0 ? 'Every level is the same.' : `${capitalise(wildcards.join('; '))}.`,
	};
}

function capitalise(text: string): string {
	return text.length === 0 ? text : `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

/**
 * Whether `filter` matches `topic`, and why. An invalid filter or topic name matches nothing and
 * says what is wrong with it.
 */
export function explainTopicMatch(
	filter: string,
	topic: string,
	protocolLevel = 5,
): TopicMatchExplanation {
	const filterProblem = findTopicFilterProblem(filter, protocolLevel);
	if (filterProblem !== undefined) {
		return {
			topic,
			isMatch: false,
			reason: `The filter is not valid: ${filterProblem.message}`,
			rule: filterProblem.rule,
		};
	}
	const topicProblem = findTopicNameProblem(topic, protocolLevel);
	if (topicProblem !== undefined) {
		return {
			topic,
			isMatch: false,
			reason: `Not a topic name: ${topicProblem.message}`,
			rule: topicProblem.rule,
		};
	}
	const shared = parseSharedFilter(filter);
	if (shared === undefined) return { topic, ...explainLevels(filter, topic) };
	const inner = explainLevels(shared.filter, topic);
	return {
		topic,
		...inner,
		reason: `Shared subscription of group '${shared.shareName}', matched as '${shared.filter}' (the broker gives each message to one member of the group): ${inner.reason[0]?.toLowerCase() ?? ''}${inner.reason.slice(1)}`,
	};
}
