import { describe, expect, it } from 'vitest';
import {
	decodeFrame,
	encodePacket,
	frameToJson,
	fromHexDigits,
	toHex,
} from '../../../../shared/mqtt/codec/index';
import { MALFORMED_FRAMES, VALID_FRAMES } from '../../../fixtures/frames/frames';

function bytes(hex: string): Uint8Array {
	const value = fromHexDigits(hex);
	if (value === undefined) throw new Error(`bad fixture hex ${hex}`);
	return value;
}

describe('valid frames decode to the expected model', () => {
	it.each(VALID_FRAMES)('$name', ({ hex, level, json }) => {
		const frame = decodeFrame(bytes(hex), { protocolLevel: level });
		expect(frame.error).toBeUndefined();
		expect(frame.packet).toBeDefined();
		expect(frame.byteLength).toBe(hex.length / 2);
		expect(frameToJson(frame)).toMatchObject(json);
	});

	it.each(VALID_FRAMES)('$name re-encodes to the same bytes', ({ hex, level }) => {
		const frame = decodeFrame(bytes(hex), { protocolLevel: level });
		if (frame.packet === undefined) throw new Error('fixture did not decode');
		const encoded = encodePacket(frame.packet, { protocolLevel: frame.protocolLevel });
		expect(encoded.ok && toHex(encoded.value)).toBe(hex);
	});
});

describe('malformed frames report the offset and rule', () => {
	it.each(MALFORMED_FRAMES)('$name: $rule at $offset', ({ hex, level, offset, rule }) => {
		const frame = decodeFrame(bytes(hex), { protocolLevel: level });
		expect(frame.packet).toBeUndefined();
		expect(frame.error).toMatchObject({ offset, rule });
		expect(frame.error?.message.length).toBeGreaterThan(10);
	});
});

describe('field ranges', () => {
	it('gives every field of a QoS 1 PUBLISH its bytes', () => {
		const frame = decodeFrame(bytes('320c0003612f62000768656c6c6f'));
		const ranges = frame.fields.map((field) => [field.name, field.start, field.end, field.value]);
		expect(ranges).toEqual([
			['packetType', 0, 1, 'PUBLISH'],
			['flags', 0, 1, 2],
			['remainingLength', 1, 2, 12],
			['topicName', 2, 7, 'a/b'],
			['packetId', 7, 9, 7],
			['payload', 9, 14, bytes('68656c6c6f')],
		]);
	});

	it('spans a multi-byte remaining length', () => {
		const payload = '61'.repeat(316);
		const frame = decodeFrame(bytes(`30c1020003612f62${payload}`));
		expect(frame.error).toBeUndefined();
		expect(frame.fields[2]).toEqual({ name: 'remainingLength', start: 1, end: 3, value: 321 });
		expect(frame.fields[3]).toMatchObject({ name: 'topicName', start: 3, end: 8 });
	});

	it('nests properties and keeps the fields read before an error', () => {
		const frame = decodeFrame(bytes('300b0003612f620223000a0a0a'), { protocolLevel: 5 });
		expect(frame.error?.offset).toBe(9);
		const properties = frame.fields.find((field) => field.name === 'properties');
		expect(properties?.children?.[0]).toEqual({
			name: 'propertyLength',
			start: 7,
			end: 8,
			value: 2,
		});
		expect(frame.fields.map((field) => field.name)).toEqual([
			'packetType',
			'flags',
			'remainingLength',
			'topicName',
			'properties',
		]);
	});

	it('reports an empty frame', () => {
		const frame = decodeFrame(new Uint8Array(0));
		expect(frame.error?.offset).toBe(0);
		expect(frame.remainingLength).toBe(-1);
	});

	it('takes the level from CONNECT, not from the options', () => {
		const frame = decodeFrame(bytes('101000044d515454050a003c000003616263'), { protocolLevel: 3 });
		expect(frame.protocolLevel).toBe(5);
	});
});
