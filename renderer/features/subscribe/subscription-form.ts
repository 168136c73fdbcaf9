/**
 * The subscription form's rules and words, pure: what is wrong with a filter before anything is
 * sent (the rules of shared/mqtt/topic.ts, then the set's own), the spec it stands for, and the
 * broker's answer in words.
 */
import type { SubscriptionSpec, SubscriptionStatus } from '../../../shared/model/subscription';
import type { QoS } from '../../../shared/mqtt/protocol';
import { findTopicFilterProblem, parseSharedFilter } from '../../../shared/mqtt/topic';

export interface SubscriptionForm {
	filter: string;
	qos: QoS;
	noLocal: boolean;
	retainAsPublished: boolean;
	retainHandling: 0 | 1 | 2;
}

/** A new subscription: QoS 2 so each message arrives with the QoS it was published with. */
export const NEW_FORM: SubscriptionForm = {
	filter: '',
	qos: 2,
	noLocal: false,
	retainAsPublished: true,
	retainHandling: 0,
};

/** What is wrong with the form, or null: the filter rules of shared/mqtt/topic.ts, then the set's. */
export function checkSubscriptionForm(
	form: SubscriptionForm,
	level: number,
	others: readonly SubscriptionSpec[],
): string | null {
	const problem = findTopicFilterProblem(form.filter, level);
	if (problem) return problem.message;
	if (others.some((spec) => spec.filter === form.filter)) {
		return 'This filter is in the list already: edit that row instead.';
	}
	if (level === 5 && form.noLocal && parseSharedFilter(form.filter) !== undefined) {
		return 'No Local cannot be set on a shared subscription [MQTT-3.8.3-4].';
	}
	return null;
}

/** The spec the form stands for; MQTT 5 options only on MQTT 5. */
export function specOfForm(
	form: SubscriptionForm,
	level: number,
	isEnabled = true,
): SubscriptionSpec {
	return {
		filter: form.filter,
		qos: form.qos,
		...(level === 5
			? {
					noLocal: form.noLocal,
					retainAsPublished: form.retainAsPublished,
					retainHandling: form.retainHandling,
				}
			: {}),
		...(isEnabled ? {} : { isEnabled: false }),
	};
}

/** The broker's answer for a row, in words. */
export function describeOutcome(status: SubscriptionStatus, isConnected: boolean): string {
	const outcome = status.outcome;
	switch (outcome.kind) {
		case 'disabled':
			return 'Disabled: kept in the list, not subscribed.';
		case 'pending':
			return isConnected ? 'Waiting for the broker’s answer…' : 'Sent when the connection is up.';
		case 'granted':
			return outcome.qos === outcome.requestedQos
				? `Granted at QoS ${outcome.qos}.`
				: `Granted at QoS ${outcome.qos}: the broker downgraded it from QoS ${outcome.requestedQos}.`;
		case 'refused':
		case 'unsupported':
			return outcome.message;
	}
}
