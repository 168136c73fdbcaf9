/**
 * The sentence a screen reader hears about a busy connection: "412 messages/s, 3 new topics",
 * said now and then (see ActivityAnnouncer.svelte) instead of once per message.
 */
import type { ActivitySample } from '../../shared/model/desktop';
import { formatCount } from './format';

/** How often at most the summary is spoken. */
export const ANNOUNCE_INTERVAL_MS = 10_000;

function plural(count: number, noun: string): string {
	return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** What changed from `before` to `after`, or null when nothing did (silence is kept). */
export function summariseActivity(before: ActivitySample, after: ActivitySample): string | null {
	const messages = after.totalMessages - before.totalMessages;
	const topics = after.topicCount - before.topicCount;
	const seconds = (after.atMs - before.atMs) / 1_000;
	if ((messages <= 0 && topics <= 0) || seconds <= 0) return null;
	const parts: string[] = [];
	if (messages > 0) {
		const rate = Math.round(messages / seconds);
		parts.push(
			rate >= 1
				? `${plural(rate, 'message')}/s`
				: `${plural(messages, 'message')} in ${Math.round(seconds)} s`,
		);
	}
	if (topics > 0) parts.push(plural(topics, 'new topic'));
	return parts.join(', ');
}
