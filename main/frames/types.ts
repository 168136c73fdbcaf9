/**
 * What the frame log shows per frame: plain values that can cross IPC as they are.
 *
 * These types would move to shared/ once a frames channel exists in the IPC contract.
 */
import type { DecodedFrame, PacketTypeName, ProtocolLevel } from '../../shared/mqtt/codec/types';
import type { WireDirection } from '../connections/tap';

export type { WireDirection } from '../connections/tap';

/** What went wrong in a flow, flagged on the frame where it shows. */
export type FlowFlag =
	| 'ack-missing'
	| 'duplicate-redelivery'
	| 'packet-id-reused'
	| 'suback-downgraded'
	| 'suback-refused'
	| 'receive-maximum-exceeded'
	| 'unexpected-ack';

/** A packet type, or an entry recording that the byte stream could not be framed any further. */
export type FrameType = PacketTypeName | 'RESERVED' | 'STREAM-ERROR';

/** One row of the frames list. */
export interface FrameSummary {
	readonly seq: number;
	/** Microseconds since the Unix epoch. */
	readonly timeUs: number;
	readonly direction: WireDirection;
	/** 1 for the first socket of the connection, +1 per reconnect. */
	readonly session: number;
	readonly type: FrameType;
	readonly packetId?: number;
	readonly topic?: string;
	readonly qos?: number;
	readonly sizeBytes: number;
	readonly reasonCode?: number;
	/** One line, e.g. "PUBLISH qos1 id=7 sensors/a (12 B)". */
	readonly summary: string;
	readonly flags: readonly FlowFlag[];
}

/** Which entries a window shows; every given criterion must hold. */
export interface FrameFilter {
	readonly types?: readonly FrameType[];
	readonly direction?: WireDirection;
	/** An MQTT topic filter matched against PUBLISH topics; other packets are left out when set. */
	readonly topicFilter?: string;
}

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

/** One entry in full, for the frame inspector. */
export interface FrameDetail {
	readonly summary: FrameSummary;
	readonly bytes: Uint8Array;
	/** Undefined for a stream error entry, which has no frame. */
	readonly decoded?: DecodedFrame;
	readonly pairedSeqs: readonly number[];
	readonly rttUs?: number;
	readonly error?: string;
}

/** A page of the (filtered) list. */
export interface FrameWindow {
	/** Entries matching the filter, in the whole ring. */
	readonly totalMatching: number;
	readonly offset: number;
	readonly entries: readonly FrameSummary[];
}
