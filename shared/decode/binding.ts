/**
 * Bindings: "always decode messages matching <filter> as …", kept in the app's data folder. When
 * several filters match a topic, the most specific one wins (see `compareSpecificity`).
 */
import * as v from 'valibot';
import { err, ok, type Result } from '../result';
import { findTopicFilterProblem, matchTopic, parseSharedFilter } from '../mqtt/topic';
import { DecoderSchema, type Decoder } from './decoder';

export const BindingSchema = v.strictObject({
	filter: v.pipe(v.string(), v.minLength(1), v.maxLength(65_535)),
	decoder: DecoderSchema,
});

export interface Binding {
	readonly filter: string;
	readonly decoder: Decoder;
}

/** A binding's filter is a topic filter as in SUBSCRIBE, but not a shared one (no broker sees it). */
export function validateBindingFilter(filter: string): Result<string> {
	if (parseSharedFilter(filter) !== undefined || filter.startsWith('$share/')) {
		return err(
			'invalid-topic-filter',
			"A binding's filter matches topics, not subscriptions: leave out '$share/<name>/'.",
		);
	}
	const problem = findTopicFilterProblem(filter);
	if (problem !== undefined) {
		return err('invalid-topic-filter', problem.message, { detail: problem.rule });
	}
	return ok(filter);
}

/** How specific one level of a filter is: a name beats '+', which beats '#'. */
function levelRank(level: string | undefined): number {
	if (level === undefined) return 3; // the filter ended: it matched the topic level for level
	if (level === '#') return 0;
	if (level === '+') return 1;
	return 2;
}

/**
 * Orders two filters that match the same topic, most specific first (negative when `a` is more
 * specific).
 *
 * The rule: compare level by level from the left; at the first level where they differ, a name
 * beats '+', '+' beats '#', and a filter that ends there (it matched every level of the topic)
 * beats a '#' that stands for nothing. So for `plant/line1/temp`, `plant/line1/+` wins over
 * `plant/+/temp` (its second level is a name), which wins over `plant/#`. Two matching filters
 * that never differ are the same filter; the tie goes to the shorter text for a total order.
 */
export function compareSpecificity(a: string, b: string): number {
	const levelsA = a.split('/');
	const levelsB = b.split('/');
	const count = Math.max(levelsA.length, levelsB.length);
	for (let i = 0; i < count; i++) {
		const difference = levelRank(levelsB[i]) - levelRank(levelsA[i]);
		if (difference !== 0) return difference;
	}
	return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The binding for `topic`: the most specific of those whose filter matches it, or null. */
export function findBinding(bindings: readonly Binding[], topic: string): Binding | null {
	let best: Binding | null = null;
	for (const binding of bindings) {
		if (!matchTopic(binding.filter, topic)) continue;
		if (best === null || compareSpecificity(binding.filter, best.filter) < 0) best = binding;
	}
	return best;
}
