/**
 * Messages as every consumer sees them: the connection emits them (received or sent), the topic
 * tree keeps the last one per topic, history stores them all, the renderer gets previews.
 */
import type { QoS } from '../mqtt/protocol';

/** Payload bytes sent to the renderer for one message; the rest stays in main. */
export const MAX_PREVIEW_BYTES = 64 * 1024;

/** The most bytes one `topic:payload` request answers: larger payloads are read page by page. */
export const MAX_PAYLOAD_PAGE_BYTES = 1024 * 1024;

export type MessageDirection = 'in' | 'out';

/** One user property; a message keeps them in wire order, duplicates included. */
export type UserProperty = readonly [name: string, value: string];

/**
 * The MQTT 5 properties a PUBLISH can carry (MQTT 5.0 §3.3.2.3). Absent means the PUBLISH did
 * not carry it.
 */
export interface MessageProperties {
	/** 1: the payload is UTF-8 text; 0: unspecified bytes. */
	readonly payloadFormatIndicator?: 0 | 1;
	readonly messageExpiryIntervalSeconds?: number;
	readonly topicAlias?: number;
	readonly responseTopic?: string;
	readonly correlationData?: Uint8Array;
	readonly userProperties?: readonly UserProperty[];
	/** One per matching subscription that has an identifier. */
	readonly subscriptionIdentifiers?: readonly number[];
	readonly contentType?: string;
}

/** A message received from the broker or published by us, as the connection emits it. */
export interface MqttMessage {
	readonly topic: string;
	readonly payload: Uint8Array;
	readonly qos: QoS;
	readonly retain: boolean;
	readonly dup: boolean;
	/** MQTT 5 properties; undefined when the PUBLISH had none (always on 3.1 and 3.1.1). */
	readonly properties: MessageProperties | undefined;
	/** Microseconds since the epoch, read when the PUBLISH's bytes arrived. */
	readonly timeUs: number;
	readonly direction: MessageDirection;
}

export interface MessageView {
	readonly topic: string;
	readonly payloadPreview: Uint8Array;
	readonly sizeBytes: number;
	/** True when `payloadPreview` holds fewer bytes than the message had. */
	readonly truncated: boolean;
	readonly qos: QoS;
	readonly retain: boolean;
	/** Milliseconds since the epoch. */
	readonly receivedAt: number;
	/** Microseconds since the epoch: the same stamp as the PUBLISH frame that carried it. */
	readonly receivedAtUs: number;
	/** How many messages this topic has received since the connection opened. */
	readonly messageCount: number;
	readonly properties: MessageProperties | undefined;
}

/** A slice of a message's payload, read on demand (the whole payload never crosses at once). */
export interface PayloadPage {
	readonly bytes: Uint8Array;
	/** Where `bytes` starts in the payload. */
	readonly offset: number;
	readonly sizeBytes: number;
	/** The message's stamp and count: pass them back so later pages come from the same message. */
	readonly receivedAtUs: number;
	readonly messageCount: number;
}
