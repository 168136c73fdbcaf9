/**
 * Topic names, topic filters and matching (MQTT 5.0 section 4.7 and 4.8.2, 3.1.1 section 4.7).
 *
 * Checks return problems as values, never throw. Statement ids differ between 5.0 and 3.1.1 for the
 * same rule, so checks take the protocol level (default 5). Shared subscriptions are MQTT 5 only.
 */
import type { Result } from '../result';

export interface TopicProblem {
	/** Spec statement id of the broken rule. */
	readonly rule: string;
	readonly message: string;
	/** Index in the string of the offending character. */
	readonly index: number;
}

const MAX_TOPIC_BYTES = 65535;
const SHARE_PREFIX = '$share/';

function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x80) bytes += 1;
		else if (code < 0x800) bytes += 2;
		else if (code >= 0xd800 && code <= 0xdbff) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}

function commonProblem(text: string, what: string): TopicProblem | undefined {
	// [MQTT-4.7.3-1] topic names and filters are at least one character long.
	if (text.length === 0) {
		const message =
			what === 'topic filter'
				? "Empty filter: type a topic filter such as 'sensors/#'."
				: 'Empty topic: a topic name needs at least one character.';
		return { rule: '[MQTT-4.7.3-1]', message, index: 0 };
	}
	// [MQTT-4.7.3-2] no null character.
	const nul = text.indexOf('\u0000');
	if (nul >= 0) {
		return {
			rule: '[MQTT-4.7.3-2]',
			message: `A ${what} must not contain the null character U+0000.`,
			index: nul,
		};
	}
	// [MQTT-4.7.3-3] the UTF-8 encoding fits a two-byte length.
	if (text.length > MAX_TOPIC_BYTES / 3 && utf8Length(text) > MAX_TOPIC_BYTES) {
		return {
			rule: '[MQTT-4.7.3-3]',
			message: `A ${what} must not be longer than 65,535 bytes in UTF-8.`,
			index: 0,
		};
	}
	return undefined;
}

/** The first problem with a topic name (as in PUBLISH), or undefined when it is valid. */
export function findTopicNameProblem(topic: string, protocolLevel = 5): TopicProblem | undefined {
	const common = commonProblem(topic, 'topic name');
	if (common !== undefined) return common;
	for (let i = 0; i < topic.length; i++) {
		const c = topic.charCodeAt(i);
		// 5.0 [MQTT-4.7.0-1], 3.1.1 [MQTT-4.7.1-1]: wildcards belong in filters, not topic names.
		if (c === 0x2b || c === 0x23) {
			return {
				rule: protocolLevel === 5 ? '[MQTT-4.7.0-1]' : '[MQTT-4.7.1-1]',
				message: `A topic name must not contain the wildcard '${topic[i] ?? ''}'; wildcards are only for subscriptions.`,
				index: i,
			};
		}
	}
	return undefined;
}

function filterLevelsProblem(
	filter: string,
	offset: number,
	protocolLevel: number,
): TopicProblem | undefined {
	const hashRule = protocolLevel === 5 ? '[MQTT-4.7.1-1]' : '[MQTT-4.7.1-2]';
	const plusRule = protocolLevel === 5 ? '[MQTT-4.7.1-2]' : '[MQTT-4.7.1-3]';
	for (let i = 0; i < filter.length; i++) {
		const c = filter.charCodeAt(i);
		const levelStart = i === 0 || filter.charCodeAt(i - 1) === 0x2f;
		const levelEnd = i === filter.length - 1 || filter.charCodeAt(i + 1) === 0x2f;
		if (c === 0x23) {
			if (!levelStart) {
				return {
					rule: hashRule,
					message: "'#' must fill a whole level: put it after a '/' or use it alone.",
					index: offset + i,
				};
			}
			if (i !== filter.length - 1) {
				return { rule: hashRule, message: "'#' must be the last level", index: offset + i };
			}
		} else if (c === 0x2b && (!levelStart || !levelEnd)) {
			return {
				rule: plusRule,
				message: "'+' must fill a whole level, e.g. 'a/+/b', not 'a/b+'.",
				index: offset + i,
			};
		}
	}
	return undefined;
}

