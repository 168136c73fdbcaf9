/**
 * The Sparkplug B state of one connection (Sparkplug 3.0 §5 and §6): edge node and device
 * sessions from BIRTH and DEATH certificates, alias → metric name maps for DATA messages, `seq`
 * continuity per edge node, `bdSeq` of the session, and the last value of every metric.
 *
 * Core hangs one per connection as a listener; it must see every message, so the hot path for a
 * non-Sparkplug topic is one `startsWith`. Bounded: nodes, metrics per node and warnings.
 * Over 300 lines because sessions, aliases and seq are one state machine per node: split, each
 * part would need the others' fields.
 */
import type { SparkplugView } from '../../shared/decode/decoder';
import { parseSparkplugTopic } from '../../shared/decode/sparkplug-topic';
import type { MqttMessage } from '../../shared/model/message';
import type { SparkplugNodeView, SparkplugStatus } from '../../shared/model/sparkplug';
import { metricValueText, timestampMs } from './display';
import { dataTypeName, decodeSparkplugPayload, type SparkplugMetric } from './payload';

const MAX_NODES = 10_000;
const MAX_METRICS_PER_NODE = 20_000;
const MAX_WARNINGS = 20;
const MAX_TOPIC_NOTES = 100_000;

interface MetricState {
	readonly deviceId: string | null;
	readonly name: string | null;
	readonly alias: bigint | null;
	datatype: number | null;
	value: unknown;
	isNull: boolean;
	timestamp: bigint | null;
	updatedAtUs: number;
}

interface DeviceState {
	status: SparkplugStatus;
	birthAtUs: number | null;
	deathAtUs: number | null;
}

interface AliasTarget {
	readonly name: string;
	readonly deviceId: string | null;
}

interface NodeState {
	readonly groupId: string;
	readonly edgeNodeId: string;
	status: SparkplugStatus;
	birthAtUs: number | null;
	deathAtUs: number | null;
	bdSeq: bigint | null;
	lastSeq: number | null;
	seqGaps: number;
	lastGap: SparkplugNodeView['lastGap'];
	messages: number;
	readonly aliases: Map<bigint, AliasTarget>;
	/** Keyed by device id ('' for the node) and name, or `#alias` while the name is unknown. */
	readonly metrics: Map<string, MetricState>;
	readonly devices: Map<string, DeviceState>;
	readonly warnings: string[];
	/** Bumped on every change the metrics table shows. */
	version: number;
}

/** What was found about one message when it arrived (its seq check, its unknown aliases). */
export interface MessageNote {
	readonly timeUs: number;
	readonly seqNote: string | null;
	readonly isSeqGap: boolean;
	readonly warnings: readonly string[];
}

export interface SeqCheck {
	readonly isGap: boolean;
	readonly note: string;
}

/**
 * Checks a message's `seq` against the node's last one (§6.4.1: 0–255 per edge node, +1 per
 * message, wrapping after 255). Messages lost or reordered show as a gap.
 */
export function checkSeq(lastSeq: number | null, seq: number): SeqCheck {
	if (lastSeq === null) return { isGap: false, note: `seq ${seq}: the first seen from this node` };
	const expected = (lastSeq + 1) % 256;
	if (seq === expected) return { isGap: false, note: `seq ${seq}: in order` };
	const missed = (seq - expected + 256) % 256;
	return {
		isGap: true,
		note: `seq ${seq}, expected ${expected}: ${missed} ${missed === 1 ? 'message' : 'messages'} missed or out of order`,
	};
}

function nodeKey(groupId: string, edgeNodeId: string): string {
	return `${groupId}\u0000${edgeNodeId}`;
}

function metricKey(deviceId: string | null, name: string | null, alias: bigint | null): string {
	return `${deviceId ?? ''}\u0000${name ?? `#${alias ?? '?'}`}`;
}

function usToMs(timeUs: number | null): number | null {
	return timeUs === null ? null : Math.floor(timeUs / 1000);
}

function bdSeqOf(metrics: readonly SparkplugMetric[]): bigint | null {
	const metric = metrics.find((item) => item.name === 'bdSeq');
	const value = metric?.value;
	if (typeof value === 'bigint') return value;
	if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
	return null;
}

export class SparkplugState {
	readonly #nodes = new Map<string, NodeState>();
	readonly #notes = new Map<string, MessageNote>();
	/** Nodes and metrics not kept because a limit was reached. */
	shed = 0;

