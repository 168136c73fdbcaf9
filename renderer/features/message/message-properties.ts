/** How a message's MQTT 5 properties read in the message panel. Pure functions. */
import type { MessageProperties } from '../../../shared/model/message';
import { payloadText } from '../../../shared/model/payload-text';
import { formatCount, plainHex } from '../../lib/format';

export interface PropertyLine {
	readonly label: string;
	readonly value: string;
	/** For tests and the accessibility tree: stable names, not the label text. */
	readonly key: string;
	readonly title?: string;
}

export function payloadFormatLabel(indicator: 0 | 1): string {
	return indicator === 1 ? 'UTF-8 text (1)' : 'unspecified bytes (0)';
}

/** Correlation data: its text when it is text, always its hex (the panel offers both). */
export function describeCorrelation(bytes: Uint8Array): {
	readonly text: string | null;
	readonly hex: string;
} {
	return { text: bytes.length === 0 ? null : payloadText(bytes), hex: plainHex(bytes) };
}

/**
 * The one-value properties in the order the panel lists them (user properties and correlation
 * data have their own shapes). Absent properties are left out.
 */
export function propertyLines(properties: MessageProperties): PropertyLine[] {
	const lines: PropertyLine[] = [];
	if (properties.contentType !== undefined)
		lines.push({ key: 'content-type', label: 'Content type', value: properties.contentType });
	if (properties.payloadFormatIndicator !== undefined)
		lines.push({
			key: 'payload-format',
			label: 'Payload format',
			value: payloadFormatLabel(properties.payloadFormatIndicator),
		});
	if (properties.responseTopic !== undefined)
		lines.push({ key: 'response-topic', label: 'Response topic', value: properties.responseTopic });
	if (properties.messageExpiryIntervalSeconds !== undefined)
		lines.push({
			key: 'message-expiry',
			label: 'Message expiry',
			value: `${formatCount(properties.messageExpiryIntervalSeconds)} s`,
			// [MQTT-3.3.2-6] the broker forwards what remained of the interval when it sent it.
			title:
				'As received: the broker sends what remained of the interval when it forwarded the message.',
		});
	if (properties.subscriptionIdentifiers !== undefined)
		lines.push({
			key: 'subscription-identifiers',
			label:
				properties.subscriptionIdentifiers.length === 1
					? 'Subscription identifier'
					: 'Subscription identifiers',
			value: properties.subscriptionIdentifiers.join(', '),
		});
	if (properties.topicAlias !== undefined)
		lines.push({ key: 'topic-alias', label: 'Topic alias', value: String(properties.topicAlias) });
	return lines;
}
