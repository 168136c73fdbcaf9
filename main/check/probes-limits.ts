/**
 * Limit probes: the largest PUBLISH and the longest topic a broker takes. The stated limit is
 * checked at its value; an unstated one is searched for with a bounded number of attempts, each
 * failure costing a reconnect (brokers drop a client over a too-large packet) or a timeout.
 */
import type { CheckFinding } from '../../shared/model/broker-check';
import type { PublishRequest } from '../../shared/model/publish';
import { publishPacketBytes } from '../connections/publish-check';
import { searchLargest } from './bounded-search';
import {
	ackQos,
	bytesText,
	encoder,
	isEcho,
	listenOn,
	PROTOCOL_TOPIC_LIMIT,
	request,
	type ProbeContext,
} from './probe-context';
import { probeMarker } from './probe-session';

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
	if (got.kind === 'message') return true;
	// A broker may drop what it will not take without a word and stop answering the connection
	// (mosquitto 2.0's message_size_limit): the next attempt starts on a fresh connection.
	ctx.echoFilter = null;
	if (got.kind !== 'lost') await ctx.session.open(true);
	return false;
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
	const packetOf = (length: number): number =>
		publishPacketBytes(request(topicOf(length), encoder.encode(marker), ackQos(ctx)), ctx.level);
	let ceiling = PROTOCOL_TOPIC_LIMIT;
	if (largestPacket !== undefined) {
		ceiling = Math.max(shortest, Math.min(ceiling, largestPacket - packetOf(shortest) + shortest));
		// The remaining length's own size grows with the topic: step back until it fits.
		while (ceiling > shortest && packetOf(ceiling) > largestPacket) ceiling -= 1;
	}
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
			observed: `A message on a topic of ${bytesText(ceiling)} went through.`,
			isConsistent: true,
		};
	}
	return {
		...base,
		value: result.largestPassed,
		summary: `about ${bytesText(result.largestPassed)}`,
		observed: `A topic of ${bytesText(result.largestPassed)} went through, one of ${bytesText(result.smallestFailed)} did not (${result.attempts} attempts).`,
		isConsistent: true,
	};
}
