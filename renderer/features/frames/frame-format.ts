/** Words and numbers for frame rows and the frames view's status lines. Pure. */
import type {
	FlowFlag,
	FrameSummary,
	FramesView,
	PublishLookup,
} from '../../../shared/model/frames';
import { formatCount } from '../../lib/format';

/** HH:MM:SS.mmm.µµµ in local time, from µs since the epoch. */
export function formatTimeUs(timeUs: number): string {
	const date = new Date(Math.floor(timeUs / 1000));
	const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
	const micros = timeUs % 1000;
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}${pad(micros, 3)}`;
}

export function formatRtt(rttUs: number): string {
	if (rttUs < 1000) return `${rttUs} µs`;
	if (rttUs < 1_000_000) return `${(rttUs / 1000).toFixed(rttUs < 10_000 ? 2 : 1)} ms`;
	return `${(rttUs / 1_000_000).toFixed(2)} s`;
}

export const FLAG_TEXT: Readonly<Record<FlowFlag, string>> = {
	'ack-missing': 'no ack came',
	'duplicate-redelivery': 'DUP redelivery',
	'packet-id-reused': 'packet id reused in flight',
	'suback-downgraded': 'granted a lower QoS',
	'suback-refused': 'subscription refused',
	'receive-maximum-exceeded': 'above Receive Maximum',
	'unexpected-ack': 'ack without request',
	'topic-alias-unknown': 'topic alias never set (protocol error)',
	'topic-alias-out-of-range': 'topic alias out of range (protocol error)',
};

/** How a PUBLISH's topic relates to its Topic Alias, for the row and the inspector; null without one. */
export function aliasText(
	frame: Pick<FrameSummary, 'topicAlias' | 'isTopicFromAlias' | 'topic'>,
): string | null {
	if (frame.topicAlias === undefined) return null;
	if (frame.isTopicFromAlias === true) return `resolved from alias ${frame.topicAlias}`;
	if (frame.topic === '') return `alias ${frame.topicAlias}, never set`;
	return `sets alias ${frame.topicAlias}`;
}

export function directionArrow(frame: Pick<FrameSummary, 'direction'>): string {
	return frame.direction === 'out' ? '→' : '←';
}

function plural(count: number, noun: string): string {
	return `${formatCount(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * The paused list's status line: frames that arrived since (how many match the filter when one
 * is set) and how many of its rows have left the ring. Null when the list is not paused.
 */
export function pausedStatus(view: FramesView, hasFilter: boolean): string | null {
	const frozen = view.frozen;
	if (frozen === null) return null;
	const arrived = view.nextSeq - frozen.untilSeq;
	const matching = hasFilter ? ` (${formatCount(frozen.newerMatching)} match the filter)` : '';
	const gone =
		frozen.goneCount > 0
			? ` The oldest ${plural(frozen.goneCount, 'row')} of the paused list ${frozen.goneCount === 1 ? 'has' : 'have'} left the frame ring.`
			: '';
	return `Paused: ${plural(arrived, 'frame')} arrived since${matching}; the list stays as it is until you resume.${gone}`;
}

/** What assistive technology is told once rows of the paused list are gone: no changing count. */
export function goneAnnouncement(view: FramesView): string {
	return (view.frozen?.goneCount ?? 0) > 0
		? `Rows at the top of the paused list have left the frame ring, which keeps the newest ${formatCount(view.capacity)} frames.`
		: '';
}

/** "Show frame" could not show the PUBLISH of a message received at `receivedAtUs`: why. */
export function publishNotShown(
	lookup: Exclude<PublishLookup, { kind: 'found' }>,
	topic: string,
	receivedAtUs: number,
): string {
	const when = formatTimeUs(receivedAtUs);
	return lookup.kind === 'evicted'
		? `This message's PUBLISH (received at ${when}) has left the frame ring, which keeps the newest ${formatCount(lookup.capacity)} frames; ${formatCount(lookup.evictedCount)} frames were evicted.`
		: `This message's PUBLISH (received at ${when}) is not in the frame log: no frame on ${topic} was captured at that time.`;
}
