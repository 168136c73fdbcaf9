/**
 * What the broker check's probes share: the context of one check (its session, test topic, the
 * CONNACK, the echo subscription) and the small helpers every probe uses.
 */
import type { Capabilities, Capability } from '../../shared/model/frames';
import type { MqttMessage } from '../../shared/model/message';
import type { PublishRequest } from '../../shared/model/publish';
import type { SubscriptionStatus } from '../../shared/model/subscription';
import type { ProtocolLevel, QoS } from '../../shared/mqtt/protocol';
import { startsWithMarker, type Awaited, type ProbeSession } from './probe-session';

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

export const encoder = new TextEncoder();

export function bytesText(value: number): string {
	if (value >= 1024 * 1024 && value % (1024 * 1024) === 0) return `${value / (1024 * 1024)} MiB`;
	return `${value.toLocaleString('en-US')} bytes`;
}

export function yesNo(value: boolean): string {
	return value ? 'yes' : 'no';
}

/** The CONNACK's word on a flag: null on 3.1.1, "not stated (…)" when left out. */
export function statedFlag(ctx: ProbeContext, capability: Capability<boolean>): string | null {
	if (ctx.level !== 5) return null;
	return capability.isDefault
		? 'not stated (the default: available)'
		: capability.value
			? 'available'
			: 'not available';
}

/** The QoS whose acknowledgement says the broker took a message: 1, or 0 when that is all it takes. */
export function ackQos(ctx: ProbeContext): QoS {
	return ctx.capabilities.maximumQoS.value >= 1 ? 1 : 0;
}

export function why(result: Awaited): string {
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

export function isEcho(
	topic: string,
	marker: string,
	length?: number,
): (m: MqttMessage) => boolean {
	return (message) =>
		message.topic === topic &&
		startsWithMarker(message.payload, marker) &&
		(length === undefined || message.payload.length === length);
}

/** Makes sure a subscription brings `topic` back: `<base>/#` when wildcards work, else the topic. */
export async function listenOn(
	ctx: ProbeContext,
	topic: string,
): Promise<SubscriptionStatus | null> {
	const filter = ctx.hasWildcardEcho ? `${ctx.base}/#` : topic;
	if (ctx.echoFilter === filter && ctx.session.isConnected) return null;
	const statuses = await ctx.session.subscribe([{ filter, qos: 2 }]);
	ctx.echoFilter = filter;
	return statuses.ok ? (statuses.value[0] ?? null) : null;
}

export function request(
	topic: string,
	payload: Uint8Array,
	qos: QoS,
	retain = false,
): PublishRequest {
	return { topic, payload, qos, retain };
}
