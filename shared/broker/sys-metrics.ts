/**
 * How `$SYS` trees read: which broker family a topic belongs to, what each value means (counter,
 * gauge or text, its label and unit), how its text parses, and how a counter becomes a rate.
 * Pure and shared: the live model in main and the past view over history rows use the same rules.
 *
 * Families (their documentation and their source):
 * - mosquitto: `$SYS/broker/<key>`, retained, every `sys_interval` seconds (10 by default, 0 turns
 *   the periodic tree off); mostly republished only when a value changed.
 * - NanoMQ: the same `$SYS/broker/...` layout for what it publishes, plus client events on
 *   `$SYS/brokers/connected` and `$SYS/brokers/disconnected`.
 * - EMQX: `$SYS/brokers/<node>/<key>` (version, uptime, datetime, sysdescr, stats/..., metrics/...),
 *   every `sys_msg_interval` (1 min by default); only clients on localhost may subscribe by default.
 * - Aedes: `$SYS/<broker id>/heartbeat` and client events; no statistics.
 */
import type { BrokerFamily, MetricKind } from '../model/broker';

export interface SysTopic {
	/** What the topic alone says; a version string can refine `sys-broker` later. */
	readonly family: BrokerFamily;
	/** EMQX's node name. */
	readonly node: string | null;
	/** The metric key, or null for events that are not a metric (a client connected…). */
	readonly key: string | null;
}

export interface MetricInfo {
	readonly label: string;
	readonly kind: MetricKind;
	readonly unit: string;
}

const SYS = '$SYS/';

/** What a `$SYS` topic is; null for a topic outside `$SYS`. */
export function classifySysTopic(topic: string): SysTopic | null {
	if (!topic.startsWith(SYS)) return null;
	const parts = topic.split('/');
	const first = parts[1] ?? '';
	if (first === 'broker') {
		const key = parts.slice(2).join('/');
		return { family: 'sys-broker', node: null, key: key === '' ? null : key };
	}
	if (first === 'brokers') {
		if (parts.length === 2) return { family: 'emqx', node: null, key: null };
		const node = parts[2] ?? '';
		// NanoMQ's client events sit right under $SYS/brokers.
		if (parts.length === 3 && (node === 'connected' || node === 'disconnected')) {
			return { family: 'nanomq', node: null, key: null };
		}
		const key = parts.slice(3).join('/');
		// Per-client events (`clients/<id>/connected`) are not metrics: one per client id would
		// grow without bound.
		const isEvent = key.startsWith('clients/') || key === '';
		return { family: 'emqx', node, key: isEvent ? null : key };
	}
	const rest = parts.slice(2).join('/');
	if (
		parts.length >= 3 &&
		(rest === 'heartbeat' || rest === 'new/clients' || rest === 'disconnect/clients')
	) {
		return { family: 'aedes', node: null, key: null };
	}
	return { family: 'unknown', node: null, key: parts.slice(1).join('/') };
}

/** The family a `$SYS/broker/version` (or EMQX sysdescr) text names, or null. */
export function familyFromVersion(text: string): BrokerFamily | null {
	const lower = text.toLowerCase();
	if (lower.includes('mosquitto')) return 'mosquitto';
	if (lower.includes('nanomq')) return 'nanomq';
	if (lower.includes('emqx') || lower.includes('emq x')) return 'emqx';
	return null;
}

