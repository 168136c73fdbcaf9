/**
 * The broker panel's past: the `$SYS` values a connection stored in history over a time range,
 * read back as series (counters as rates, gauges as values) with the same rules as the live panel
 * (shared/broker/sys-metrics.ts). No table of its own: history already keeps every `$SYS` message
 * received, byte for byte, so last night's values are there whenever `$SYS` was subscribed.
 *
 * Bounded: at most MAX_SYS_TOPICS topics and MAX_ROWS_PER_TOPIC rows each (the newest of the
 * range when it holds more), thinned to MAX_POINTS points per series.
 */
import type Database from 'better-sqlite3';
import type { BrokerFamily, BrokerPast, PastMetric } from '../../shared/model/broker';
import {
	classifySysTopic,
	counterStep,
	familyFromVersion,
	metricInfo,
	parseSysNumber,
} from '../../shared/broker/sys-metrics';

export const MAX_SYS_TOPICS = 500;
export const MAX_ROWS_PER_TOPIC = 50_000;
export const MAX_POINTS = 600;
const PAYLOAD_BYTES = 256;

interface Row {
	readonly time_us: number;
	readonly payload: Buffer;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** `$SYS` series of one history connection between two times (milliseconds since the epoch). */
export function readSysSeries(
	db: Database.Database,
	historyConnectionId: number,
	fromMs: number,
	toMs: number,
): BrokerPast {
	// The UNIQUE (connection_id, name) index answers a name range without a scan.
	const topics = db
		.prepare<[number, number], { id: number; name: string }>(
			"SELECT id, name FROM topics WHERE connection_id = ? AND name >= '$SYS/' AND name < '$SYS0' ORDER BY name LIMIT ?",
		)
		.all(historyConnectionId, MAX_SYS_TOPICS);
	const rowsOf = db.prepare<[number, number, number, number, number], Row>(
		'SELECT time_us, substr(payload, 1, ?) AS payload FROM messages WHERE topic_id = ? AND time_us >= ? AND time_us <= ? ORDER BY id DESC LIMIT ?',
	);
	const fromUs = Math.floor(fromMs * 1000);
	const toUs = Math.ceil(toMs * 1000);
	let family: BrokerFamily = 'unknown';
	const read: { name: string; key: string; rows: Row[] }[] = [];
	let truncated = false;
	for (const topic of topics) {
		const sys = classifySysTopic(topic.name);
		if (sys === null) continue;
		if (family === 'unknown' || (family === 'sys-broker' && sys.family !== 'unknown')) {
			family = sys.family === 'unknown' ? family : sys.family;
		}
		if (sys.key === null) continue;
		const rows = rowsOf.all(PAYLOAD_BYTES, topic.id, fromUs, toUs, MAX_ROWS_PER_TOPIC).reverse();
		if (rows.length === MAX_ROWS_PER_TOPIC) truncated = true;
		if (rows.length === 0) continue;
		read.push({ name: topic.name, key: sys.key, rows });
		if (sys.key === 'version' || sys.key === 'sysdescr') {
			const last = rows.at(-1);
			const named = last === undefined ? null : familyFromVersion(decoder.decode(last.payload));
			if (named !== null && (family === 'sys-broker' || family === 'unknown')) family = named;
		}
	}
	const metrics = read.map(({ name, key, rows }) => seriesOf(family, name, key, rows));
	return { fromMs, toMs, metrics, truncated };
}

function seriesOf(
	family: BrokerFamily,
	topic: string,
	key: string,
	rows: readonly Row[],
): PastMetric {
	const info = metricInfo(family, key);
	const times: number[] = [];
	const values: number[] = [];
	let resets = 0;
	let previous: { value: number; atMs: number } | null = null;
	let lastText = '';
	for (const row of rows) {
		lastText = decoder.decode(row.payload);
		if (info.kind === 'text') continue;
		const value = parseSysNumber(lastText);
		if (value === null) continue;
		const atMs = row.time_us / 1000;
		if (info.kind === 'counter') {
			if (previous !== null) {
				const step = counterStep(previous.value, previous.atMs, value, atMs);
				if (step.isReset) resets += 1;
				if (step.rate !== null) {
					times.push(atMs);
					values.push(step.rate);
				}
			}
			previous = { value, atMs };
		} else {
			times.push(atMs);
			values.push(value);
		}
	}
	const thinned = thin(times, values, MAX_POINTS);
	return {
		topic,
		key,
		label: info.label,
		kind: info.kind,
		unit: info.unit,
		times: thinned.times,
		values: thinned.values,
		lastText,
		samples: rows.length,
		resets,
	};
}

/**
 * At most `max` points: consecutive points in equal groups, each group its highest value, so a
 * one-second spike of last night stays on the chart however long the range.
 */
export function thin(
	times: readonly number[],
	values: readonly number[],
	max: number,
): { times: number[]; values: number[] } {
	if (times.length <= max) return { times: [...times], values: [...values] };
	const group = Math.ceil(times.length / max);
	const outTimes: number[] = [];
	const outValues: number[] = [];
	for (let start = 0; start < times.length; start += group) {
		const end = Math.min(times.length, start + group);
		let highest = -Infinity;
		for (let i = start; i < end; i++) highest = Math.max(highest, values[i] as number);
		outTimes.push(times[end - 1] as number);
		outValues.push(highest);
	}
	return { times: outTimes, values: outValues };
}
