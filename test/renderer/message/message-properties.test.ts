import { describe, expect, it } from 'vitest';
import {
	describeCorrelation,
	propertyLines,
} from '../../../renderer/features/message/message-properties';

describe('propertyLines', () => {
	it('lists every one-value property in a fixed order with plain labels', () => {
		const lines = propertyLines({
			topicAlias: 3,
			subscriptionIdentifiers: [7, 42],
			messageExpiryIntervalSeconds: 86_400,
			responseTopic: 'reply/here',
			payloadFormatIndicator: 1,
			contentType: 'application/json',
		});
		expect(lines.map(({ label, value }) => [label, value])).toEqual([
			['Content type', 'application/json'],
			['Payload format', 'UTF-8 text (1)'],
			['Response topic', 'reply/here'],
			['Message expiry', '86,400 s'],
			['Subscription identifiers', '7, 42'],
			['Topic alias', '3'],
		]);
	});

	it('leaves absent properties out and names unspecified bytes', () => {
		expect(propertyLines({ payloadFormatIndicator: 0, subscriptionIdentifiers: [1] })).toEqual([
			{ key: 'payload-format', label: 'Payload format', value: 'unspecified bytes (0)' },
			{ key: 'subscription-identifiers', label: 'Subscription identifier', value: '1' },
		]);
		expect(propertyLines({})).toEqual([]);
	});
});

describe('describeCorrelation', () => {
	it('offers text when the bytes are text, and always hex', () => {
		expect(describeCorrelation(new TextEncoder().encode('req-17'))).toEqual({
			text: 'req-17',
			hex: '7265712d3137',
		});
		expect(describeCorrelation(new Uint8Array([0, 0xff]))).toEqual({ text: null, hex: '00ff' });
	});
});