const COUNT = '';
const BYTES = 'B';
const MOSQUITTO: Readonly<Record<string, MetricInfo>> = {
	version: { label: 'Version', kind: 'text', unit: COUNT },
	uptime: { label: 'Uptime', kind: 'gauge', unit: 's' },
	timestamp: { label: 'Build', kind: 'text', unit: COUNT },
	'clients/connected': { label: 'Clients connected', kind: 'gauge', unit: COUNT },
	'clients/active': { label: 'Clients active', kind: 'gauge', unit: COUNT },
	'clients/disconnected': { label: 'Clients disconnected', kind: 'gauge', unit: COUNT },
	'clients/inactive': { label: 'Clients inactive', kind: 'gauge', unit: COUNT },
	'clients/total': { label: 'Clients known', kind: 'gauge', unit: COUNT },
	'clients/maximum': { label: 'Clients maximum', kind: 'gauge', unit: COUNT },
	'clients/expired': { label: 'Sessions expired', kind: 'counter', unit: COUNT },
	'messages/received': { label: 'Messages received', kind: 'counter', unit: COUNT },
	'messages/sent': { label: 'Messages sent', kind: 'counter', unit: COUNT },
	'messages/stored': { label: 'Messages stored', kind: 'gauge', unit: COUNT },
	'messages/inflight': { label: 'Messages in flight', kind: 'gauge', unit: COUNT },
	'store/messages/count': { label: 'Stored messages', kind: 'gauge', unit: COUNT },
	'store/messages/bytes': { label: 'Stored bytes', kind: 'gauge', unit: BYTES },
	'publish/messages/received': { label: 'PUBLISH received', kind: 'counter', unit: COUNT },
	'publish/messages/sent': { label: 'PUBLISH sent', kind: 'counter', unit: COUNT },
	'publish/messages/dropped': { label: 'PUBLISH dropped', kind: 'counter', unit: COUNT },
	'publish/bytes/received': { label: 'PUBLISH bytes received', kind: 'counter', unit: BYTES },
	'publish/bytes/sent': { label: 'PUBLISH bytes sent', kind: 'counter', unit: BYTES },
	'bytes/received': { label: 'Bytes received', kind: 'counter', unit: BYTES },
	'bytes/sent': { label: 'Bytes sent', kind: 'counter', unit: BYTES },
	'subscriptions/count': { label: 'Subscriptions', kind: 'gauge', unit: COUNT },
	'shared_subscriptions/count': { label: 'Shared subscriptions', kind: 'gauge', unit: COUNT },
	'retained messages/count': { label: 'Retained messages', kind: 'gauge', unit: COUNT },
	'heap/current': { label: 'Heap', kind: 'gauge', unit: BYTES },
	'heap/maximum': { label: 'Heap maximum', kind: 'gauge', unit: BYTES },
};

const EMQX: Readonly<Record<string, MetricInfo>> = {
	version: { label: 'Version', kind: 'text', unit: COUNT },
	uptime: { label: 'Uptime', kind: 'gauge', unit: 's' },
	datetime: { label: 'Broker time', kind: 'text', unit: COUNT },
	sysdescr: { label: 'Description', kind: 'text', unit: COUNT },
	'stats/connections/count': { label: 'Connections', kind: 'gauge', unit: COUNT },
	'stats/connections/max': { label: 'Connections maximum', kind: 'gauge', unit: COUNT },
	'stats/live_connections/count': { label: 'Live connections', kind: 'gauge', unit: COUNT },
	'stats/sessions/count': { label: 'Sessions', kind: 'gauge', unit: COUNT },
	'stats/topics/count': { label: 'Topics', kind: 'gauge', unit: COUNT },
	'stats/subscriptions/count': { label: 'Subscriptions', kind: 'gauge', unit: COUNT },
	'stats/retained/count': { label: 'Retained messages', kind: 'gauge', unit: COUNT },
	'metrics/messages/received': { label: 'Messages received', kind: 'counter', unit: COUNT },
	'metrics/messages/sent': { label: 'Messages sent', kind: 'counter', unit: COUNT },
	'metrics/messages/dropped': { label: 'Messages dropped', kind: 'counter', unit: COUNT },
	'metrics/bytes/received': { label: 'Bytes received', kind: 'counter', unit: BYTES },
	'metrics/bytes/sent': { label: 'Bytes sent', kind: 'counter', unit: BYTES },
};

