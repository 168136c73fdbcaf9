/** The one-line text of a frames list row, built when a row is shown, never at ingest. */
import { PACKET_TYPE_NAMES } from '../../shared/mqtt/codec/types';
import { matchTopic } from '../../shared/mqtt/topic';
import { isTopicFromAlias } from './topic-aliases';
import type {
	FlowFlag,
	FrameFilter,
	FrameSummary,
	FrameType,
	HeaderPeek,
	WireDirection,
} from './types';

/** What the frame log keeps per entry that a row is made from: the peek plus where and when. */
export interface SummarySource extends HeaderPeek {
	readonly seq: number;
	readonly timeUs: number;
	readonly direction: WireDirection;
	readonly session: number;
	readonly bytes: Uint8Array;
	/** Set on a stream error entry, whose peek fields mean nothing. */
	readonly error: string | undefined;
	readonly flags: readonly FlowFlag[] | undefined;
}

/** The type name for a type code; AUTH only exists from MQTT 5 but is named anyway. */
export function frameTypeOf(peek: HeaderPeek): FrameType {
	return PACKET_TYPE_NAMES[peek.typeCode] ?? 'RESERVED';
}

function hex(code: number): string {
	return `0x${code.toString(16).padStart(2, '0')}`;
}

/**
 * E.g. "PUBLISH qos1 id=7 sensors/a (12 B)", "SUBACK id=3 [0x01, 0x80]", "CONNACK rc=0x00 (4 B)".
 *
 * PUBLISH counts payload bytes; every other packet its whole frame.
 */
export function summaryLine(peek: HeaderPeek, sizeBytes: number, isTopicFromAlias = false): string {
	const type = frameTypeOf(peek);
	const parts: string[] = [type];
	if (type === 'PUBLISH') {
		parts.push(`qos${peek.qos ?? 0}`);
		if (peek.isDup === true) parts.push('dup');
		if (peek.isRetain === true) parts.push('retain');
	}
	if (peek.packetId !== undefined) parts.push(`id=${peek.packetId}`);
	if (peek.topic !== undefined) parts.push(topicText(peek, isTopicFromAlias));
	if (peek.connectLevel !== undefined) parts.push(`v${peek.connectLevel}`);
	if (peek.requestedQos !== undefined) {
		parts.push(`${peek.requestedQos.length} filter${peek.requestedQos.length === 1 ? '' : 's'}`);
	} else if (peek.filterCount !== undefined) {
		parts.push(`${peek.filterCount} filter${peek.filterCount === 1 ? '' : 's'}`);
	}
	if (peek.reasonCodes !== undefined) parts.push(`[${peek.reasonCodes.map(hex).join(', ')}]`);
	else if (peek.reasonCode !== undefined) parts.push(`rc=${hex(peek.reasonCode)}`);
	if (peek.isTruncated === true) parts.push('truncated');
	const bytes =
		type === 'PUBLISH' && peek.payloadBytes !== undefined ? peek.payloadBytes : sizeBytes;
	parts.push(`(${bytes} B)`);
	return parts.join(' ');
}

/** The topic part of a PUBLISH line: "a/b (alias 3)", "a/b (sets alias 3)", "(alias 3 never set)". */
function topicText(peek: HeaderPeek, isTopicFromAlias: boolean): string {
	const alias = peek.topicAlias;
	if (alias === undefined) return peek.topic === '' ? '(empty topic)' : (peek.topic ?? '');
	if (isTopicFromAlias) return `${peek.topic ?? ''} (alias ${alias})`;
	if (peek.topic === '') return `(alias ${alias} never set)`;
	return `${peek.topic ?? ''} (sets alias ${alias})`;
}

/** A list row; `isOverdue` adds `ack-missing` to a frame still waiting past the ack timeout. */
export function summarise(source: SummarySource, isOverdue: boolean): FrameSummary {
	const flags = [...(source.flags ?? [])];
	if (isOverdue && !flags.includes('ack-missing')) flags.push('ack-missing');
	const base = {
		seq: source.seq,
		timeUs: source.timeUs,
		direction: source.direction,
		session: source.session,
		sizeBytes: source.bytes.length,
		flags,
	};
	const peek = source;
	if (source.error !== undefined) {
		return { ...base, type: 'STREAM-ERROR', summary: `STREAM-ERROR ${source.error ?? ''}` };
	}
	const fromAlias = isTopicFromAlias(source);
	return {
		...base,
		type: frameTypeOf(peek),
		summary: summaryLine(peek, source.bytes.length, fromAlias),
		...(peek.packetId === undefined ? {} : { packetId: peek.packetId }),
		...(peek.topic === undefined ? {} : { topic: peek.topic }),
		...(peek.topicAlias === undefined
			? {}
			: { topicAlias: peek.topicAlias, isTopicFromAlias: fromAlias }),
		...(peek.qos === undefined ? {} : { qos: peek.qos }),
		...(peek.reasonCode === undefined ? {} : { reasonCode: peek.reasonCode }),
	};
}

/** Whether an entry passes every criterion the filter sets. */
export function matchesFilter(source: SummarySource, filter: FrameFilter): boolean {
	if (filter.direction !== undefined && source.direction !== filter.direction) return false;
	if (filter.types !== undefined) {
		const type: FrameType = source.error === undefined ? frameTypeOf(source) : 'STREAM-ERROR';
		if (!filter.types.includes(type)) return false;
	}
	if (filter.topicFilter !== undefined) {
		const topic = source.topic;
		if (topic === undefined || !matchTopic(filter.topicFilter, topic)) return false;
	}
	return true;
}
