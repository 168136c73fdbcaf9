/**
 * What to send when the wanted subscriptions change, and what the broker's capabilities allow.
 *
 * Pure: the Subscriber (subscriber.ts) holds the client and the state; these functions decide.
 */
import type { AppError } from '../../shared/result';
import type { Capabilities } from '../../shared/model/frames';
import { isSubscriptionEnabled, type SubscriptionSpec } from '../../shared/model/subscription';
import type { ProtocolLevel } from '../../shared/mqtt/protocol';
import { isFailureReasonCode, reasonCodeName } from '../../shared/mqtt/reason-codes';
import { findTopicFilterProblem, parseSharedFilter } from '../../shared/mqtt/topic';

export interface SubscriptionPlan {
	/** Enabled subscriptions the broker does not hold yet, or holds with other options. */
	readonly subscribe: readonly SubscriptionSpec[];
	/** Filters the broker holds that are no longer wanted (removed or disabled). */
	readonly unsubscribe: readonly string[];
}

/** The options that go on the wire for a subscription (isEnabled does not). */
function sameOptions(a: SubscriptionSpec, b: SubscriptionSpec): boolean {
	return (
		a.qos === b.qos &&
		(a.noLocal ?? false) === (b.noLocal ?? false) &&
		(a.retainAsPublished ?? false) === (b.retainAsPublished ?? false) &&
		(a.retainHandling ?? 0) === (b.retainHandling ?? 0)
	);
}

/** The difference between what the broker holds and what is wanted, as packets to send. */
export function planSubscriptions(
	active: ReadonlyMap<string, SubscriptionSpec>,
	wanted: readonly SubscriptionSpec[],
): SubscriptionPlan {
	const enabled = new Map<string, SubscriptionSpec>();
	for (const spec of wanted) if (isSubscriptionEnabled(spec)) enabled.set(spec.filter, spec);
	const subscribe = [...enabled.values()].filter((spec) => {
		const held = active.get(spec.filter);
		return held === undefined || !sameOptions(held, spec);
	});
	const unsubscribe = [...active.keys()].filter((filter) => !enabled.has(filter));
	return { subscribe, unsubscribe };
}

/**
 * The first reason a set of subscriptions cannot be sent at all (an invalid filter, a filter
 * twice), or null. Nothing is sent while one remains: an invalid filter never reaches the broker.
 */
export function checkSubscriptions(
	wanted: readonly SubscriptionSpec[],
	level: ProtocolLevel,
): AppError | null {
	const seen = new Set<string>();
	for (const spec of wanted) {
		const problem = findTopicFilterProblem(spec.filter, level);
		if (problem !== undefined) {
			return {
				code: 'invalid-topic-filter',
				message: `Subscription filter ${spec.filter || "''"}: ${problem.message}`,
				detail: problem.rule,
			};
		}
		if (seen.has(spec.filter)) {
			return {
				code: 'invalid-topic-filter',
				message: `The filter ${spec.filter} is listed twice: a broker holds one subscription per filter.`,
			};
		}
		seen.add(spec.filter);
		// [MQTT-3.8.3-4] No Local on a shared subscription is a protocol error.
		if (level === 5 && spec.noLocal === true && parseSharedFilter(spec.filter) !== undefined) {
			return {
				code: 'invalid-topic-filter',
				message: `Subscription ${spec.filter}: No Local cannot be set on a shared subscription [MQTT-3.8.3-4].`,
				detail: '[MQTT-3.8.3-4]',
			};
		}
	}
	return null;
}

/**
 * Why the broker cannot take this subscription, from what its CONNACK said, or null. Sending it
 * anyway would get a refusal, or from some brokers a DISCONNECT.
 */
export function unsupportedBy(spec: SubscriptionSpec, capabilities: Capabilities): string | null {
	const isShared = parseSharedFilter(spec.filter) !== undefined;
	if (
		isShared &&
		capabilities.protocolLevel === 5 &&
		!capabilities.sharedSubscriptionAvailable.value
	) {
		return `The broker says it has no shared subscriptions (CONNACK Shared Subscription Available = 0): it cannot take ${spec.filter}.`;
	}
	const inner = parseSharedFilter(spec.filter)?.filter ?? spec.filter;
	if (/(^|\/)[+#](\/|$)/.test(inner) && !capabilities.wildcardSubscriptionAvailable.value) {
		return `The broker says it takes no wildcard subscriptions (CONNACK Wildcard Subscription Available = 0): it cannot take ${spec.filter}.`;
	}
	return null;
}

/** The words for a refusing SUBACK code. */
export function describeRefusal(filter: string, code: number, level: ProtocolLevel): string {
	const reason = reasonCodeName(code, 'SUBACK', level) ?? 'Failure';
	return `The broker refused the subscription to ${filter}: ${reason.toLowerCase()} (reason ${code}). Check the broker's access rules for this user.`;
}

export function isRefusal(code: number): boolean {
	return isFailureReasonCode(code);
}
