/**
 * The broker check's probes: each asks the broker to do one thing over the check's own session
 * (subscribe with a wildcard, keep a retained message, take a PUBLISH of a size…) and compares
 * what happened with what the CONNACK states. Every probe answers a CheckFinding; none throws.
 *
 * Over 300 lines because the nine findings read best side by side: each is short, and they share
 * the context (the echo subscription, the QoS that gets acknowledgements, the words for limits).
 */
import type { CheckFinding } from '../../shared/model/broker-check';
import type { Capabilities, Capability } from '../../shared/model/frames';
import type { MqttMessage } from '../../shared/model/message';
import type { PublishRequest } from '../../shared/model/publish';
import type { SubscriptionStatus } from '../../shared/model/subscription';
import type { ProtocolLevel, QoS } from '../../shared/mqtt/protocol';
import { ok } from '../../shared/result';
import { publishPacketBytes } from '../connections/publish-check';
import { searchLargest } from './bounded-search';
import { probeMarker, startsWithMarker, type Awaited, type ProbeSession } from './probe-session';

/** The longest string MQTT can carry: a topic's limit before any broker's [MQTT-1.5.4]. */
export const PROTOCOL_TOPIC_LIMIT = 65_535;

export interface ProbeContext {
	readonly session: ProbeSession;
	/** Every test topic is below this one. */
	readonly base: string;
	readonly level: ProtocolLevel;
	/** The CONNACK of the check's session. */
	readonly capabilities: Capabilities;
	readonly requestedKeepAliveSeconds: number;
	/** The largest PUBLISH the size probe sends. */
	readonly maxProbeBytes: number;
	/** The most attempts a size search makes. */
	readonly maxSearchAttempts: number;
	/** Set by the wildcard probe: `<base>/#` brings back every test message. */
	hasWildcardEcho: boolean;
	/** The filter the echo subscription holds now, or null when it must be sent again. */
	echoFilter: string | null;
	/** Retained test messages published, to clear at the end. */
	readonly retainedTopics: string[];
}

const encoder = new TextEncoder();

function bytesText(value: number): string {
	if (value >= 1024 * 1024 && value % (1024 * 1024) === 0) return `${value / (1024 * 1024)} MiB`;
	return `${value.toLocaleString('en-US')} bytes`;
}

function yesNo(value: boolean): string {
	return value ? 'yes' : 'no';
}

/** The CONNACK's word on a flag: null on 3.1.1, "not stated (…)" when left out. */
function statedFlag(ctx: ProbeContext, capability: Capability<boolean>): string | null {
	if (ctx.level !== 5) return null;
	return capability.isDefault
		? 'not stated (the default: available)'
		: capability.value
			? 'available'
			: 'not available';
}

/** The QoS whose acknowledgement says the broker took a message: 1, or 0 when that is all it takes. */
function ackQos(ctx: ProbeContext): QoS {
	return ctx.capabilities.maximumQoS.value >= 1 ? 1 : 0;
}

function why(result: Awaited): string {
	switch (result.kind) {
		case 'message':
			return 'it arrived';
		case 'refused':
			return result.error.message;
		case 'lost':
			return `the broker closed the connection (${result.error.message})`;
		case 'timeout':
			return result.outcome?.kind === 'acknowledged'
				? `the broker acknowledged it (${result.outcome.reasonName.toLowerCase()}) but it did not come back in time`
				: 'it did not come back in time';
	}
}

function isEcho(topic: string, marker: string, length?: number): (m: MqttMessage) => boolean {
	return (message) =>
		message.topic === topic &&
		startsWithMarker(message.payload, marker) &&
		(length === undefined || message.payload.length === length);
}

/** Makes sure a subscription brings `topic` back: `<base>/#` when wildcards work, else the topic. */
async function listenOn(ctx: ProbeContext, topic: string): Promise<SubscriptionStatus | null> {
	const filter = ctx.hasWildcardEcho ? `${ctx.base}/#` : topic;
	if (ctx.echoFilter === filter && ctx.session.isConnected) return null;
	const statuses = await ctx.session.subscribe([{ filter, qos: 2 }]);
	ctx.echoFilter = filter;
	return statuses.ok ? (statuses.value[0] ?? null) : null;
}

function request(topic: string, payload: Uint8Array, qos: QoS, retain = false): PublishRequest {
	return { topic, payload, qos, retain };
}

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

