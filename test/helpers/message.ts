/** Messages as a connection emits them, for tests that feed models directly. */
import type { MessageProperties, MqttMessage } from '../../shared/model/message';
import type { QoS } from '../../shared/mqtt/protocol';

export interface MessageOptions {
	readonly qos?: QoS;
	readonly retain?: boolean;
	/** Milliseconds since the epoch (the message keeps microseconds). */
	readonly timeMs?: number;
	readonly properties?: MessageProperties;
}

export function message(
	topic: string,
	payload: Uint8Array | string,
	options: MessageOptions = {},
): MqttMessage {
	return {
		topic,
		payload: typeof payload === 'string' ? new TextEncoder().encode(payload) : payload,
		qos: options.qos ?? 0,
		retain: options.retain ?? false,
		dup: false,
		properties: options.properties,
		timeUs: (options.timeMs ?? 0) * 1000,
		direction: 'in',
	};
}
