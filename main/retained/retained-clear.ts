/**
 * Clearing retained messages and publishing them again (undo), topic by topic, over a
 * `Connection`: plain functions the app and `topicscope` share.
 *
 * A clear is a zero-byte retained PUBLISH at QoS 1 (lower only when the broker's maximum QoS is 0),
 * so each topic's result is the broker's acknowledgement, not a hope. A restore publishes the
 * bytes, QoS and properties that were retained; subscription identifiers and a received topic
 * alias are the broker's numbering and are left out.
 */
import type { MessageProperties } from '../../shared/model/message';
import type { PublishOutcome, PublishRequest } from '../../shared/model/publish';
import type { RetainedTopicResult } from '../../shared/model/retained';
import type { QoS } from '../../shared/mqtt/protocol';
import type { Result } from '../../shared/result';

/** What a clear keeps of a retained message to publish it again. */
export interface RetainedSnapshotItem {
	readonly topic: string;
	readonly payload: Uint8Array;
	readonly qos: QoS;
	readonly properties: MessageProperties | undefined;
}

/** The part of a Connection these functions use. */
export interface RetainedPublisher {
	readonly capabilities: { readonly maximumQoS: { readonly value: QoS } } | null;
	publish(request: PublishRequest): Promise<Result<PublishOutcome>>;
}

/** Publishes at most this many at once: a subtree of thousands does not flood the socket. */
const CONCURRENCY = 64;

function describeOutcome(result: Result<PublishOutcome>): Omit<RetainedTopicResult, 'topic'> {
	if (!result.ok) return { isOk: false, message: result.error.message };
	const outcome = result.value;
	return outcome.kind === 'sent'
		? { isOk: true, message: 'sent (QoS 0: no acknowledgement)' }
		: { isOk: true, message: `acknowledged (${outcome.reasonName})` };
}

async function publishAll(
	requests: readonly PublishRequest[],
	connection: RetainedPublisher,
): Promise<RetainedTopicResult[]> {
	const results: RetainedTopicResult[] = new Array<RetainedTopicResult>(requests.length);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < requests.length) {
			const index = next++;
			const request = requests[index] as PublishRequest;
			results[index] = {
				topic: request.topic,
				...describeOutcome(await connection.publish(request)),
			};
		}
	};
	await Promise.all(Array.from({ length: Math.min(CONCURRENCY, requests.length) }, worker));
	return results;
}

/** Sends a zero-byte retained message to each topic; one result per topic, in order. */
export function clearRetained(
	connection: RetainedPublisher,
	topics: readonly string[],
): Promise<RetainedTopicResult[]> {
	const qos = Math.min(1, connection.capabilities?.maximumQoS.value ?? 1) as QoS;
	return publishAll(
		topics.map((topic) => ({ topic, payload: new Uint8Array(0), qos, retain: true })),
		connection,
	);
}

/** Publishes each snapshot item again as a retained message, as it was. */
export function restoreRetained(
	connection: RetainedPublisher,
	items: readonly RetainedSnapshotItem[],
): Promise<RetainedTopicResult[]> {
	const maximum = connection.capabilities?.maximumQoS.value ?? 2;
	return publishAll(
		items.map((item) => {
			let properties: PublishRequest['properties'];
			if (item.properties !== undefined) {
				const { subscriptionIdentifiers: _ids, topicAlias: _alias, ...rest } = item.properties;
				if (Object.keys(rest).length > 0) properties = rest;
			}
			return {
				topic: item.topic,
				payload: item.payload,
				qos: Math.min(item.qos, maximum) as QoS,
				retain: true,
				...(properties === undefined ? {} : { properties }),
			};
		}),
		connection,
	);
}