/** The first problem with a topic filter (as in SUBSCRIBE), or undefined when it is valid. */
export function findTopicFilterProblem(
	filter: string,
	protocolLevel = 5,
): TopicProblem | undefined {
	const common = commonProblem(filter, 'topic filter');
	if (common !== undefined) return common;
	if (protocolLevel === 5 && filter.startsWith(SHARE_PREFIX)) {
		const slash = filter.indexOf('/', SHARE_PREFIX.length);
		const shareName = filter.slice(SHARE_PREFIX.length, slash < 0 ? undefined : slash);
		// [MQTT-4.8.2-1] a ShareName of at least one character.
		if (shareName.length === 0) {
			return {
				rule: '[MQTT-4.8.2-1]',
				message: "A shared subscription needs a group name: '$share/<group>/<filter>'.",
				index: SHARE_PREFIX.length,
			};
		}
		// [MQTT-4.8.2-2] the ShareName has no '+' or '#' and is followed by '/' and a filter.
		const wildcard = shareName.search(/[+#]/);
		if (wildcard >= 0) {
			return {
				rule: '[MQTT-4.8.2-2]',
				message: "A shared subscription's group name must not contain '+' or '#'.",
				index: SHARE_PREFIX.length + wildcard,
			};
		}
		if (slash < 0 || slash === filter.length - 1) {
			return {
				rule: '[MQTT-4.8.2-2]',
				message: "A shared subscription needs a topic filter after the group name and '/'.",
				index: filter.length,
			};
		}
		return filterLevelsProblem(filter.slice(slash + 1), slash + 1, protocolLevel);
	}
	return filterLevelsProblem(filter, 0, protocolLevel);
}

/** Checks a topic name; the error's detail is the spec statement id for that level. */
export function validateTopicName(topic: string, protocolLevel = 5): Result<string> {
	const problem = findTopicNameProblem(topic, protocolLevel);
	if (problem === undefined) return { ok: true, value: topic };
	return {
		ok: false,
		error: { code: 'invalid-topic', message: problem.message, detail: problem.rule },
	};
}

/** Checks a topic filter; the error's detail is the spec statement id for that level. */
export function validateTopicFilter(filter: string, protocolLevel = 5): Result<string> {
	const problem = findTopicFilterProblem(filter, protocolLevel);
	if (problem === undefined) return { ok: true, value: filter };
	return {
		ok: false,
		error: { code: 'invalid-topic-filter', message: problem.message, detail: problem.rule },
	};
}

/** Splits '$share/group/a/b' into its share name and filter; undefined for other filters. */
export function parseSharedFilter(
	filter: string,
): { readonly shareName: string; readonly filter: string } | undefined {
	if (!filter.startsWith(SHARE_PREFIX)) return undefined;
	const slash = filter.indexOf('/', SHARE_PREFIX.length);
	if (slash < 0) return undefined;
	return { shareName: filter.slice(SHARE_PREFIX.length, slash), filter: filter.slice(slash + 1) };
}

/**
 * Whether a topic name matches a (valid) topic filter.
 *
 * A shared subscription matches as its inner filter. '#' also matches the parent level
 * ('a/#' matches 'a'); '+' matches one level, including an empty one. Runs once per message for
 * subscription counts and frame filters, so it walks both strings level by level in place,
 * splitting nothing.
 */
export function matchTopic(filter: string, topic: string): boolean {
	let f = 0;
	if (filter.startsWith(SHARE_PREFIX)) {
		const slash = filter.indexOf('/', SHARE_PREFIX.length);
		if (slash >= 0) f = slash + 1;
	}
	const first = filter.charCodeAt(f);
	// [MQTT-4.7.2-1] filters starting with a wildcard do not match topics starting with '$'.
	if (topic.charCodeAt(0) === 0x24 && (first === 0x2b || first === 0x23)) return false;
	const filterEnd = filter.length;
	const topicEnd = topic.length;
	let t = 0;
	// At the start of a level in both.
	for (;;) {
		const c = filter.charCodeAt(f);
		if (c === 0x23 && f + 1 === filterEnd) return true;
		if (c === 0x2b && (f + 1 === filterEnd || filter.charCodeAt(f + 1) === 0x2f)) {
			// '+' takes the whole topic level, whatever it holds.
			const slash = topic.indexOf('/', t);
			t = slash < 0 ? topicEnd : slash;
			f += 1;
		} else {
			let fLevelEnd = filter.indexOf('/', f);
			if (fLevelEnd < 0) fLevelEnd = filterEnd;
			let tLevelEnd = topic.indexOf('/', t);
			if (tLevelEnd < 0) tLevelEnd = topicEnd;
			if (fLevelEnd - f !== tLevelEnd - t) return false;
			for (; f < fLevelEnd; f++, t++) {
				if (filter.charCodeAt(f) !== topic.charCodeAt(t)) return false;
			}
		}
		// Both at a '/' or at their end.
		if (f === filterEnd) return t === topicEnd;
		if (t === topicEnd) {
			// The topic ended, the filter goes on: only '/#' matches the parent level.
			return f + 2 === filterEnd && filter.charCodeAt(f + 1) === 0x23;
		}
		f += 1;
		t += 1;
	}
}
