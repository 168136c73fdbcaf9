/**
 * The broker panel's model for one connection: what the broker says about itself under `$SYS`
 * (a bounded series per metric, counters turned into rates), and what this connection measures
 * for any broker: messages and bytes per second received, and per topic its count, bytes and
 * payload size min/avg/max, for the "what floods the broker" ranking with subtree roll-up.
 *
 * Hot path: `ingest` runs once per message and is O(1): one map lookup (a new topic appends a
 * slot), a few typed-array writes, and for `$SYS` topics one more lookup. Rates come from
 * `sample`, called on a timer about once a second (never per message): each topic's count is
 * compared with the count at the previous sample. Ranking and roll-up run only when a view asks.
 */
import type {
	BrokerFamily,
	BrokerStatsView,
	RankBy,
	SubtreeRateRow,
	SysMetricView,
	SysWatch,
	TopicRateRow,
} from '../../shared/model/broker';
import type { MqttMessage } from '../../shared/model/message';
import {
	TILE_KEYS,
	classifySysTopic,
	counterStep,
	familyFromVersion,
	metricInfo,
	parseSysNumber,
	type MetricInfo,
} from '../../shared/broker/sys-metrics';

export const SAMPLE_INTERVAL_MS = 1_000;
/** Points kept per series: two minutes at one a second. */
export const SERIES_POINTS = 120;
/** `$SYS` values kept; a tree with more (per-client topics of some brokers) keeps the first ones. */
export const MAX_SYS_METRICS = 500;
/** How long `$SYS` may stay silent after it was asked for before the panel explains why. */
export const SYS_SILENCE_MS = 5_000;
const INITIAL_TOPICS = 1024;
const MAX_PAYLOAD_TEXT = 256;

/** A fixed-size ring of numbers, oldest first when read. */
class Ring {
	readonly #values: Float64Array;
	#next = 0;
	#length = 0;

	constructor(readonly capacity: number) {
		this.#values = new Float64Array(capacity);
	}

