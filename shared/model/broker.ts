/**
 * The broker panel's figures: what the broker says about itself under `$SYS` (tiles and
 * sparklines), and what this connection measures for any broker (rates, the topics and subtrees
 * that flood it, payload sizes per topic).
 */

/** Who publishes the `$SYS` tree, told from its topics and its version string. */
export type BrokerFamily =
	/** `$SYS/broker/...` with a version saying mosquitto. */
	| 'mosquitto'
	/** `$SYS/broker/...` with a version saying NanoMQ, or NanoMQ's `$SYS/brokers/connected` events. */
	| 'nanomq'
	/** `$SYS/brokers/<node>/...` */
	| 'emqx'
	/** Aedes: `$SYS/<broker id>/heartbeat` and client events, no statistics. */
	| 'aedes'
	/** A `$SYS/broker/...` tree whose version has not arrived (or names another broker). */
	| 'sys-broker'
	/** No `$SYS` message yet. */
	| 'unknown';

export type MetricKind =
	/** Grows since the broker started: shown as a rate per second. */
	| 'counter'
	/** A level (clients connected, retained count, load averages). */
	| 'gauge'
	/** Text (version, sysdescr, date). */
	| 'text';

/** One `$SYS` value as the panel shows it. */
export interface SysMetricView {
	readonly topic: string;
	/** The family-independent key (`messages/received`, `clients/connected`…). */
	readonly key: string;
	readonly label: string;
	readonly kind: MetricKind;
	readonly unit: string;
	/** The last value as the broker sent it (text for `text` metrics). */
	readonly text: string;
	/** The last numeric value, null for text. */
	readonly value: number | null;
	/** Counters: per second over the last two samples; null until two arrived. */
	readonly ratePerSecond: number | null;
	/** Times the counter went down (a broker restart) since the panel's model started. */
	readonly resets: number;
	/** Milliseconds since the epoch of the last value. */
	readonly atMs: number;
	/** Whether it is one of the family's tiles. */
	readonly isTile: boolean;
	/** The sparkline: counters' rates or gauges' values, oldest first (at most SERIES_POINTS). */
	readonly series: readonly number[];
}

export interface TopicRateRow {
	readonly topic: string;
	readonly messagesPerSecond: number;
	readonly bytesPerSecond: number;
	readonly messages: number;
	readonly bytes: number;
	readonly minBytes: number;
	readonly avgBytes: number;
	readonly maxBytes: number;
}

/** A subtree at the chosen depth with every topic below it added up. */
export interface SubtreeRateRow {
	readonly prefix: string;
	readonly topics: number;
	readonly messagesPerSecond: number;
	readonly bytesPerSecond: number;
}

export type RankBy = 'messages' | 'bytes';

/** Where the `$SYS/#` subscription the panel needs stands. */
export type SysWatch =
	/** A subscription of the connection already matches `$SYS`. */
	| { readonly kind: 'covered'; readonly filter: string }
	/** The panel added `$SYS/#` to this connection's subscriptions (not saved in the profile). */
	| { readonly kind: 'added'; readonly filter: string }
	/** The broker refused it. */
	| { readonly kind: 'refused'; readonly message: string }
	/** Not asked yet (the panel subscribes when opened), or not connected. */
	| { readonly kind: 'none' };

export interface BrokerStatsView {
	readonly family: BrokerFamily;
	/** EMQX's node name, when the family is EMQX. */
	readonly node: string | null;
	readonly version: string | null;
	readonly uptimeSeconds: number | null;
	readonly sysWatch: SysWatch;
	/** Seconds since `$SYS` was asked for without any `$SYS` message arriving; null once one did. */
	readonly sysSilentSeconds: number | null;
	/** Why the tiles are empty or thin, in plain words; null while nothing needs explaining. */
	readonly explanation: string | null;
	readonly metrics: readonly SysMetricView[];
	/** Received by this connection, all topics ($SYS included), last second. */
	readonly messagesPerSecond: number;
	readonly bytesPerSecond: number;
	readonly totalMessages: number;
	readonly totalBytes: number;
	readonly messagesSeries: readonly number[];
	readonly bytesSeries: readonly number[];
	readonly topicCount: number;
	readonly depth: number;
	readonly rankBy: RankBy;
	readonly topTopics: readonly TopicRateRow[];
	readonly topSubtrees: readonly SubtreeRateRow[];
}

/** One `$SYS` metric over a past time range, read from the history database. */
export interface PastMetric {
	readonly topic: string;
	readonly key: string;
	readonly label: string;
	readonly kind: MetricKind;
	readonly unit: string;
	/** Milliseconds since the epoch, oldest first. */
	readonly times: readonly number[];
	/** Counters: rates per second; gauges: values. Same length as `times`. */
	readonly values: readonly number[];
	readonly lastText: string;
	readonly samples: number;
	readonly resets: number;
}

export interface BrokerPast {
	readonly fromMs: number;
	readonly toMs: number;
	readonly metrics: readonly PastMetric[];
	/** True when a metric had more rows than one answer reads (the oldest rows were read). */
	readonly truncated: boolean;
}
