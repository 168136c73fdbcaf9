/** The one-line text of a frames list row, built when a row is shown, never at ingest. */
import { PACKET_TYPE_NAMES } from '../../shared/mqtt/codec/types';
import type { FrameType, HeaderPeek } from './types';

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
export function summaryLine(peek: HeaderPeek, sizeBytes: number): string {
	const type = frameTypeOf(peek);
	const parts: string[] = [type];
	if (type === 'PUBLISH') {
		parts.push(`qos${peek.qos ?? 0}`);
		if (peek.isDup === true) parts.push('dup');
		if (peek.isRetain === true) parts.push('retain');
	}
	if (peek.packetId !== undefined) parts.push(`id=${peek.packetId}`);
	if (peek.topic !== undefined) parts.push(peek.topic === '' ? '(alias)' : peek.topic);
	if (peek.protocolLevel !== undefined) parts.push(`v${peek.protocolLevel}`);
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
