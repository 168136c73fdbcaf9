/** How the broker panel writes its figures: rates, units, durations, the family's name. */
import type { BrokerFamily, SysMetricView } from '../../../shared/model/broker';
import { formatBytes, formatCount } from '../../lib/format';

export const FAMILY_NAMES: Record<BrokerFamily, string> = {
	mosquitto: 'mosquitto',
	nanomq: 'NanoMQ',
	emqx: 'EMQX',
	aedes: 'Aedes',
	'sys-broker': 'a $SYS/broker tree',
	unknown: 'not known yet',
};

/** A rate: one decimal below 10, whole numbers above. */
export function formatRate(perSecond: number): string {
	return perSecond < 10 && perSecond % 1 !== 0
		? perSecond.toFixed(1)
		: formatCount(Math.round(perSecond));
}

/** "3 d 4 h", "2 h 5 min", "42 s". */
export function formatDuration(seconds: number): string {
	const s = Math.floor(seconds);
	const days = Math.floor(s / 86_400);
	const hours = Math.floor((s % 86_400) / 3600);
	const minutes = Math.floor((s % 3600) / 60);
	if (days > 0) return `${days} d ${hours} h`;
	if (hours > 0) return `${hours} h ${minutes} min`;
	if (minutes > 0) return `${minutes} min ${s % 60} s`;
	return `${s} s`;
}

/** A number in a metric's unit. */
export function formatValue(value: number, unit: string): string {
	if (unit === 'B') return formatBytes(Math.round(value));
	if (unit === 's') return formatDuration(value);
	if (unit === '/min') return `${formatRate(value)}/min`;
	return Number.isInteger(value) ? formatCount(value) : value.toFixed(2);
}

/** What a tile shows: counters as a rate, gauges as their value, text as is. */
export function metricFigure(metric: SysMetricView): string {
	if (metric.kind === 'text' || metric.value === null) return metric.text;
	if (metric.kind === 'counter') {
		// A rate needs two readings; mosquitto republishes a counter only when it changed.
		if (metric.ratePerSecond === null) return '– /s';
		return metric.unit === 'B'
			? formatByteRate(metric.ratePerSecond)
			: `${formatRate(metric.ratePerSecond)}/s`;
	}
	return formatValue(metric.value, metric.unit);
}

/** "1.5 KB/s" */
export function formatByteRate(perSecond: number): string {
	return `${formatBytes(Math.round(perSecond))}/s`;
}

/** A `datetime-local` input's value for an instant, in local time. */
export function toLocalInput(epochMs: number): string {
	const date = new Date(epochMs);
	const pad = (n: number): string => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
