/** What a connection's Sparkplug B state knows about one edge node, as the metrics table shows it. */

export type SparkplugStatus =
	/** A BIRTH was seen and no DEATH since. */
	| 'online'
	/** A DEATH was seen (or, for a device, its node's DEATH or a new NBIRTH without its DBIRTH). */
	| 'offline'
	/** Messages arrived but no BIRTH since we subscribed: names of aliases are unknown. */
	| 'unknown';

export interface SparkplugMetricRow {
	/** Null for the node's own metrics. */
	readonly deviceId: string | null;
	/** Null when only an alias is known (DATA before any BIRTH). */
	readonly name: string | null;
	readonly alias: string | null;
	readonly datatype: string;
	readonly value: string;
	/** The metric's own timestamp, ms since the epoch. */
	readonly timestamp: number | null;
	/** When we last received a value, ms since the epoch. */
	readonly updatedAt: number;
}

export interface SparkplugDeviceRow {
	readonly deviceId: string;
	readonly status: SparkplugStatus;
	readonly birthAt: number | null;
	readonly deathAt: number | null;
}

export interface SparkplugSeqGap {
	readonly expected: number;
	readonly received: number;
	/** ms since the epoch. */
	readonly at: number;
	readonly topic: string;
}

export interface SparkplugNodeView {
	readonly groupId: string;
	readonly edgeNodeId: string;
	readonly status: SparkplugStatus;
	readonly birthAt: number | null;
	readonly deathAt: number | null;
	/** The birth/death sequence number of the current session (from NBIRTH), as text (uint64). */
	readonly bdSeq: string | null;
	readonly lastSeq: number | null;
	readonly seqGaps: number;
	readonly lastGap: SparkplugSeqGap | null;
	readonly messages: number;
	readonly devices: readonly SparkplugDeviceRow[];
	readonly metrics: readonly SparkplugMetricRow[];
	/** Metric rows left out of `metrics` (a node with more than the table's limit). */
	readonly omittedMetrics: number;
	/** The latest problems, newest last (unknown aliases, a stale NDEATH, an undecodable payload). */
	readonly warnings: readonly string[];
}
