/**
 * Subscription probes: wildcard filters ('#' and '+'), subscription identifiers (MQTT 5) and
 * shared subscriptions, each compared with what the CONNACK states.
 */
import type { CheckFinding } from '../../shared/model/broker-check';
import {
	ackQos,
	encoder,
	isEcho,
	listenOn,
	request,
	statedFlag,
	why,
	yesNo,
	type ProbeContext,
} from './probe-context';
import { probeMarker } from './probe-session';

/** Wildcard subscriptions ('#' and '+'), and on MQTT 5 subscription identifiers. */
export async function probeWildcards(ctx: ProbeContext): Promise<CheckFinding[]> {
	const stated = statedFlag(ctx, ctx.capabilities.wildcardSubscriptionAvailable);
	const name = 'Wildcard subscriptions';
	let wildcard: CheckFinding;
	if (ctx.level === 5 && !ctx.capabilities.wildcardSubscriptionAvailable.value) {
		wildcard = {
			id: 'wildcard-subscriptions',
			name,
			value: false,
			summary: 'no',
			stated,
			observed: 'Not tried: the CONNACK says the broker takes no wildcard subscriptions.',
			isConsistent: true,
		};
	} else {
		const hash = `${ctx.base}/#`;
		const plus = `${ctx.base}/+/plus`;
		const statuses = await ctx.session.subscribe([
			{ filter: hash, qos: 2 },
			{ filter: plus, qos: 2 },
		]);
		const list = statuses.ok ? statuses.value : [];
		const refusals = list
			.filter((status) => status.outcome.kind !== 'granted')
			.map((status) =>
				status.outcome.kind === 'refused' || status.outcome.kind === 'unsupported'
					? status.outcome.message
					: `${status.spec.filter}: no answer`,
			);
		if (!statuses.ok || refusals.length > 0) {
			wildcard = {
				id: 'wildcard-subscriptions',
				name,
				value: false,
				summary: 'no',
				stated,
				observed: statuses.ok ? refusals.join(' ') : statuses.error.message,
				isConsistent: stated === null || stated.startsWith('not available'),
			};
		} else {
			const topic = `${ctx.base}/w/plus`;
			const marker = probeMarker();
			const got = await ctx.session.publishAndExpect(
				request(topic, encoder.encode(marker), ackQos(ctx)),
				isEcho(topic, marker),
			);
			ctx.hasWildcardEcho = got.kind === 'message';
			wildcard = {
				id: 'wildcard-subscriptions',
				name,
				value: got.kind === 'message',
				summary: got.kind === 'message' ? 'yes' : 'granted, but nothing arrived',
				stated,
				observed:
					got.kind === 'message'
						? `'${hash}' and '${plus}' were granted; a message to ${topic} came back through them.`
						: `'${hash}' and '${plus}' were granted, but a message to ${topic}: ${why(got)}.`,
				isConsistent: got.kind === 'message',
			};
		}
	}
	ctx.echoFilter = null;
	return [wildcard, await probeSubscriptionIdentifiers(ctx)];
}

async function probeSubscriptionIdentifiers(ctx: ProbeContext): Promise<CheckFinding> {
	const name = 'Subscription identifiers';
	if (ctx.level !== 5) {
		return {
			id: 'subscription-identifiers',
			name,
			value: false,
			summary: 'not in MQTT 3.1.1',
			stated: null,
			observed: 'An MQTT 5 feature.',
			isConsistent: true,
		};
	}
	const stated = statedFlag(ctx, ctx.capabilities.subscriptionIdentifiersAvailable);
	if (!ctx.capabilities.subscriptionIdentifiersAvailable.value) {
		return {
			id: 'subscription-identifiers',
			name,
			value: false,
			summary: 'no',
			stated,
			observed: 'Not tried: the CONNACK says the broker does not support them.',
			isConsistent: true,
		};
	}
	const topic = `${ctx.base}/ids`;
	ctx.echoFilter = null;
	const status = await listenOn(ctx, topic);
	const identifier = status?.identifier;
	const marker = probeMarker();
	const got = await ctx.session.publishAndExpect(
		request(topic, encoder.encode(marker), ackQos(ctx)),
		isEcho(topic, marker),
	);
	const ids = got.kind === 'message' ? (got.message.properties?.subscriptionIdentifiers ?? []) : [];
	const isBack = identifier !== undefined && ids.includes(identifier);
	return {
		id: 'subscription-identifiers',
		name,
		value: isBack,
		summary: isBack ? 'yes' : 'no',
		stated,
		observed:
			got.kind !== 'message'
				? `A message to ${topic}: ${why(got)}.`
				: isBack
					? `The subscription was sent with identifier ${identifier}; the message came back carrying it.`
					: `The subscription was sent with identifier ${identifier ?? '(none)'}; the message came back with ${ids.length === 0 ? 'none' : ids.join(', ')}.`,
		isConsistent: isBack,
	};
}

/** Shared subscriptions (`$share/group/filter`). */
export async function probeShared(ctx: ProbeContext): Promise<CheckFinding> {
	const stated = statedFlag(ctx, ctx.capabilities.sharedSubscriptionAvailable);
	const base = { id: 'shared-subscriptions', name: 'Shared subscriptions', stated } as const;
	if (ctx.level === 5 && !ctx.capabilities.sharedSubscriptionAvailable.value) {
		return {
			...base,
			value: false,
			summary: 'no',
			observed: 'Not tried: the CONNACK says Shared Subscription Available = 0.',
			isConsistent: true,
		};
	}
	const topic = `${ctx.base}/shared`;
	const filter = `$share/tscheck/${topic}`;
	// Only the shared subscription: a plain one would deliver the message whatever $share does.
	const statuses = await ctx.session.subscribe([{ filter, qos: 1 }]);
	ctx.echoFilter = null;
	const outcome = statuses.ok ? statuses.value[0]?.outcome : undefined;
	if (outcome?.kind !== 'granted') {
		const refusal = !statuses.ok
			? statuses.error.message
			: outcome?.kind === 'refused' || outcome?.kind === 'unsupported'
				? outcome.message
				: 'no answer';
		return {
			...base,
			value: false,
			summary: 'no',
			observed: refusal,
			isConsistent: stated !== 'available',
		};
	}
	const marker = probeMarker();
	const got = await ctx.session.publishAndExpect(
		request(topic, encoder.encode(marker), ackQos(ctx)),
		isEcho(topic, marker),
	);
	return {
		...base,
		value: got.kind === 'message',
		summary: yesNo(got.kind === 'message'),
		observed:
			got.kind === 'message'
				? `${filter} was granted and received a message to ${topic}.`
				: `${filter} was granted, but a message to ${topic}: ${why(got)} (the broker may take '$share/…' as a plain topic).`,
		isConsistent: got.kind === 'message',
	};
}
