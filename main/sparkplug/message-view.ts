/**
 * A decoded Sparkplug B payload as the message view shows it: its metrics with names (aliases
 * are resolved later, by the connection's state), and the whole payload as a plain object tree.
 */
import type { SparkplugView } from '../../shared/decode/decoder';
import { parseSparkplugTopic } from '../../shared/decode/sparkplug-topic';
import { metricValueText, timestampMs } from './display';
import { dataTypeName, type SparkplugPayload } from './payload';

export function sparkplugView(topic: string, payload: SparkplugPayload): SparkplugView {
	const parsed = parseSparkplugTopic(topic);
	const parts =
		parsed?.kind === 'payload'
			? parsed
			: { messageType: 'unknown', groupId: '', edgeNodeId: '', deviceId: null };
	const warnings: string[] = [];
	if (parsed?.kind !== 'payload') {
		warnings.push(`${topic} is not a Sparkplug B topic: no node state applies to it.`);
	}
	const bdSeq = payload.metrics.find((metric) => metric.name === 'bdSeq')?.value;
	return {
		messageType: parts.messageType,
		groupId: parts.groupId,
		edgeNodeId: parts.edgeNodeId,
		deviceId: parts.deviceId,
		timestamp: timestampMs(payload.timestamp),
		seq: timestampMs(payload.seq),
		seqNote: null,
		isSeqGap: false,
		bdSeq: typeof bdSeq === 'bigint' || typeof bdSeq === 'number' ? String(bdSeq) : null,
		metrics: payload.metrics.map((metric) => ({
			name: metric.name,
			alias: metric.alias?.toString() ?? null,
			nameSource: metric.name !== null ? 'payload' : 'unknown',
			datatype: dataTypeName(metric.datatype),
			value: metricValueText(metric.value, metric.isNull),
			timestamp: timestampMs(metric.timestamp),
			isHistorical: metric.isHistorical,
			isTransient: metric.isTransient,
			isNull: metric.isNull,
		})),
		uuid: payload.uuid,
		body: payload.body,
		warnings,
	};
}

/** The payload as plain data for the tree: snake_case field names as on the wire. */
export function sparkplugTreeValue(payload: SparkplugPayload): unknown {
	const out: Record<string, unknown> = {};
	if (payload.timestamp !== null) out.timestamp = payload.timestamp;
	out.metrics = payload.metrics.map((metric) => {
		const entry: Record<string, unknown> = {};
		if (metric.name !== null) entry.name = metric.name;
		if (metric.alias !== null) entry.alias = metric.alias;
		if (metric.timestamp !== null) entry.timestamp = metric.timestamp;
		if (metric.datatype !== null)
			entry.datatype = `${dataTypeName(metric.datatype)} (${metric.datatype})`;
		if (metric.isHistorical) entry.is_historical = true;
		if (metric.isTransient) entry.is_transient = true;
		if (metric.isNull) entry.is_null = true;
		if (metric.properties !== null) entry.properties = metric.properties;
		if (metric.valueField !== null) entry[metric.valueField] = metric.value;
		return entry;
	});
	if (payload.seq !== null) out.seq = payload.seq;
	if (payload.uuid !== null) out.uuid = payload.uuid;
	if (payload.body !== null) out.body = payload.body;
	return out;
}
