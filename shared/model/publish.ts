/** What the publish panel and `topicscope pub` ask a connection to send, and what came of it. */
import type { QoS } from '../mqtt/protocol';
import type { MessageProperties } from './message';

/** The MQTT 5 properties a client may set on a PUBLISH (subscription identifiers are the broker's). */
export type PublishProperties = Omit<MessageProperties, 'subscriptionIdentifiers'>;

export interface PublishRequest {
	readonly topic: string;
	readonly payload: Uint8Array;
	readonly qos: QoS;
	readonly retain: boolean;
	/** MQTT 5 only; refused on 3.1 and 3.1.1, which have no properties. */
	readonly properties?: PublishProperties;
}

export type PublishOutcome =
	/** QoS 0: handed to the socket; nothing comes back. */
	| { readonly kind: 'sent' }
	/** QoS 1 (PUBACK) or 2 (PUBREC, then PUBCOMP): the broker's answer and the round trip. */
	| {
			readonly kind: 'acknowledged';
			readonly reasonCode: number;
			readonly reasonName: string;
			readonly rttUs: number;
	  };
