/**
 * The broker's capabilities as its CONNACK states them, with the MQTT 5 defaults filled in.
 *
 * An MQTT 5 CONNACK leaves out every property whose value is the default, so the card shows each
 * value with `isDefault` to say "not stated: the spec's default". MQTT 3.1 / 3.1.1 CONNACKs carry
 * no properties: every capability is then the default.
 */
import type {
	ConnackPacket,
	DecodedFrame,
	ProtocolLevel,
	QoS,
} from '../../shared/mqtt/codec/types';
import type { Capabilities, Capability } from '../../shared/model/frames';
import { reasonCodeName } from '../../shared/mqtt/reason-codes';

export type { Capabilities, Capability } from '../../shared/model/frames';

function stated<T>(value: T | undefined, fallback: T): Capability<T> {
	return value === undefined ? { value: fallback, isDefault: true } : { value, isDefault: false };
}

/** A byte property that is a boolean: absent means available [MQTT 5 3.2.2.3.5, .11-.13]. */
function flag(value: number | undefined): Capability<boolean> {
	return value === undefined
		? { value: true, isDefault: true }
		: { value: value === 1, isDefault: false };
}

/**
 * Capabilities from a decoded CONNACK.
 *
 * Undefined when the frame is not a CONNACK or did not decode cleanly.
 */
export function capabilitiesFromConnack(decoded: DecodedFrame): Capabilities | undefined {
	const packet = decoded.packet;
	if (packet?.type !== 'CONNACK') return undefined;
	return capabilitiesOf(packet, decoded.protocolLevel);
}

/**
 * Capabilities from a CONNACK packet at a protocol level. Before MQTT 5 a CONNACK has no
 * properties: every capability is the default.
 */
export function capabilitiesOf(packet: ConnackPacket, level: ProtocolLevel): Capabilities {
	const p = packet.properties ?? {};
	const maximumQoS = p.maximumQoS;
	return {
		protocolLevel: level,
		sessionPresent: packet.sessionPresent,
		reasonCode: packet.reasonCode,
		reasonName: reasonCodeName(packet.reasonCode, 'CONNACK', level) ?? 'Unknown reason',
		isAccepted: packet.reasonCode === 0,
		...(p.assignedClientIdentifier === undefined
			? {}
			: { assignedClientIdentifier: p.assignedClientIdentifier }),
		serverKeepAliveSeconds: stated<number | undefined>(p.serverKeepAlive, undefined),
		// [MQTT 5 3.2.2.3.4] absent Maximum QoS: the broker supports QoS 2.
		maximumQoS: stated<QoS>(
			maximumQoS === 0 || maximumQoS === 1 ? maximumQoS : maximumQoS === undefined ? undefined : 2,
			2,
		),
		retainAvailable: flag(p.retainAvailable),
		maximumPacketSizeBytes: stated<number | undefined>(p.maximumPacketSize, undefined),
		// [MQTT 5 3.2.2.3.8] absent Topic Alias Maximum: 0, no aliases.
		topicAliasMaximum: stated(p.topicAliasMaximum, 0),
		wildcardSubscriptionAvailable: flag(p.wildcardSubscriptionAvailable),
		sharedSubscriptionAvailable: flag(p.sharedSubscriptionAvailable),
		subscriptionIdentifiersAvailable: flag(p.subscriptionIdentifiersAvailable),
		// [MQTT 5 3.2.2.3.3] absent Receive Maximum: 65,535.
		receiveMaximum: stated(p.receiveMaximum, 65_535),
		...(p.reasonString === undefined ? {} : { reasonString: p.reasonString }),
		...(p.serverReference === undefined ? {} : { serverReference: p.serverReference }),
		...(p.responseInformation === undefined ? {} : { responseInformation: p.responseInformation }),
		userProperties: p.userProperties ?? [],
	};
}
