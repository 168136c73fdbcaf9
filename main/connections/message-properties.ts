/**
 * MQTT.js's reading of a PUBLISH's MQTT 5 properties, turned into ours.
 *
 * MQTT.js (mqtt-packet) folds User Properties into an object keyed by name, which loses their
 * order across names; when the connection has the frame's own decoding, its ordered list wins.
 */
import type { IPublishPacket } from 'mqtt';
import type { MessageProperties, UserProperty } from '../../shared/model/message';

type PublishProperties = NonNullable<IPublishPacket['properties']>;

/** MQTT.js's object form: a repeated name gets an array of values. */
function userPropertiesFromObject(
	object: Readonly<Record<string, string | string[]>>,
): UserProperty[] {
	const pairs: UserProperty[] = [];
	for (const [name, value] of Object.entries(object)) {
		if (Array.isArray(value)) for (const item of value) pairs.push([name, item]);
		else pairs.push([name, value]);
	}
	return pairs;
}

/**
 * Our properties for a received PUBLISH, or undefined when it carried none.
 *
 * `orderedUserProperties` is the wire-order list from the frame, when the connection has it.
 */
export function toMessageProperties(
	properties: PublishProperties | undefined,
	orderedUserProperties?: readonly UserProperty[],
): MessageProperties | undefined {
	if (properties === undefined) return undefined;
	const out: {
		-readonly [K in keyof MessageProperties]: MessageProperties[K];
	} = {};
	let hasAny = false;
	if (properties.payloadFormatIndicator !== undefined) {
		out.payloadFormatIndicator = properties.payloadFormatIndicator ? 1 : 0;
		hasAny = true;
	}
	if (properties.messageExpiryInterval !== undefined) {
		out.messageExpiryIntervalSeconds = properties.messageExpiryInterval;
		hasAny = true;
	}
	if (properties.topicAlias !== undefined) {
		out.topicAlias = properties.topicAlias;
		hasAny = true;
	}
	if (properties.responseTopic !== undefined) {
		out.responseTopic = properties.responseTopic;
		hasAny = true;
	}
	if (properties.correlationData !== undefined) {
		// A copy: MQTT.js's buffer may be a view of a socket chunk.
		out.correlationData = Uint8Array.from(properties.correlationData);
		hasAny = true;
	}
	if (properties.userProperties !== undefined) {
		out.userProperties =
			orderedUserProperties ??
			userPropertiesFromObject(
				properties.userProperties as Readonly<Record<string, string | string[]>>,
			);
		hasAny = true;
	}
	const identifiers = properties.subscriptionIdentifier as number | number[] | undefined;
	if (identifiers !== undefined) {
		out.subscriptionIdentifiers = Array.isArray(identifiers) ? identifiers : [identifiers];
		hasAny = true;
	}
	if (properties.contentType !== undefined) {
		out.contentType = properties.contentType;
		hasAny = true;
	}
	return hasAny ? out : undefined;
}
