import { describe, expect, it } from 'vitest';
import { toMessageProperties } from '../../../main/connections/message-properties';

describe('toMessageProperties', () => {
	it('maps every PUBLISH property and copies binary values', () => {
		const correlation = Buffer.from([1, 2, 3]);
		const properties = toMessageProperties({
			payloadFormatIndicator: true,
			messageExpiryInterval: 60,
			topicAlias: 4,
			responseTopic: 'reply/to',
			correlationData: correlation,
			userProperties: { a: ['1', '3'], b: '2' },
			subscriptionIdentifier: 9,
			contentType: 'application/json',
		});
		correlation[0] = 0xff;
		expect(properties).toEqual({
			payloadFormatIndicator: 1,
			messageExpiryIntervalSeconds: 60,
			topicAlias: 4,
			responseTopic: 'reply/to',
			correlationData: Uint8Array.from([1, 2, 3]),
			userProperties: [
				['a', '1'],
				['a', '3'],
				['b', '2'],
			],
			subscriptionIdentifiers: [9],
			contentType: 'application/json',
		});
	});

	it('prefers the wire order of User Properties when the frame was read', () => {
		const ordered = [
			['a', '1'],
			['b', '2'],
			['a', '3'],
		] as const;
		const properties = toMessageProperties({ userProperties: { a: ['1', '3'], b: '2' } }, ordered);
		expect(properties?.userProperties).toBe(ordered);
	});

	it('keeps several subscription identifiers and says nothing when there is nothing', () => {
		expect(toMessageProperties({ subscriptionIdentifier: [1, 7] })).toEqual({
			subscriptionIdentifiers: [1, 7],
		});
		expect(toMessageProperties({})).toBeUndefined();
		expect(toMessageProperties(undefined)).toBeUndefined();
		expect(toMessageProperties({ payloadFormatIndicator: false })).toEqual({
			payloadFormatIndicator: 0,
		});
	});
});