/** The highest QoS a message goes through with, end to end. */
export async function probeQos(ctx: ProbeContext): Promise<CheckFinding> {
	const statedMax = ctx.capabilities.maximumQoS;
	const stated =
		ctx.level !== 5
			? null
			: statedMax.isDefault
				? 'not stated (the default: QoS 2)'
				: `QoS ${statedMax.value}`;
	const topic = `${ctx.base}/qos`;
	await listenOn(ctx, topic);
	const passed: QoS[] = [];
	const notes: string[] = [];
	for (const qos of [0, 1, 2] as const) {
		if (qos > statedMax.value) break;
		const marker = probeMarker();
		const got = await ctx.session.publishAndExpect(
			request(`${topic}/${qos}`, encoder.encode(marker), qos),
			isEcho(`${topic}/${qos}`, marker),
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

/** A PUBLISH on `topic` of exactly `size` bytes on the wire (as close as the sizes allow). */
function sizedRequest(
	ctx: ProbeContext,
	topic: string,
	size: number,
	marker: string,
): PublishRequest {
	const qos = ackQos(ctx);
	const empty = request(topic, new Uint8Array(0), qos);
	let length = Math.max(marker.length, size - publishPacketBytes(empty, ctx.level));
	// The remaining length's own size grows with the payload: step back until it fits.
	while (
		length > marker.length &&
		publishPacketBytes({ ...empty, payload: new Uint8Array(length) }, ctx.level) > size
	) {
		length -= 1;
	}
	const payload = new Uint8Array(length).fill(0x2e);
	payload.set(encoder.encode(marker));
	return { ...empty, payload };
}

/** Sends a PUBLISH and says whether it came back whole. */
async function goesThrough(
	ctx: ProbeContext,
	publish: PublishRequest,
	marker: string,
): Promise<boolean> {
	// Big packets take longer on slow links: a second more per MiB.
	const timeoutMs =
		ctx.session.timeoutMs + Math.ceil(publish.payload.length / (1024 * 1024)) * 1000;
	await listenOn(ctx, publish.topic);
	const got = await ctx.session.publishAndExpect(
		publish,
		isEcho(publish.topic, marker, publish.payload.length),
		timeoutMs,
	);
	if (got.kind === 'lost') ctx.echoFilter = null;
	return got.kind === 'message';
}

/** The Maximum Packet Size: the stated one checked, or the largest found (bounded search). */
export async function probePacketSize(
	ctx: ProbeContext,
): Promise<{ finding: CheckFinding; largest: number | undefined }> {
	const statedLimit = ctx.level === 5 ? ctx.capabilities.maximumPacketSizeBytes.value : undefined;
	const stated =
		ctx.level !== 5
			? null
			: statedLimit === undefined
				? "not stated (no limit but the protocol's)"
				: bytesText(statedLimit);
	const topic = `${ctx.base}/size`;
	const smallest = publishPacketBytes(
		request(topic, encoder.encode(probeMarker()), ackQos(ctx)),
		ctx.level,
	);
	const ceiling = Math.min(statedLimit ?? ctx.maxProbeBytes, ctx.maxProbeBytes);
	const sizes = new Map<number, number>();
	const result = await searchLargest(smallest, ceiling, ctx.maxSearchAttempts, async (size) => {
		const marker = probeMarker();
		const publish = sizedRequest(ctx, topic, size, marker);
		sizes.set(size, publishPacketBytes(publish, ctx.level));
		return goesThrough(ctx, publish, marker);
	});
	const base = { id: 'maximum-packet-size', name: 'Maximum packet size', stated } as const;
	const tried = (size: number): number => sizes.get(size) ?? size;
	if (result.smallestFailed === null) {
		const isAll = statedLimit !== undefined && ceiling === statedLimit;
		return {
			largest: statedLimit,
			finding: {
				...base,
				value: statedLimit ?? null,
				summary:
					statedLimit === undefined
						? `no limit found up to ${bytesText(ceiling)}`
						: bytesText(statedLimit),
				observed: isAll
					? `A PUBLISH of ${bytesText(tried(ceiling))}, the stated limit, went through.`
					: `A PUBLISH of ${bytesText(tried(ceiling))} went through; larger ones were not tried.`,
				isConsistent: true,
			},
		};
	}
	const largest = tried(result.largestPassed);
	return {
		largest,
		finding: {
			...base,
			value: largest,
			summary: `about ${bytesText(largest)}`,
			observed: `${bytesText(largest)} went through, ${bytesText(tried(result.smallestFailed))} did not (${result.attempts} attempts${statedLimit === undefined ? '' : ', below the stated limit'}).`,
			isConsistent: statedLimit === undefined,
		},
	};
}

/** The longest topic a broker takes: the protocol's 65,535 bytes, or less (bounded search). */
export async function probeTopicLength(
	ctx: ProbeContext,
	largestPacket: number | undefined,
): Promise<CheckFinding> {
	const prefix = `${ctx.base}/t/`;
	const marker = probeMarker();
	const topicOf = (length: number): string =>
		prefix + 'x'.repeat(Math.max(1, length - prefix.length));
	const shortest = prefix.length + 1;
	// A packet limit caps the topic too: what is left after the header, properties and payload.
	const withoutTopic = publishPacketBytes(
		request('', encoder.encode(marker), ackQos(ctx)),
		ctx.level,
	);
	const packetRoom =
		largestPacket === undefined ? PROTOCOL_TOPIC_LIMIT : largestPacket - withoutTopic;
	const ceiling = Math.max(shortest, Math.min(PROTOCOL_TOPIC_LIMIT, packetRoom));
	const result = await searchLargest(shortest, ceiling, ctx.maxSearchAttempts, (length) => {
		const probe = probeMarker();
		return goesThrough(ctx, request(topicOf(length), encoder.encode(probe), ackQos(ctx)), probe);
	});
	const base = { id: 'maximum-topic-length', name: 'Maximum topic length', stated: null } as const;
	if (result.smallestFailed === null) {
		return {
			...base,
			value: ceiling,
			summary:
				ceiling === PROTOCOL_TOPIC_LIMIT
					? "65,535 bytes (the protocol's limit)"
					: `${bytesText(ceiling)} (what the packet size allows)`,
			observed: `A message to a ${bytesText(ceiling)} topic went through.`,
			isConsistent: true,
		};
	}
	return {
		...base,
		value: result.largestPassed,
		summary: `about ${bytesText(result.largestPassed)}`,
		observed: `A ${bytesText(result.largestPassed)} topic went through, ${bytesText(result.smallestFailed)} did not (${result.attempts} attempts).`,
		isConsistent: true,
	};
}