	/** Takes every message of the connection; anything not Sparkplug B is left at once. */
	ingest(message: MqttMessage): void {
		if (message.direction !== 'in' || !message.topic.startsWith('spBv1.0/')) return;
		const topic = parseSparkplugTopic(message.topic);
		if (topic === null || topic.kind !== 'payload') return;
		if (topic.messageType === 'NCMD' || topic.messageType === 'DCMD') return;
		const node = this.#node(topic.groupId, topic.edgeNodeId);
		if (node === null) return;
		node.messages += 1;
		node.version += 1;
		const payload = decodeSparkplugPayload(message.payload);
		if (!payload.ok) {
			this.#warn(node, `${topic.messageType} on ${message.topic}: ${payload.error.message}`);
			return;
		}
		const { metrics, seq } = payload.value;
		const warnings: string[] = [];
		let seqCheck: SeqCheck | null = null;
		const deviceId = topic.deviceId;
		switch (topic.messageType) {
			case 'NBIRTH':
				this.#nodeBirth(node, metrics, message.timeUs);
				break;
			case 'NDEATH':
				this.#nodeDeath(node, metrics, message.timeUs, warnings);
				break;
			case 'DBIRTH':
				this.#deviceBirth(node, deviceId, metrics, message.timeUs);
				break;
			case 'DDEATH':
				this.#device(node, deviceId, 'offline', message.timeUs);
				break;
			case 'NDATA':
			case 'DDATA':
				this.#data(node, deviceId, metrics, message.timeUs, warnings);
				break;
		}
		// NDEATH carries no seq (it is the broker's Will); every other node/device message does.
		if (topic.messageType !== 'NDEATH') {
			if (seq === null) {
				warnings.push(`${topic.messageType} has no seq: Sparkplug requires one.`);
			} else {
				const number = Number(seq % 256n);
				seqCheck =
					topic.messageType === 'NBIRTH'
						? { isGap: false, note: `seq ${number}: a new session starts` }
						: checkSeq(node.lastSeq, number);
				if (seqCheck.isGap) {
					node.seqGaps += 1;
					node.lastGap = {
						expected: ((node.lastSeq ?? 0) + 1) % 256,
						received: number,
						at: Math.floor(message.timeUs / 1000),
						topic: message.topic,
					};
					this.#warn(node, `${message.topic}: ${seqCheck.note}`);
				}
				node.lastSeq = number;
			}
		}
		for (const warning of warnings) this.#warn(node, `${message.topic}: ${warning}`);
		this.#note(message.topic, {
			timeUs: message.timeUs,
			seqNote: seqCheck?.note ?? null,
			isSeqGap: seqCheck?.isGap ?? false,
			warnings,
		});
	}

	#node(groupId: string, edgeNodeId: string): NodeState | null {
		const key = nodeKey(groupId, edgeNodeId);
		const known = this.#nodes.get(key);
		if (known !== undefined) return known;
		if (this.#nodes.size >= MAX_NODES) {
			this.shed += 1;
			return null;
		}
		const node: NodeState = {
			groupId,
			edgeNodeId,
			status: 'unknown',
			birthAtUs: null,
			deathAtUs: null,
			bdSeq: null,
			lastSeq: null,
			seqGaps: 0,
			lastGap: null,
			messages: 0,
			aliases: new Map(),
			metrics: new Map(),
			devices: new Map(),
			warnings: [],
			version: 0,
		};
		this.#nodes.set(key, node);
		return node;
	}

	#nodeBirth(node: NodeState, metrics: readonly SparkplugMetric[], timeUs: number): void {
		// A new session: every alias, metric and device of the last one is void (§5.2).
		node.aliases.clear();
		node.metrics.clear();
		for (const device of node.devices.values()) device.status = 'offline';
		node.status = 'online';
		node.birthAtUs = timeUs;
		node.bdSeq = bdSeqOf(metrics);
		this.#birthMetrics(node, null, metrics, timeUs);
	}

	#nodeDeath(
		node: NodeState,
		metrics: readonly SparkplugMetric[],
		timeUs: number,
		warnings: string[],
	): void {
		const bdSeq = bdSeqOf(metrics);
		// §5.3: an NDEATH whose bdSeq is not the session's is the Will of an earlier session.
		if (node.bdSeq !== null && bdSeq !== null && bdSeq !== node.bdSeq) {
			warnings.push(
				`NDEATH with bdSeq ${bdSeq} is not for the current session (bdSeq ${node.bdSeq}): a stale death certificate, ignored.`,
			);
			return;
		}
		node.status = 'offline';
		node.deathAtUs = timeUs;
		for (const device of node.devices.values()) {
			if (device.status === 'online') {
				device.status = 'offline';
				device.deathAtUs = timeUs;
			}
		}
	}

	#deviceBirth(
		node: NodeState,
		deviceId: string | null,
		metrics: readonly SparkplugMetric[],
		timeUs: number,
	): void {
		for (const [key, metric] of node.metrics) {
			if (metric.deviceId === deviceId) node.metrics.delete(key);
		}
		this.#device(node, deviceId, 'online', timeUs);
		this.#birthMetrics(node, deviceId, metrics, timeUs);
	}

	#device(node: NodeState, deviceId: string | null, status: SparkplugStatus, timeUs: number): void {
		if (deviceId === null) return;
		const device = node.devices.get(deviceId) ?? { status, birthAtUs: null, deathAtUs: null };
		device.status = status;
		if (status === 'online') device.birthAtUs = timeUs;
		if (status === 'offline') device.deathAtUs = timeUs;
		node.devices.set(deviceId, device);
	}

	#birthMetrics(
		node: NodeState,
		deviceId: string | null,
		metrics: readonly SparkplugMetric[],
		timeUs: number,
	): void {
		for (const metric of metrics) {
			if (metric.name !== null && metric.alias !== null) {
				node.aliases.set(metric.alias, { name: metric.name, deviceId });
			}
			this.#setMetric(node, deviceId, metric, metric.name, timeUs);
		}
	}

	#data(
		node: NodeState,
		deviceId: string | null,
		metrics: readonly SparkplugMetric[],
		timeUs: number,
		warnings: string[],
	): void {
		if (deviceId !== null && !node.devices.has(deviceId)) {
			this.#device(node, deviceId, 'unknown', timeUs);
		}
		const unknown: string[] = [];
		for (const metric of metrics) {
			let name = metric.name;
			if (name === null && metric.alias !== null) {
				name = node.aliases.get(metric.alias)?.name ?? null;
				if (name === null) unknown.push(metric.alias.toString());
			}
			// Historical values are back-fill, not the current value (§6.4.6).
			if (!metric.isHistorical) this.#setMetric(node, deviceId, metric, name, timeUs);
		}
		if (unknown.length > 0) {
			warnings.push(
				`alias ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? '…' : ''} not named by any BIRTH seen since subscribing: ask the node to rebirth.`,
			);
		}
	}

	#setMetric(
		node: NodeState,
		deviceId: string | null,
		metric: SparkplugMetric,
		name: string | null,
		timeUs: number,
	): void {
		const key = metricKey(deviceId, name, metric.alias);
		const known = node.metrics.get(key);
		if (known !== undefined) {
			known.value = metric.value;
			known.isNull = metric.isNull;
			known.timestamp = metric.timestamp;
			known.datatype = metric.datatype ?? known.datatype;
			known.updatedAtUs = timeUs;
			return;
		}
		if (node.metrics.size >= MAX_METRICS_PER_NODE) {
			this.shed += 1;
			return;
		}
		node.metrics.set(key, {
			deviceId,
			name,
			alias: metric.alias,
			datatype: metric.datatype ?? this.#birthType(node, metric.alias),
			value: metric.value,
			isNull: metric.isNull,
			timestamp: metric.timestamp,
			updatedAtUs: timeUs,
		});
	}

	/** A DATA metric may leave out its datatype: the BIRTH said it. */
	#birthType(node: NodeState, alias: bigint | null): number | null {
		if (alias === null) return null;
		const target = node.aliases.get(alias);
		if (target === undefined) return null;
		return node.metrics.get(metricKey(target.deviceId, target.name, alias))?.datatype ?? null;
	}

	#warn(node: NodeState, warning: string): void {
		node.warnings.push(warning);
		if (node.warnings.length > MAX_WARNINGS) node.warnings.shift();
	}

	#note(topic: string, note: MessageNote): void {
		this.#notes.delete(topic);
		this.#notes.set(topic, note);
		if (this.#notes.size > MAX_TOPIC_NOTES) {
			const oldest = this.#notes.keys().next().value;
			if (oldest !== undefined) this.#notes.delete(oldest);
		}
	}

	/** The version of a node's table, to tell a view whether to send it again; -1 when unknown. */
	version(groupId: string, edgeNodeId: string): number {
		return this.#nodes.get(nodeKey(groupId, edgeNodeId))?.version ?? -1;
	}

	/** Every node known, for a listing. */
	nodes(): { groupId: string; edgeNodeId: string }[] {
		return [...this.#nodes.values()].map(({ groupId, edgeNodeId }) => ({ groupId, edgeNodeId }));
	}

	/** The node's table, at most `maxMetrics` rows, device metrics after the node's. */
	view(groupId: string, edgeNodeId: string, maxMetrics = 5_000): SparkplugNodeView | null {
		const node = this.#nodes.get(nodeKey(groupId, edgeNodeId));
		if (node === undefined) return null;
		const all = [...node.metrics.values()].sort(
			(a, b) =>
				(a.deviceId ?? '').localeCompare(b.deviceId ?? '') ||
				(a.name ?? '\uffff').localeCompare(b.name ?? '\uffff') ||
				Number((a.alias ?? 0n) - (b.alias ?? 0n)),
		);
		return {
			groupId,
			edgeNodeId,
			status: node.status,
			birthAt: usToMs(node.birthAtUs),
			deathAt: usToMs(node.deathAtUs),
			bdSeq: node.bdSeq?.toString() ?? null,
			lastSeq: node.lastSeq,
			seqGaps: node.seqGaps,
			lastGap: node.lastGap,
			messages: node.messages,
			devices: [...node.devices.entries()]
				.map(([deviceId, device]) => ({
					deviceId,
					status: device.status,
					birthAt: usToMs(device.birthAtUs),
					deathAt: usToMs(device.deathAtUs),
				}))
				.sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
			metrics: all.slice(0, maxMetrics).map((metric) => ({
				deviceId: metric.deviceId,
				name: metric.name,
				alias: metric.alias?.toString() ?? null,
				datatype: dataTypeName(metric.datatype),
				value: metricValueText(metric.value, metric.isNull),
				timestamp: timestampMs(metric.timestamp),
				updatedAt: Math.floor(metric.updatedAtUs / 1000),
			})),
			omittedMetrics: Math.max(0, all.length - maxMetrics),
			warnings: [...node.warnings],
		};
	}

	/**
	 * Fills in what the state knows about a decoded message: names of aliases (from the node's
	 * BIRTH), and the seq check made when it arrived (when `timeUs` is that message's).
	 */
	annotate(topic: string, timeUs: number | null, view: SparkplugView): SparkplugView {
		const node = this.#nodes.get(nodeKey(view.groupId, view.edgeNodeId));
		const note = this.#notes.get(topic);
		const isThisMessage = note !== undefined && timeUs !== null && note.timeUs === timeUs;
		const metrics = view.metrics.map((metric) => {
			if (metric.name !== null || metric.alias === null || node === undefined) return metric;
			const target = node.aliases.get(BigInt(metric.alias));
			if (target === undefined) return metric;
			const datatype =
				metric.datatype === 'unspecified'
					? dataTypeName(this.#birthType(node, BigInt(metric.alias)))
					: metric.datatype;
			return { ...metric, name: target.name, nameSource: 'birth' as const, datatype };
		});
		const unresolved = metrics.filter((metric) => metric.nameSource === 'unknown').length;
		const warnings = [...view.warnings];
		if (unresolved > 0) {
			warnings.push(
				node === undefined || node.status === 'unknown'
					? `${unresolved} ${unresolved === 1 ? 'metric has' : 'metrics have'} only an alias, and no BIRTH of this node was seen since subscribing: ask it to rebirth.`
					: `${unresolved} ${unresolved === 1 ? 'alias is' : 'aliases are'} not in the node's BIRTH.`,
			);
		}
		if (isThisMessage) {
			for (const warning of note.warnings)
				if (!warning.startsWith('alias ')) warnings.push(warning);
		}
		return {
			...view,
			metrics,
			seqNote: isThisMessage ? note.seqNote : view.seqNote,
			isSeqGap: isThisMessage ? note.isSeqGap : view.isSeqGap,
			warnings,
		};
	}
}
