/** A received message as the renderer sees it: a preview of the payload, never a silent cut. */
import type { QoS } from '../mqtt/protocol';

/** Payload bytes sent to the renderer for one message; the rest stays in main. */
export const MAX_PREVIEW_BYTES = 64 * 1024;

export interface MessageView {
	readonly topic: string;
	readonly payloadPreview: Uint8Array;
	readonly sizeBytes: number;
	/** True when `payloadPreview` holds fewer bytes than the message had. */
	readonly truncated: boolean;
	readonly qos: QoS;
	readonly retain: boolean;
	readonly receivedAt: number;
	/** How many messages this topic has received since the connection opened. */
	readonly messageCount: number;
}