/** The tiles of each family, in order; other values are in the table below them. */
export const TILE_KEYS: Readonly<Record<BrokerFamily, readonly string[]>> = {
	mosquitto: [
		'clients/connected',
		'messages/received',
		'messages/sent',
		'bytes/received',
		'bytes/sent',
		'subscriptions/count',
		'retained messages/count',
		'load/messages/received/1min',
		'heap/current',
	],
	nanomq: [
		'clients/connected',
		'messages/received',
		'messages/sent',
		'bytes/received',
		'bytes/sent',
		'subscriptions/count',
		'retained messages/count',
	],
	'sys-broker': [
		'clients/connected',
		'messages/received',
		'messages/sent',
		'bytes/received',
		'bytes/sent',
		'subscriptions/count',
	],
	emqx: [
		'stats/connections/count',
		'metrics/messages/received',
		'metrics/messages/sent',
		'metrics/bytes/received',
		'metrics/bytes/sent',
		'stats/subscriptions/count',
		'stats/topics/count',
		'stats/retained/count',
		'metrics/messages/dropped',
	],
	aedes: [],
	unknown: [],
};

/** Words for a key nobody listed: `load/bytes/sent/5min` → "Load bytes sent 5min". */
function labelOf(key: string): string {
	const words = key.replace(/[/_]/g, ' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

/** What a metric of `family` at `key` is; unlisted keys are guessed from their shape. */
export function metricInfo(family: BrokerFamily, key: string): MetricInfo {
	const table = family === 'emqx' ? EMQX : MOSQUITTO;
	const known = table[key];
	if (known !== undefined) return known;
	if (key.startsWith('load/')) {
		// mosquitto's load/*: moving averages per minute over 1, 5 and 15 minutes.
		return { label: labelOf(key), kind: 'gauge', unit: '/min' };
	}
	if (family === 'emqx' && key.startsWith('metrics/')) {
		return { label: labelOf(key.slice('metrics/'.length)), kind: 'counter', unit: COUNT };
	}
	if (family === 'emqx' && key.startsWith('stats/')) {
		return { label: labelOf(key.slice('stats/'.length)), kind: 'gauge', unit: COUNT };
	}
	return { label: labelOf(key), kind: 'gauge', unit: COUNT };
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
	second: 1,
	seconds: 1,
	minute: 60,
	minutes: 60,
	hour: 3600,
	hours: 3600,
	day: 86_400,
	days: 86_400,
};

/**
 * A `$SYS` payload as a number: plain numbers, mosquitto's "1234 seconds", EMQX's
 * "2 days, 3 hours, 4 minutes, 5 seconds". Null when the text is not a number.
 */
export function parseSysNumber(text: string): number | null {
	const trimmed = text.trim();
	if (trimmed === '') return null;
	if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return Number(trimmed);
	const parts = trimmed.split(/,\s*|\s+(?=\d)/);
	let seconds = 0;
	for (const part of parts) {
		const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(part.trim());
		const unit = match?.[2] === undefined ? undefined : DURATION_UNITS[match[2].toLowerCase()];
		if (match === null || unit === undefined) return null;
		seconds += Number(match[1]) * unit;
	}
	return seconds;
}

export interface CounterStep {
	/** Per second; null when the time did not move. */
	readonly rate: number | null;
	/** The counter went down: the broker restarted (its counters start again from zero). */
	readonly isReset: boolean;
}

/**
 * The rate between two readings of a cumulative counter. A counter that went down was reset (a
 * broker restart): what it counted since the reset is its whole new value, as Prometheus reads it.
 */
export function counterStep(
	previous: number,
	previousMs: number,
	value: number,
	atMs: number,
): CounterStep {
	const seconds = (atMs - previousMs) / 1000;
	const isReset = value < previous;
	if (seconds <= 0) return { rate: null, isReset };
	const increase = isReset ? value : value - previous;
	return { rate: increase / seconds, isReset };
}
