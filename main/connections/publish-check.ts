/**
 * Whether a publish can be sent: the topic's rules and the limits the broker stated in its
 * CONNACK, checked before anything reaches the wire, with the reason when it cannot.
 *
 * Pure: the Connection gathers the request and the capabilities, this decides.
 */
import type { AppError } from '../../shared/result';
import type { Capabilities } from '../../shared/model/frames';
import type { PublishRequest } from '../../shared/model/publish';
import { encodePacket } from '../../shared/mqtt/codec/encode';
import type { Properties } from '../../shared/mqtt/properties';
import { findTopicNameProblem } from '../../shared/mqtt/topic';

/** Our PUBLISH properties in the codec's shape (for sizing the packet exactly). */
export function toCodecProperties(request: PublishRequest): Properties | undefined {
	const p = request.properties;
	if (p === undefined) return undefined;
	return {
		...(p.payloadFormatIndicator === undefined
			? {}
			: { payloadFormatIndicator: p.payloadFormatIndicator }),
		...(p.messageExpiryIntervalSeconds === undefined
			? {}
			: { messageExpiryInterval: p.messageExpiryIntervalSeconds }),
		...(p.topicAlias === undefined ? {} : { topicAlias: p.topicAlias }),
		...(p.responseTopic === undefined ? {} : { responseTopic: p.responseTopic }),
		...(p.correlationData === undefined ? {} : { correlationData: p.correlationData }),
		...(p.userProperties === undefined
			? {}
			: { userProperties: p.userProperties.map(([name, value]) => [name, value]) }),
		...(p.contentType === undefined ? {} : { contentType: p.contentType }),
	};
}

/** The PUBLISH's size on the wire in bytes (the payload is not copied to find out). */
export function publishPacketBytes(request: PublishRequest, level: 3 | 4 | 5): number {
	const properties = level === 5 ? toCodecProperties(request) : undefined;
	const head = encodePacket(
		{
			type: 'PUBLISH',
			dup: false,
			qos: request.qos,
			retain: request.retain,
			topicName: request.topic,
			...(request.qos > 0 ? { packetId: 1 } : {}),
			...(properties ? { properties } : {}),
			payload: new Uint8Array(0),
		},
		{ protocolLevel: level },
	);
	if (!head.ok) return Number.POSITIVE_INFINITY;
	const remaining = head.value.length - headerBytes(head.value) + request.payload.length;
	return 1 + varintBytes(remaining) + remaining;
}

function varintBytes(value: number): number {
	return value < 128 ? 1 : value < 16_384 ? 2 : value < 2_097_152 ? 3 : 4;
}

function headerBytes(frame: Uint8Array): number {
	let index = 1;
	while (index < 5 && ((frame[index] ?? 0) & 0x80) !== 0) index++;
	return index + 1;
}

/** The most a remaining length can say: 256 MB [MQTT-2.2.3]. */
const MAX_REMAINING_LENGTH = 268_435_455;

/** The first reason this publish cannot be sent, or null. */
export function checkPublish(request: PublishRequest, capabilities: Capabilities): AppError | null {
	const level = capabilities.protocolLevel;
	const topicProblem = findTopicNameProblem(request.topic, level);
	if (topicProblem !== undefined) {
		return {
			code: 'invalid-topic',
			message: `Topic ${request.topic || "''"}: ${topicProblem.message}`,
			detail: topicProblem.rule,
		};
	}
	if (
		level !== 5 &&
		request.properties !== undefined &&
		Object.keys(request.properties).length > 0
	) {
		return {
			code: 'publish-failed',
			message: 'MQTT 3.1 and 3.1.1 have no message properties: remove them or connect with MQTT 5.',
		};
	}
	const maximumQoS = capabilities.maximumQoS.value;
	if (request.qos > maximumQoS) {
		return {
			code: 'publish-failed',
			message: `The broker accepts at most QoS ${maximumQoS} (its CONNACK says so): publish with QoS ${maximumQoS} or lower.`,
		};
	}
	if (request.retain && !capabilities.retainAvailable.value) {
		return {
			code: 'publish-failed',
			message:
				'The broker does not keep retained messages (CONNACK Retain Available = 0): publish without retain.',
		};
	}
	const alias = request.properties?.topicAlias;
	if (alias !== undefined) {
		const maximum = capabilities.topicAliasMaximum.value;
		if (alias < 1 || alias > maximum) {
			return {
				code: 'publish-failed',
				message:
					maximum === 0
						? 'The broker takes no topic aliases (CONNACK Topic Alias Maximum is 0): leave the alias out.'
						: `Topic alias ${alias} is outside 1 to ${maximum}, the broker's Topic Alias Maximum.`,
			};
		}
	}
	const bytes = publishPacketBytes(request, level);
	const limit = capabilities.maximumPacketSizeBytes.value;
	if (limit !== undefined && bytes > limit) {
		return {
			code: 'publish-failed',
			message: `This PUBLISH is ${bytes.toLocaleString('en-US')} bytes; the broker's Maximum Packet Size is ${limit.toLocaleString('en-US')} bytes. Send a smaller payload.`,
		};
	}
	if (bytes - 5 > MAX_REMAINING_LENGTH) {
		return {
			code: 'publish-failed',
			message: 'MQTT cannot carry a packet over 256 MB [MQTT-2.2.3]: send a smaller payload.',
		};
	}
	return null;
}
