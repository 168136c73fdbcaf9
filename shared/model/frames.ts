/** What the frame log shows per frame and per connection: plain values that cross IPC as they are. */
import {
	PACKET_TYPE_NAMES,
	type DecodedFrame,
	type PacketTypeName,
	type ProtocolLevel,
	type QoS,
} from '../mqtt/codec/types';

export type WireDirection = 'in' | 'out';

/** What went wrong in a flow, flagged on the frame where it shows. */
export type FlowFlag =
	| 'ack-missing'
	| 'duplicate-redelivery'
	| 'packet-id-reused'
	| 'suback-downgraded'
	| 'suback-refused'
	| 'receive-maximum-exceeded'
	| 'unexpected-ack'
	/** A PUBLISH with an empty topic and a Topic Alias never set on this socket (3.3.2.3.4). */
	| 'topic-alias-unknown'
	/** A Topic Alias of 0 or above the receiver's Topic Alias Maximum ([MQTT-3.3.2-9], -11). */
	| 'topic-alias-out-of-range';

/** A packet type, or an entry recording that the byte stream could not be framed any further. */
export type FrameType = PacketTypeName | 'RESERVED' | 'STREAM-ERROR';

/** Every frame type, in type-code order, for filters. */
export const FRAME_TYPES: readonly FrameType[] = [
	...PACKET_TYPE_NAMES.filter((name): name is PacketTypeName => name !== 'RESERVED'),
	'RESERVED',
	'STREAM-ERROR',
];

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
	/** PUBLISH: its topic, the one its Topic Alias stands for when it came with an empty one. */
	readonly topic?: string;
	/** MQTT 5 PUBLISH: the Topic Alias it carries. */
	readonly topicAlias?: number;
	/** True when the frame's topic was empty and `topic` was resolved from `topicAlias`. */
	readonly isTopicFromAlias?: boolean;
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

export interface Capability<T> {
	readonly value: T;
	/** True when the CONNACK did not state it and `value` is the spec's default. */
	readonly isDefault: boolean;
}

export interface Capabilities {
	readonly protocolLevel: ProtocolLevel;
	readonly sessionPresent: boolean;
	readonly reasonCode: number;
	readonly reasonName: string;
	readonly isAccepted: boolean;
	readonly assignedClientIdentifier?: string;
	/** Undefined when the broker keeps the client's keep alive. */
	readonly serverKeepAliveSeconds: Capability<number | undefined>;
	readonly maximumQoS: Capability<QoS>;
	readonly retainAvailable: Capability<boolean>;
	/** Undefined: no limit beyond the protocol's. */
	readonly maximumPacketSizeBytes: Capability<number | undefined>;
	readonly topicAliasMaximum: Capability<number>;
	readonly wildcardSubscriptionAvailable: Capability<boolean>;
	readonly sharedSubscriptionAvailable: Capability<boolean>;
	readonly subscriptionIdentifiersAvailable: Capability<boolean>;
	readonly receiveMaximum: Capability<number>;
	readonly reasonString?: string;
	readonly serverReference?: string;
	readonly responseInformation?: string;
	readonly userProperties: readonly (readonly [string, string])[];
}

/**
 * A paused list: the frames that matched before `untilSeq`, each keeping its row while new frames
 * arrive and while the ring evicts the oldest (those rows are then reported gone, not refilled).
 */
export interface FrozenList {
	/** The sequence number the next frame had when the list was paused: newer frames are left out. */
	readonly untilSeq: number;
	/** Rows of the paused list, gone ones included; it neither grows nor shrinks while paused. */
	readonly rowCount: number;
	/** Rows at the top of the paused list whose frames have left the ring since it was paused. */
	readonly goneCount: number;
	/** Frames matching the filter that arrived since the list was paused (and are still held). */
	readonly newerMatching: number;
}

/** What a frames view receives: a window of the (filtered) list plus the log's counters. */
export interface FramesView {
	/** Rows in the list: the matching frames held, or the paused list's rows. */
	readonly totalMatching: number;
	/** Row index of the window's first row. */
	readonly offset: number;
	/**
	 * How many of the window's first rows are gone (a paused list whose oldest frames left the
	 * ring): `entries` start at row `offset + goneRows`.
	 */
	readonly goneRows: number;
	readonly entries: readonly FrameSummary[];
	/** Set while the list is paused. */
	readonly frozen: FrozenList | null;
	/** The sequence number the next frame will get (pausing anchors the list there). */
	readonly nextSeq: number;
	/** Frames captured since the connection opened, evicted ones included. */
	readonly totalCount: number;
	/** Frames dropped from the bounded ring to make room; shown, never silent. */
	readonly evictedCount: number;
	readonly capacity: number;
	readonly capabilities: Capabilities | null;
}

/**
 * Where the PUBLISH that carried a message is: found, evicted from the ring (it keeps only the
 * newest `capacity` frames), or never captured (frames were not recorded when it arrived).
 */
export type PublishLookup =
	| { readonly kind: 'found'; readonly seq: number }
	| { readonly kind: 'evicted'; readonly capacity: number; readonly evictedCount: number }
	| { readonly kind: 'not-captured' };
