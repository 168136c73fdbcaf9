/** Words and numbers for frame rows. Pure. */
import type { FlowFlag, FrameSummary } from '../../../shared/model/frames';

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
};

export function directionArrow(frame: Pick<FrameSummary, 'direction'>): string {
	return frame.direction === 'out' ? '→' : '←';
}
