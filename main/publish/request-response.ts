/**
 * Request/response over one connection, like `mosquitto_rr` but safe against stale replies.
 *
 * MQTT 5: subscribe to the response topic first (Retain Handling 2, so no retained message is
 * delivered for it), publish the request with that Response Topic and fresh random Correlation
 * Data, and accept only a reply carrying the same Correlation Data. MQTT 3.1 and 3.1.1 carry no
 * properties: the responder must know the response topic by convention, and the first message on
 * it after the request that is not a retained one is taken as the reply (said in the result).
 *
 * Plain functions over a `Connection`, so `topicscope rr` can use them as the panel does.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { MqttMessage } from '../../shared/model/message';
import type { PublishOutcome, PublishRequest } from '../../shared/model/publish';
import { toHex } from '../../shared/mqtt/codec/hex';
import { findTopicNameProblem } from '../../shared/mqtt/topic';
import { err, ok, type Result } from '../../shared/result';
import { clockUs } from '../connections/clock';
import type { Connection } from '../connections/connection';

export interface RequestOptions {
	/** The request; its Response Topic and Correlation Data are set here. */
	readonly request: PublishRequest;
	/** Where replies are expected; generated when absent (MQTT 5 only). */
	readonly responseTopic?: string;
	readonly timeoutMs: number;
}

export interface RequestOutcome {
	readonly responseTopic: string;
	/** Null on MQTT 3.1 / 3.1.1: there, the next message on the response topic is the reply. */
	readonly correlationData: Uint8Array | null;
	readonly mode: 'correlation' | 'next-message';
	/** The broker's answer to the request itself. */
	readonly published: PublishOutcome;
	readonly reply: MqttMessage;
	/** From the request handed to the connection to the reply's bytes arriving. */
	readonly latencyUs: number;
	/** Messages on the response topic that were not the reply (other correlation data, retained). */
	readonly ignoredCount: number;
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
	if (a === undefined || a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
}

/**
 * The response topic to use: the one given, else one under the broker's Response Information
 * (CONNACK, when the profile asked for it), else a fresh one of ours.
 */
export function chooseResponseTopic(
	given: string | undefined,
	responseInformation?: string,
): string {
	if (given !== undefined && given !== '') return given;
	const unique = randomUUID();
	if (responseInformation !== undefined && responseInformation !== '') {
		return `${responseInformation.replace(/\/+$/, '')}/${unique}`;
	}
	return `topicscope/response/${unique}`;
}

/** Sends `options.request` and waits for its reply (see the module comment for the rules). */
export async function requestReply(
	connection: Connection,
	options: RequestOptions,
): Promise<Result<RequestOutcome>> {
	const capabilities = connection.capabilities;
	if (connection.state.kind !== 'connected' || capabilities === null) {
		return err('not-connected', 'Not connected: send the request once the connection is up.');
	}
	const isV5 = capabilities.protocolLevel === 5;
	if (!isV5 && (options.responseTopic === undefined || options.responseTopic === '')) {
		return err(
			'invalid-request',
			'MQTT 3.1 and 3.1.1 have no Response Topic property: give the topic the responder answers on.',
		);
	}
	const responseTopic = chooseResponseTopic(
		options.responseTopic,
		capabilities.responseInformation,
	);
	const topicProblem = findTopicNameProblem(responseTopic, capabilities.protocolLevel);
	if (topicProblem !== undefined) {
		return err(
			'invalid-topic',
			`Response topic ${responseTopic || "''"}: ${topicProblem.message}`,
			{
				detail: topicProblem.rule,
			},
		);
	}
	const correlationData = isV5 ? new Uint8Array(randomBytes(16)) : null;
	let ignoredCount = 0;
	let sentAtUs = Number.POSITIVE_INFINITY;
	let onReply: (message: MqttMessage) => void = () => {};
	const replied = new Promise<MqttMessage>((resolve) => (onReply = resolve));
	// Listen before subscribing: a reply may arrive before the SUBACK is handled.
	const stopListening = connection.onMessage((message) => {
		if (message.direction !== 'in' || message.topic !== responseTopic) return;
		const isReply =
			correlationData === null
				? // 3.1.1: the next live message after the request (a retained one is an old answer).
					!message.retain && message.timeUs >= sentAtUs
				: sameBytes(message.properties?.correlationData, correlationData);
		if (isReply) onReply(message);
		else ignoredCount += 1;
	});
	const qos = Math.min(1, capabilities.maximumQoS.value) as 0 | 1;
	try {
		const subscribed = await connection.subscribeTransient({
			filter: responseTopic,
			qos,
			...(isV5 ? { retainHandling: 2 as const } : {}),
		});
		if (!subscribed.ok) return subscribed;
		if (subscribed.value.kind === 'refused') {
			return err('subscribe-failed', subscribed.value.message, {
				reasonCode: subscribed.value.reasonCode,
			});
		}
		const request: PublishRequest =
			correlationData === null
				? options.request
				: {
						...options.request,
						properties: { ...options.request.properties, responseTopic, correlationData },
					};
		sentAtUs = clockUs();
		const published = await connection.publish(request);
		if (!published.ok) return published;
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<null>((resolve) => {
			timer = setTimeout(() => resolve(null), options.timeoutMs);
		});
		const reply = await Promise.race([replied, timedOut]);
		clearTimeout(timer);
		if (reply === null) {
			return err(
				'request-timeout',
				timeoutMessage(options, responseTopic, correlationData, ignoredCount),
			);
		}
		return ok({
			responseTopic,
			correlationData,
			mode: isV5 ? 'correlation' : 'next-message',
			published: published.value,
			reply,
			latencyUs: Math.max(0, reply.timeUs - sentAtUs),
			ignoredCount,
		});
	} finally {
		stopListening();
		await connection.unsubscribeTransient(responseTopic);
	}
}

function timeoutMessage(
	options: RequestOptions,
	responseTopic: string,
	correlationData: Uint8Array | null,
	ignoredCount: number,
): string {
	const seconds = (options.timeoutMs / 1000).toLocaleString('en-US');
	const what =
		correlationData === null
			? `no message arrived on ${responseTopic}`
			: `no reply with correlation data ${toHex(correlationData)} arrived on ${responseTopic}`;
	const ignored =
		ignoredCount === 0
			? ''
			: ` ${ignoredCount} other message${ignoredCount === 1 ? ' was' : 's were'} ignored there (${correlationData === null ? 'retained' : 'other or no correlation data'}).`;
	return `No reply within ${seconds} s: ${what}.${ignored} Check that a responder listens on ${options.request.topic}.`;
}
