/** Frames for tests, built with our encoder. */
import { encodePacket } from '../../../shared/mqtt/codec/encode';
import type { Packet, ProtocolLevel } from '../../../shared/mqtt/codec/types';

export function frame(packet: Packet, protocolLevel: ProtocolLevel = 4): Uint8Array {
	const result = encodePacket(packet, { protocolLevel });
	if (!result.ok) throw new Error(`cannot encode ${packet.type}: ${result.error.message}`);
	return result.value;
}

export function connect(protocolLevel: ProtocolLevel = 4): Uint8Array {
	return frame({
		type: 'CONNECT',
		protocolName: protocolLevel === 3 ? 'MQIsdp' : 'MQTT',
		protocolLevel,
		keepAlive: 60,
		clientId: 'frames-test',
		...(protocolLevel === 5 ? { cleanStart: true } : { cleanSession: true }),
	});
}

export function publish(
	topicName: string,
	qos: 0 | 1 | 2,
	packetId?: number,
	options: { dup?: boolean; payload?: string; level?: ProtocolLevel } = {},
): Uint8Array {
	return frame(
		{
			type: 'PUBLISH',
			dup: options.dup ?? false,
			qos,
			retain: false,
			topicName,
			...(packetId === undefined ? {} : { packetId }),
			payload: new TextEncoder().encode(options.payload ?? 'hello'),
		},
		options.level,
	);
}

export function ack(
	type: 'PUBACK' | 'PUBREC' | 'PUBREL' | 'PUBCOMP',
	packetId: number,
	level: ProtocolLevel = 4,
): Uint8Array {
	return frame({ type, packetId }, level);
}
