/**
 * Message probes: the highest QoS that goes through end to end, retained messages, topic aliases
 * (MQTT 5), and the keep alive the broker holds the client to.
 */
import type { CheckFinding } from '../../shared/model/broker-check';
import type { QoS } from '../../shared/mqtt/protocol';
import { ok } from '../../shared/result';
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

/** The highest QoS a message goes through with, end to end. */
export async function probeQos(ctx: ProbeContext): Promise<CheckFinding> {
	const statedMax = ctx.capabilities.maximumQoS;
	const stated =
		ctx.level !== 5
			? null
			: statedMax.isDefault
				? 'not stated (the default: QoS 2)'
				: `QoS ${statedMax.value}`;
	// One topic for the three: without wildcards the echo subscription is this topic itself.
	const topic = `${ctx.base}/qos`;
	const passed: QoS[] = [];
	const notes: string[] = [];
	for (const qos of [0, 1, 2] as const) {
		if (qos > statedMax.value) break;
		// Again each time: a refused QoS may have cost the connection and its subscription.
		await listenOn(ctx, topic);
		const marker = probeMarker();
		const got = await ctx.session.publishAndExpect(
			request(topic, encoder.encode(marker), qos),
			isEcho(topic, marker),
		);
		if (got.kind === 'message') {
			passed.push(qos);
			if (got.message.qos < qos) notes.push(`QoS ${qos} came back at QoS ${got.message.qos}`);
		} else notes.push(`QoS ${qos}: ${why(got)}`);
	}
	const highest = passed.length === 0 ? null : (passed[passed.length - 1] ?? null);
	return {
		id: 'maximum-qos',
		name: 'Maximum QoS',
		value: highest,
		summary: highest === null ? 'nothing went through' : `QoS ${highest}`,
		stated,
		observed:
			(passed.length === 0
				? 'No test message came back.'
				: `Published at QoS ${passed.join(', ')} and received back.`) +
			(notes.length === 0 ? '' : ` ${notes.join('; ')}.`) +
			(statedMax.value < 2 ? ' Higher QoS not tried: the CONNACK forbids it.' : ''),
		isConsistent: highest === statedMax.value,
	};
}

/** Whether a retained message is kept and handed to a new subscription. */
export async function probeRetain(ctx: ProbeContext): Promise<CheckFinding> {
	const stated = statedFlag(ctx, ctx.capabilities.retainAvailable);
	const base = { id: 'retain', name: 'Retained messages', stated } as const;
	if (ctx.level === 5 && !ctx.capabilities.retainAvailable.value) {
		return {
			...base,
			value: false,
			summary: 'no',
			observed: 'Not tried: the CONNACK says Retain Available = 0.',
			isConsistent: true,
		};
	}
	const topic = `${ctx.base}/retain`;
	const marker = probeMarker();
	// No subscription may hold the topic: a new one must be what brings the retained message.
	await ctx.session.subscribe([]);
	ctx.echoFilter = null;
	const published = await ctx.session.publish(
		request(topic, encoder.encode(marker), ackQos(ctx), true),
	);
	if (!published.ok) {
		return {
			...base,
			value: false,
			summary: 'no',
			observed: `The retained publish was refused: ${published.error.message}`,
			isConsistent: stated === null || stated === 'not available',
		};
	}
	ctx.retainedTopics.push(topic);
	const got = await ctx.session.expect(
		(message) => message.retain && isEcho(topic, marker)(message),
		async (connection) => {
			const subscribed = await connection.setSubscriptions([{ filter: topic, qos: 1 }]);
			return subscribed.ok ? ok(null) : subscribed;
		},
	);
	ctx.echoFilter = topic;
	return {
		...base,
		value: got.kind === 'message',
		summary: yesNo(got.kind === 'message'),
		observed:
			got.kind === 'message'
				? 'A retained message was kept and sent to a new subscription, with its retain flag set.'
				: `A retained message was acknowledged, but a new subscription got nothing: ${why(got)}.`,
		isConsistent: got.kind === 'message',
	};
}

/** The Topic Alias Maximum, and whether a PUBLISH with an alias is taken. */
export async function probeTopicAlias(ctx: ProbeContext): Promise<CheckFinding> {
	const base = { id: 'topic-alias-maximum', name: 'Topic alias maximum' } as const;
	if (ctx.level !== 5) {
		return {
			...base,
			value: null,
			summary: 'not in MQTT 3.1.1',
			stated: null,
			observed: 'An MQTT 5 feature.',
			isConsistent: true,
		};
	}
	const maximum = ctx.capabilities.topicAliasMaximum;
	const stated = maximum.isDefault
		? 'not stated (the default: 0, no aliases)'
		: String(maximum.value);
	if (maximum.value === 0) {
		return {
			...base,
			value: 0,
			summary: '0 (no aliases)',
			stated,
			observed: 'Not tried: the broker takes no aliases.',
			isConsistent: true,
		};
	}
	const topic = `${ctx.base}/alias`;
	await listenOn(ctx, topic);
	const marker = probeMarker();
	const got = await ctx.session.publishAndExpect(
		{ ...request(topic, encoder.encode(marker), ackQos(ctx)), properties: { topicAlias: 1 } },
		isEcho(topic, marker),
	);
	return {
		...base,
		value: maximum.value,
		summary: String(maximum.value),
		stated,
		observed:
			got.kind === 'message'
				? `A PUBLISH setting alias 1 for ${topic} was taken and delivered under its topic.`
				: `A PUBLISH setting alias 1: ${why(got)}.`,
		isConsistent: got.kind === 'message',
	};
}

/** The keep alive the broker holds us to (MQTT 5 Server Keep Alive), read from the CONNACK. */
export function serverKeepAlive(ctx: ProbeContext): CheckFinding {
	const requested = ctx.requestedKeepAliveSeconds;
	const stated = ctx.level === 5 ? ctx.capabilities.serverKeepAliveSeconds.value : undefined;
	return {
		id: 'server-keep-alive',
		name: 'Server keep alive',
		value: stated ?? requested,
		summary: stated === undefined ? `${requested} s (as asked)` : `${stated} s`,
		stated:
			ctx.level !== 5
				? null
				: stated === undefined
					? 'not stated (the client’s keep alive holds)'
					: `${stated} s`,
		observed: `Asked for ${requested} s in CONNECT.`,
		isConsistent: true,
	};
}
