/**
 * Which subscriptions a message matched: on MQTT 5 by the Subscription Identifiers the broker put
 * on it (exact), otherwise by matching the connection's granted filters against its topic here.
 */
import type { SubscriptionStatus } from '../../../shared/model/subscription';
import { matchTopic } from '../../../shared/mqtt/topic';

export interface MatchedSubscriptions {
	readonly statuses: readonly SubscriptionStatus[];
	/** `identifier`: from the message's Subscription Identifiers; `filter`: matched locally. */
	readonly by: 'identifier' | 'filter';
}

export function matchedSubscriptions(
	statuses: readonly SubscriptionStatus[],
	topic: string,
	identifiers: readonly number[] | undefined,
): MatchedSubscriptions {
	if (identifiers !== undefined && identifiers.length > 0) {
		return {
			statuses: statuses.filter(
				(s) => s.identifier !== undefined && identifiers.includes(s.identifier),
			),
			by: 'identifier',
		};
	}
	return {
		statuses: statuses.filter(
			(s) => s.outcome.kind === 'granted' && matchTopic(s.spec.filter, topic),
		),
		by: 'filter',
	};
}
