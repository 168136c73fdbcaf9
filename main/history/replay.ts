/**
 * Replays stored messages to a broker: at the original timing, scaled (×N), or as fast as the
 * broker takes them; topics optionally rewritten (a prefix replaced), retain flags optionally
 * stripped; a dry run says what would be sent without sending. Stops when its signal aborts.
 *
 * Timing is kept against the wall clock from the start (each message is due at
 * start + (its time − first time) / speed), so waits do not add up drift.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageProperties } from '../../shared/model/message';
import type { QoS } from '../../shared/mqtt/protocol';
import { validateTopicName } from '../../shared/mqtt/topic';
import type { Result } from '../../shared/result';
import type { HistoryReader } from './history-reader';
import { selectPages, type SelectedMessage, type Selection } from './selection';

export interface ReplayPublish {
	readonly topic: string;
	readonly payload: Uint8Array;
	readonly qos: QoS;
	readonly retain: boolean;
	readonly properties: MessageProperties | undefined;
	/** When it is due, in ms after the replay started (0 when as fast as possible). */
	readonly dueMs: number;
	/** The stored message it comes from. */
	readonly id: number;
}

/** Where a replay sends; the command line and the app each provide one. */
export interface ReplayTarget {
	publish(message: ReplayPublish): Promise<Result<null>>;
}

export interface ReplayOptions {
	/** 1 = original timing, 10 = ten times faster; 'max' = no waiting. */
	readonly speed: number | 'max';
	readonly rewrite?: { readonly from: string; readonly to: string };
	readonly stripRetain?: boolean;
	/** False for a dry run: compute when each would be due, wait for none. */
	readonly isTimed?: boolean;
	readonly signal?: AbortSignal;
	readonly onProgress?: (sent: number) => void;
	readonly now?: () => number;
}

export interface ReplayReport {
	readonly sent: number;
	/** Messages whose rewritten topic is not a valid topic name (not sent). */
	readonly skipped: number;
	readonly isStopped: boolean;
}

/** The topic after the prefix rewrite (unchanged when it does not start with `from`). */
export function rewriteTopic(topic: string, rewrite: ReplayOptions['rewrite']): string {
	if (rewrite === undefined || !topic.startsWith(rewrite.from)) return topic;
	return `${rewrite.to}${topic.slice(rewrite.from.length)}`;
}

/** What a stored message becomes when replayed (pure). */
export function toPublish(
	message: SelectedMessage,
	firstTimeUs: number,
	options: Pick<ReplayOptions, 'speed' | 'rewrite' | 'stripRetain'>,
): ReplayPublish {
	const properties = message.properties;
	return {
		id: message.id,
		topic: rewriteTopic(message.topic, options.rewrite),
		payload: message.payload,
		qos: message.qos,
		retain: options.stripRetain === true ? false : message.retain,
		// Subscription identifiers and topic aliases belong to the original session, not to a publish.
		properties:
			properties === undefined
				? undefined
				: { ...properties, subscriptionIdentifiers: undefined, topicAlias: undefined },
		dueMs:
			options.speed === 'max'
				? 0
				: Math.max(0, (message.timeUs - firstTimeUs) / 1000 / options.speed),
	};
}

export async function replay(
	reader: HistoryReader,
	selection: Selection,
	target: ReplayTarget,
	options: ReplayOptions,
): Promise<Result<ReplayReport>> {
	const now = options.now ?? (() => performance.now());
	const start = now();
	let firstTimeUs: number | undefined;
	let sent = 0;
	let skipped = 0;
	for (const page of selectPages(reader, selection)) {
		for (const message of page) {
			if (options.signal?.aborted) return { ok: true, value: { sent, skipped, isStopped: true } };
			firstTimeUs ??= message.timeUs;
			const publish = toPublish(message, firstTimeUs, options);
			if (!validateTopicName(publish.topic).ok) {
				skipped++;
				continue;
			}
			const wait = options.isTimed === false ? 0 : publish.dueMs - (now() - start);
			if (wait > 0) {
				// A timed replay may wait minutes for its next message: what is sent so far shows now.
				if (sent % 100 !== 0) options.onProgress?.(sent);
				try {
					await sleep(wait, undefined, options.signal ? { signal: options.signal } : {});
				} catch {
					// Aborted while waiting: the stop the user asked for.
					return { ok: true, value: { sent, skipped, isStopped: true } };
				}
			}
			const result = await target.publish(publish);
			if (!result.ok) return result;
			sent++;
			if (sent % 100 === 0) options.onProgress?.(sent);
		}
	}
	options.onProgress?.(sent);
	return { ok: true, value: { sent, skipped, isStopped: false } };
}
