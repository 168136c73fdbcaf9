/**
 * Frame types: the shared ones cross IPC (shared/model/frames.ts); the header peek stays in main.
 */
import type { ProtocolLevel } from '../../shared/mqtt/codec/types';

export type {
	FlowFlag,
	FrameDetail,
	FrameFilter,
	FrameSummary,
	FrameType,
	FrameWindow,
	WireDirection,
} from '../../shared/model/frames';

/** The facts a flow or a list row needs, read from a frame without decoding it. */
export interface HeaderPeek {
	readonly typeCode: number;
	/** The low four bits of the first byte. */
	readonly headerFlags: number;
	/** Fixed header length: 1 + the remaining length bytes. */
	readonly headerBytes: number;
	readonly remainingLength: number;
	readonly packetId?: number;
	/** PUBLISH: from the flags; may be 3 on a malformed frame. */
	readonly qos?: number;
	readonly isDup?: boolean;
	readonly isRetain?: boolean;
	readonly topic?: string;
	/** PUBLISH: bytes of application payload. */
	readonly payloadBytes?: number;
	/** CONNACK, MQTT 5 acks, DISCONNECT, AUTH. */
	readonly reasonCode?: number;
	/** SUBACK, and UNSUBACK on MQTT 5. */
	readonly reasonCodes?: readonly number[];
	/** SUBSCRIBE: the maximum QoS asked for, per filter. */
	readonly requestedQos?: readonly number[];
	/** UNSUBSCRIBE and SUBSCRIBE: how many filters. */
	readonly filterCount?: number;
	/** CONNECT: the protocol level it asks for. */
	readonly connectLevel?: ProtocolLevel;
	/** Set when the frame ends before a field the peek wanted. */
	readonly isTruncated?: boolean;
}