	push(value: number): void {
		this.#values[this.#next] = value;
		this.#next = (this.#next + 1) % this.capacity;
		if (this.#length < this.capacity) this.#length += 1;
	}

	toArray(): number[] {
		const out = new Array<number>(this.#length);
		const start = (this.#next - this.#length + this.capacity) % this.capacity;
		for (let i = 0; i < this.#length; i++) {
			out[i] = this.#values[(start + i) % this.capacity] as number;
		}
		return out;
	}
}

interface SysMetric {
	readonly topic: string;
	readonly key: string;
	info: MetricInfo;
	text: string;
	value: number | null;
	atMs: number;
	rate: number | null;
	resets: number;
	readonly series: Ring;
}

function grown(source: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
	const target = new Float64Array(capacity);
	target.set(source);
	return target;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

export interface RankingParams {
	readonly depth: number;
	readonly rankBy: RankBy;
	readonly limit: number;
}

export class BrokerStats {
	/** Bumped on every sample and every `$SYS` value: views compare it with what they sent. */
	version = 0;
	family: BrokerFamily = 'unknown';
	node: string | null = null;
	brokerVersion: string | null = null;
	totalMessages = 0;
	totalBytes = 0;
	sysWatch: SysWatch = { kind: 'none' };
	messagesPerSecond = 0;
	bytesPerSecond = 0;

	readonly #index = new Map<string, number>();
	readonly #topics: string[] = [];
	#capacity = INITIAL_TOPICS;
	#count = new Float64Array(INITIAL_TOPICS);
	#bytes = new Float64Array(INITIAL_TOPICS);
	#min = new Float64Array(INITIAL_TOPICS);
	#max = new Float64Array(INITIAL_TOPICS);
	/** Count and bytes at the previous sample, and the rates between the last two samples. */
	#sampledCount = new Float64Array(INITIAL_TOPICS);
	#sampledBytes = new Float64Array(INITIAL_TOPICS);
	#rateCount = new Float64Array(INITIAL_TOPICS);
	#rateBytes = new Float64Array(INITIAL_TOPICS);

	readonly #sys = new Map<string, SysMetric>();
	#firstSysAtMs: number | null = null;
	#sysAskedAtMs: number | null = null;
	readonly #messagesSeries = new Ring(SERIES_POINTS);
	readonly #bytesSeries = new Ring(SERIES_POINTS);
	#sampledAtMs: number;
	#sampledTotalMessages = 0;
	#sampledTotalBytes = 0;

	constructor(readonly nowMs: () => number = () => Date.now()) {
		this.#sampledAtMs = nowMs();
	}

	get topicCount(): number {
		return this.#topics.length;
	}

	/** One received message. */
	ingest(message: MqttMessage): void {
		const topic = message.topic;
		const size = message.payload.byteLength;
		let slot = this.#index.get(topic);
		if (slot === undefined) slot = this.#add(topic, size);
		this.#count[slot] = (this.#count[slot] as number) + 1;
		this.#bytes[slot] = (this.#bytes[slot] as number) + size;
		if (size < (this.#min[slot] as number)) this.#min[slot] = size;
		if (size > (this.#max[slot] as number)) this.#max[slot] = size;
		this.totalMessages += 1;
		this.totalBytes += size;
		// '$': only `$SYS` topics pay for the second look.
		if (topic.charCodeAt(0) === 0x24) this.#ingestSys(topic, message);
	}

	#add(topic: string, size: number): number {
		const slot = this.#topics.length;
		if (slot === this.#capacity) {
			const capacity = this.#capacity * 2;
			this.#count = grown(this.#count, capacity);
			this.#bytes = grown(this.#bytes, capacity);
			this.#min = grown(this.#min, capacity);
			this.#max = grown(this.#max, capacity);
			this.#sampledCount = grown(this.#sampledCount, capacity);
			this.#sampledBytes = grown(this.#sampledBytes, capacity);
			this.#rateCount = grown(this.#rateCount, capacity);
			this.#rateBytes = grown(this.#rateBytes, capacity);
			this.#capacity = capacity;
		}
		this.#topics.push(topic);
		this.#index.set(topic, slot);
		this.#min[slot] = size;
		this.#max[slot] = size;
		return slot;
	}

	#ingestSys(topic: string, message: MqttMessage): void {
		const sys = classifySysTopic(topic);
		if (sys === null) return;
		const atMs = message.timeUs / 1000;
		this.#firstSysAtMs ??= atMs;
		this.version += 1;
		this.#learnFamily(sys.family, sys.node);
		if (sys.key === null) return;
		let metric = this.#sys.get(topic);
		if (metric === undefined) {
			if (this.#sys.size >= MAX_SYS_METRICS) return;
			metric = {
				topic,
				key: sys.key,
				info: metricInfo(this.family, sys.key),
				text: '',
				value: null,
				atMs,
				rate: null,
				resets: 0,
				series: new Ring(SERIES_POINTS),
			};
			this.#sys.set(topic, metric);
		}
		const text = decoder.decode(message.payload.subarray(0, MAX_PAYLOAD_TEXT));
		if (sys.key === 'version' || sys.key === 'sysdescr') {
			const named = familyFromVersion(text);
			if (sys.key === 'version') this.brokerVersion = text;
			if (named !== null && (this.family === 'sys-broker' || this.family === 'unknown')) {
				this.family = named;
				this.#reclassify();
			}
		}
		const value = metric.info.kind === 'text' ? null : parseSysNumber(text);
		if (metric.info.kind === 'counter' && value !== null && metric.value !== null) {
			const step = counterStep(metric.value, metric.atMs, value, atMs);
			if (step.isReset) metric.resets += 1;
			if (step.rate !== null) {
				metric.rate = step.rate;
				metric.series.push(step.rate);
			}
		} else if (metric.info.kind === 'gauge' && value !== null) {
			metric.series.push(value);
		}
		metric.text = text;
		metric.value = value;
		metric.atMs = atMs;
	}

	#learnFamily(family: BrokerFamily, node: string | null): void {
		if (node !== null) this.node = node;
		if (family === 'unknown' || family === this.family) return;
		// A version string's answer (mosquitto, NanoMQ) is more precise than the layout's.
		if (family === 'sys-broker' && (this.family === 'mosquitto' || this.family === 'nanomq')) {
			return;
		}
		if (family === 'nanomq' && this.family !== 'unknown' && this.family !== 'sys-broker') return;
		this.family = family;
		this.#reclassify();
	}

	/** The family became known after some values arrived: read their kinds again. */
	#reclassify(): void {
		for (const metric of this.#sys.values()) metric.info = metricInfo(this.family, metric.key);
	}

	/** The panel asked the broker for `$SYS` (or found it covered): silence counts from now. */
	setSysWatch(watch: SysWatch): void {
		this.sysWatch = watch;
		if (watch.kind === 'covered' || watch.kind === 'added') this.#sysAskedAtMs ??= this.nowMs();
		this.version += 1;
	}

	/**
	 * Turns counts into rates: the connection's totals and each topic's, over the time since the
	 * previous sample. Called about once a second; a call sooner than half an interval is ignored.
	 */
	sample(): void {
		const now = this.nowMs();
		const elapsedMs = now - this.#sampledAtMs;
		if (elapsedMs < SAMPLE_INTERVAL_MS / 2) return;
		const perSecond = 1000 / elapsedMs;
		this.messagesPerSecond = (this.totalMessages - this.#sampledTotalMessages) * perSecond;
		this.bytesPerSecond = (this.totalBytes - this.#sampledTotalBytes) * perSecond;
		this.#messagesSeries.push(this.messagesPerSecond);
		this.#bytesSeries.push(this.bytesPerSecond);
		this.#sampledTotalMessages = this.totalMessages;
		this.#sampledTotalBytes = this.totalBytes;
		const count = this.#count;
		const bytes = this.#bytes;
		const sampledCount = this.#sampledCount;
		const sampledBytes = this.#sampledBytes;
		const rateCount = this.#rateCount;
		const rateBytes = this.#rateBytes;
		for (let slot = 0, n = this.#topics.length; slot < n; slot++) {
			const c = count[slot] as number;
			const b = bytes[slot] as number;
			rateCount[slot] = (c - (sampledCount[slot] as number)) * perSecond;
			rateBytes[slot] = (b - (sampledBytes[slot] as number)) * perSecond;
			sampledCount[slot] = c;
			sampledBytes[slot] = b;
		}
		this.#sampledAtMs = now;
		this.version += 1;
	}

	/** The `limit` busiest topics over the last sample, by messages or bytes per second. */
	topTopics(rankBy: RankBy, limit: number): TopicRateRow[] {
		const rates = rankBy === 'messages' ? this.#rateCount : this.#rateBytes;
		const totals = rankBy === 'messages' ? this.#count : this.#bytes;
		const best = topSlots(this.#topics.length, limit, rates, totals);
		return best.map((slot) => this.#row(slot));
	}

	#row(slot: number): TopicRateRow {
		const messages = this.#count[slot] as number;
		const bytes = this.#bytes[slot] as number;
		return {
			topic: this.#topics[slot] as string,
			messagesPerSecond: this.#rateCount[slot] as number,
			bytesPerSecond: this.#rateBytes[slot] as number,
			messages,
			bytes,
			minBytes: this.#min[slot] as number,
			avgBytes: messages === 0 ? 0 : bytes / messages,
			maxBytes: this.#max[slot] as number,
		};
	}

	/** Per-topic figures of one topic, or undefined when it never arrived. */
	topic(topic: string): TopicRateRow | undefined {
		const slot = this.#index.get(topic);
		return slot === undefined ? undefined : this.#row(slot);
	}

	/**
	 * Subtrees at `depth` (1: the first level) with the rates of every topic below them added up,
	 * busiest first (ties: more messages or bytes in all, then the subtree seen first). A topic
	 * shallower than `depth` is its own subtree. Each topic's subtree is worked out once per depth
	 * (#groupsAt); a call is then one pass over typed arrays, no string work.
	 */
	topSubtrees(depth: number, rankBy: RankBy, limit: number): SubtreeRateRow[] {
		const groups = this.#groupsAt(depth);
		const n = groups.names.length;
		const rateCount = new Float64Array(n);
		const rateBytes = new Float64Array(n);
		const totals = new Float64Array(n);
		const totalOf = rankBy === 'messages' ? this.#count : this.#bytes;
		const groupOf = groups.of;
		for (let slot = 0, topics = this.#topics.length; slot < topics; slot++) {
			const group = groupOf[slot] as number;
			rateCount[group] = (rateCount[group] as number) + (this.#rateCount[slot] as number);
			rateBytes[group] = (rateBytes[group] as number) + (this.#rateBytes[slot] as number);
			totals[group] = (totals[group] as number) + (totalOf[slot] as number);
		}
		const best = topSlots(n, limit, rankBy === 'messages' ? rateCount : rateBytes, totals);
		return best.map((group) => ({
			prefix: groups.names[group] as string,
			topics: groups.topics[group] as number,
			messagesPerSecond: rateCount[group] as number,
			bytesPerSecond: rateBytes[group] as number,
		}));
	}

	#groups: {
		depth: number;
		of: Int32Array;
		names: string[];
		topics: number[];
		index: Map<string, number>;
	} | null = null;

	/** Each topic's subtree at `depth`, built once per depth and extended for new topics. */
	#groupsAt(depth: number): {
		readonly of: Int32Array;
		readonly names: readonly string[];
		readonly topics: readonly number[];
	} {
		let groups = this.#groups;
		if (groups === null || groups.depth !== depth) {
			groups = { depth, of: new Int32Array(0), names: [], topics: [], index: new Map() };
			this.#groups = groups;
		}
		const from = groups.of.length;
		const to = this.#topics.length;
		if (from < to) {
			const of = new Int32Array(this.#capacity);
			of.set(groups.of);
			for (let slot = from; slot < to; slot++) {
				const prefix = prefixAt(this.#topics[slot] as string, depth);
				let group = groups.index.get(prefix);
				if (group === undefined) {
					group = groups.names.length;
					groups.index.set(prefix, group);
					groups.names.push(prefix);
					groups.topics.push(0);
				}
				of[slot] = group;
				groups.topics[group] = (groups.topics[group] as number) + 1;
			}
			groups.of = of.subarray(0, to);
		}
		return groups;
	}

	/** Every `$SYS` value known, the family's tiles first in their order, then by topic. */
	metrics(): SysMetricView[] {
		const tiles = TILE_KEYS[this.family];
		const views = [...this.#sys.values()].map((metric): SysMetricView => ({
			topic: metric.topic,
			key: metric.key,
			label: metric.info.label,
			kind: metric.info.kind,
			unit: metric.info.unit,
			text: metric.text,
			value: metric.value,
			ratePerSecond: metric.rate,
			resets: metric.resets,
			atMs: metric.atMs,
			isTile: tiles.includes(metric.key),
			series: metric.series.toArray(),
		}));
		const order = (view: SysMetricView): number => {
			const at = tiles.indexOf(view.key);
			return at < 0 ? tiles.length : at;
		};
		return views.sort((a, b) => order(a) - order(b) || a.topic.localeCompare(b.topic));
	}

	/** Seconds `$SYS` has been silent since it was asked for, or null once a value came. */
	sysSilentSeconds(): number | null {
		if (this.#firstSysAtMs !== null || this.#sysAskedAtMs === null) return null;
		return Math.floor((this.nowMs() - this.#sysAskedAtMs) / 1000);
	}

	/** Why the tiles are empty or thin, or null while nothing needs explaining. */
	explanation(): string | null {
		const watch = this.sysWatch;
		if (watch.kind === 'refused') {
			return `The broker refused the subscription to $SYS/#: ${watch.message} An ACL may forbid $SYS to this user; EMQX allows $SYS only from localhost by default.`;
		}
		if (this.family === 'aedes') {
			return 'This broker (Aedes, as the built-in local broker) publishes only a heartbeat and client events under $SYS/<broker id>/: it has no statistics to show. The rates and the ranking below are measured by Topicscope.';
		}
		const silent = this.sysSilentSeconds();
		if (silent !== null && silent * 1000 >= SYS_SILENCE_MS) {
			// Worded without the running count: a status region must not change every second.
			return `No $SYS message arrived within ${SYS_SILENCE_MS / 1000} s of asking for it. EMQX allows $SYS only from localhost by default; HiveMQ has no $SYS tree; mosquitto publishes it every sys_interval seconds (10 by default, 0 turns it off); Aedes (the built-in local broker) sends only a heartbeat a minute; an ACL may hide it from this user. The rates and the ranking below are measured by Topicscope and work for any broker.`;
		}
		if (this.#firstSysAtMs !== null && this.#sysAskedAtMs !== null) {
			const waitedMs = this.nowMs() - Math.max(this.#firstSysAtMs, this.#sysAskedAtMs);
			const hasNumbers = [...this.#sys.values()].some((metric) => metric.value !== null);
			if (!hasNumbers && waitedMs >= SYS_SILENCE_MS) {
				return `The broker sent ${this.brokerVersion === null ? 'a few $SYS values' : `its version (${this.brokerVersion})`} but no statistics in ${Math.floor(waitedMs / 1000)} s: its periodic $SYS tree is off or slow (mosquitto: sys_interval 0 turns it off; EMQX: sys_msg_interval).`;
			}
		}
		return null;
	}

	uptimeSeconds(): number | null {
		for (const metric of this.#sys.values()) {
			if (metric.key === 'uptime') return metric.value;
		}
		return null;
	}

	view(params: RankingParams): BrokerStatsView {
		return {
			family: this.family,
			node: this.node,
			version: this.brokerVersion,
			uptimeSeconds: this.uptimeSeconds(),
			sysWatch: this.sysWatch,
			sysSilentSeconds: this.sysSilentSeconds(),
			explanation: this.explanation(),
			metrics: this.metrics(),
			messagesPerSecond: this.messagesPerSecond,
			bytesPerSecond: this.bytesPerSecond,
			totalMessages: this.totalMessages,
			totalBytes: this.totalBytes,
			messagesSeries: this.#messagesSeries.toArray(),
			bytesSeries: this.#bytesSeries.toArray(),
			topicCount: this.#topics.length,
			depth: params.depth,
			rankBy: params.rankBy,
			topTopics: this.topTopics(params.rankBy, params.limit),
			topSubtrees: this.topSubtrees(params.depth, params.rankBy, params.limit),
		};
	}
}

/** The first `depth` levels of a topic (`a/b/c` at 2 is `a/b`). */
export function prefixAt(topic: string, depth: number): string {
	let at = -1;
	for (let level = 0; level < depth; level++) {
		at = topic.indexOf('/', at + 1);
		if (at < 0) return topic;
	}
	return topic.slice(0, at);
}

/**
 * The `limit` slots with the highest keys, best first: a small sorted array (limit is at most a
 * few hundred), so a million topics cost one pass. Ties: the higher second key, then the earlier slot.
 */
function topSlots(
	n: number,
	limit: number,
	primary: Float64Array,
	secondary: Float64Array,
): number[] {
	const best: { slot: number; a: number; b: number }[] = [];
	for (let slot = 0; slot < n; slot++) {
		const a = primary[slot] as number;
		const b = secondary[slot] as number;
		const last = best.at(-1);
		if (
			best.length >= limit &&
			last !== undefined &&
			(a < last.a || (a === last.a && b <= last.b))
		) {
			continue;
		}
		let at = best.length;
		while (at > 0) {
			const before = best[at - 1];
			if (before === undefined || before.a > a || (before.a === a && before.b >= b)) break;
			at -= 1;
		}
		best.splice(at, 0, { slot, a, b });
		if (best.length > limit) best.pop();
	}
	return best.map((entry) => entry.slot);
}
