/** The one NDJSON shape for a message: keys, time format, properties, and reading it back. */
import { describe, expect, it } from 'vitest';
import {
	formatTimeUs,
	messageFromJson,
	messageToJsonLine,
	parseTimeUs,
	type MessageRecord,
} from '../../../shared/model/message-json';

const record: MessageRecord = {
	timeUs: 1_714_564_800_123_456,
	connection: 'plant',
	topic: 'line/4/temp',
	qos: 1,
	retain: true,
	direction: 'out',
	payload: new TextEncoder().encode('21.5'),
	properties: {
		payloadFormatIndicator: 1,
		messageExpiryIntervalSeconds: 60,
		topicAlias: 3,
		responseTopic: 'line/4/reply',
		correlationData: Uint8Array.of(0xab, 0x01),
		userProperties: [
			['unit', 'C'],
			['site', 'x'],
			['unit', 'celsius'],
		],
		subscriptionIdentifiers: [4, 9],
		contentType: 'text/plain',
	},
};

describe('message NDJSON', () => {
	it('writes exactly the documented keys, in order, with the codec property names', () => {
		expect(messageToJsonLine(record)).toBe(
			'{"time":"2024-05-01T12:00:00.123456Z","connection":"plant","topic":"line/4/temp","qos":1,"retain":true,"direction":"out","payloadBase64":"MjEuNQ==","payloadText":"21.5","size":4,"properties":{"payloadFormatIndicator":1,"messageExpiryInterval":60,"topicAlias":3,"responseTopic":"line/4/reply","correlationData":"ab01","userProperties":[["unit","C"],["site","x"],["unit","celsius"]],"subscriptionIdentifier":[4,9],"contentType":"text/plain"}}',
		);
	});

	it('leaves out payloadText for bytes that are not UTF-8, and properties when there are none', () => {
		const line = JSON.parse(
			messageToJsonLine({ ...record, payload: Uint8Array.of(0xff, 0, 1), properties: undefined }),
		) as Record<string, unknown>;
		expect(Object.keys(line)).toEqual([
			'time',
			'connection',
			'topic',
			'qos',
			'retain',
			'direction',
			'payloadBase64',
			'size',
		]);
		expect(line.payloadBase64).toBe('/wAB');
	});

	it('reads back what it writes, byte for byte', () => {
		const back = messageFromJson(JSON.parse(messageToJsonLine(record)));
		expect(back).toEqual({ ok: true, value: record });
	});

	it.each([
		[{ topic: 'a', qos: 0, payloadBase64: '' }, '"time" must be an RFC 3339 time'],
		[{ time: '2024-02-30T00:00:00Z', topic: 'a', qos: 0, payloadBase64: '' }, '"time" must be'],
		[
			{ time: '2024-05-01T00:00:00Z', topic: '', qos: 0, payloadBase64: '' },
			'"topic" must be a non-empty string',
		],
		[
			{ time: '2024-05-01T00:00:00Z', topic: 'a', qos: 3, payloadBase64: '' },
			'"qos" must be 0, 1 or 2',
		],
		[{ time: '2024-05-01T00:00:00Z', topic: 'a', qos: 0, payloadBase64: '%%' }, 'not valid base64'],
		[
			{ time: '2024-05-01T00:00:00Z', topic: 'a', qos: 0, payloadBase64: 'YQ==', size: 2 },
			'"size" says 2 bytes but the payload has 1',
		],
		[
			{ time: '2024-05-01T00:00:00Z', topic: 'a', qos: 0, payloadBase64: '', colour: 'red' },
			'Unknown key "colour"',
		],
		[
			{
				time: '2024-05-01T00:00:00Z',
				topic: 'a',
				qos: 0,
				payloadBase64: '',
				properties: { userProperties: [['a']] },
			},
			'"properties.userProperties" must be a list',
		],
		[
			{
				time: '2024-05-01T00:00:00Z',
				topic: 'a',
				qos: 0,
				payloadBase64: '',
				properties: { sessionExpiryInterval: 1 },
			},
			'not a PUBLISH property',
		],
	])('refuses %j: %s', (value, problem) => {
		const result = messageFromJson(value);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error.message).toContain(problem);
	});

	it('formats and parses RFC 3339 times to the microsecond, any offset', () => {
		expect(formatTimeUs(0)).toBe('1970-01-01T00:00:00.000000Z');
		expect(formatTimeUs(1_000_001)).toBe('1970-01-01T00:00:01.000001Z');
		expect(parseTimeUs('2024-05-01T14:00:00.5+02:00')).toBe(
			Date.UTC(2024, 4, 1, 12) * 1000 + 500_000,
		);
		expect(parseTimeUs('2024-05-01T12:00:00.1234567Z')).toBe(
			Date.UTC(2024, 4, 1, 12) * 1000 + 123_456,
		);
		expect(parseTimeUs('yesterday')).toBeUndefined();
	});
});
