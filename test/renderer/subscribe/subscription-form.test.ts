import { describe, expect, it } from 'vitest';
import type { SubscriptionStatus } from '../../../shared/model/subscription';
import { matchedSubscriptions } from '../../../renderer/features/subscribe/matched';
import {
	colorOf,
	SUBSCRIPTION_COLORS,
} from '../../../renderer/features/subscribe/subscription-colors';
import {
	checkSubscriptionForm,
	describeOutcome,
	NEW_FORM,
	specOfForm,
} from '../../../renderer/features/subscribe/subscription-form';

const form = (filter: string, noLocal = false) => ({ ...NEW_FORM, filter, noLocal });

describe('checkSubscriptionForm', () => {
	it.each([
		['a/#/b', 5, "'#' must be the last level"],
		['a/b+', 5, "'+' must fill a whole level, e.g. 'a/+/b', not 'a/b+'."],
		['', 5, "Empty filter: type a topic filter such as 'sensors/#'."],
		['$share//a', 5, "A shared subscription needs a group name: '$share/<group>/<filter>'."],
		['a/#/b', 4, "'#' must be the last level"],
		['taken/#', 5, 'This filter is in the list already: edit that row instead.'],
		['ok/+/fine', 5, null],
	])('%j on level %i → %s', (filter, level, expected) => {
		expect(checkSubscriptionForm(form(filter), level, [{ filter: 'taken/#', qos: 0 }])).toBe(
			expected,
		);
	});

	it('refuses No Local on a shared subscription on MQTT 5', () => {
		expect(checkSubscriptionForm(form('$share/g/a', true), 5, [])).toBe(
			'No Local cannot be set on a shared subscription [MQTT-3.8.3-4].',
		);
	});

	it('puts MQTT 5 options in the spec only on MQTT 5, and keeps a disabled row disabled', () => {
		expect(specOfForm(form('a'), 4)).toEqual({ filter: 'a', qos: 2 });
		expect(specOfForm(form('a'), 5, false)).toEqual({
			filter: 'a',
			qos: 2,
			noLocal: false,
			retainAsPublished: true,
			retainHandling: 0,
			isEnabled: false,
		});
	});
});

const status = (
	filter: string,
	identifier: number | undefined,
	outcome: SubscriptionStatus['outcome'] = { kind: 'granted', qos: 1, requestedQos: 1 },
): SubscriptionStatus => ({ spec: { filter, qos: 1 }, identifier, outcome, messageCount: 0 });

describe('the subscription rows and the message view', () => {
	it('says the broker answer in words, a downgrade named', () => {
		expect(describeOutcome(status('a', 1), true)).toBe('Granted at QoS 1.');
		expect(
			describeOutcome(status('a', 1, { kind: 'granted', qos: 0, requestedQos: 2 }), true),
		).toBe('Granted at QoS 0: the broker downgraded it from QoS 2.');
		expect(describeOutcome(status('a', 1, { kind: 'pending' }), false)).toBe(
			'Sent when the connection is up.',
		);
	});

	it('finds the matched subscriptions by identifier, else by filter among the granted', () => {
		const statuses = [
			status('home/#', 1),
			status('home/+/temp', 2),
			status('office/#', 3),
			status('home/kitchen/#', 4, { kind: 'disabled' }),
		];
		const byId = matchedSubscriptions(statuses, 'home/kitchen/temp', [2]);
		expect([byId.by, byId.statuses.map((s) => s.spec.filter)]).toEqual([
			'identifier',
			['home/+/temp'],
		]);
		const byFilter = matchedSubscriptions(statuses, 'home/kitchen/temp', undefined);
		expect([byFilter.by, byFilter.statuses.map((s) => s.spec.filter)]).toEqual([
			'filter',
			['home/#', 'home/+/temp'],
		]);
	});

	it('gives a filter the same colour every time, from the palette', () => {
		expect(colorOf('home/#')).toBe(colorOf('home/#'));
		expect(SUBSCRIPTION_COLORS).toContain(colorOf('office/+/x'));
		const colours = new Set(['a/1', 'a/2', 'a/3', 'a/4', 'a/5', 'a/6'].map(colorOf));
		expect(colours.size).toBeGreaterThan(2);
	});
});
