import { describe, expect, it } from 'vitest';
import {
	decodeFrame,
	encodePacket,
	fieldRanges,
	frameToJson,
	fromHexDigits,
	packetFromJson,
	splitHexBlocks,
	toHex,
} from '../../../../shared/mqtt/codec/index';

function bytes(hex: string): Uint8Array {
	return fromHexDigits(hex) ?? new Uint8Array(0);
}

describe('frameToJson / packetFromJson', () => {
	it('round-trips a v5 PUBLISH through JSON text', () => {
		const hex = '3d180003612f6200070b2300030b010b020900017868656c6c6f';
		const frame = decodeFrame(bytes(hex), { protocolLevel: 5 });
		const json = JSON.parse(JSON.stringify(frameToJson(frame))) as unknown;
		expect(json).toMatchObject({
			flags: { dup: true, qos: 2, retain: true },
			properties: { topicAlias: 3, subscriptionIdentifier: [1, 2], correlationData: '78' },
			payload: '68656c6c6f',
		});
		const model = packetFromJson(json);
		if (!model.ok) throw new Error(model.error.message);
		const encoded = encodePacket(model.value.packet, { protocolLevel: model.value.protocolLevel });
		expect(encoded.ok && toHex(encoded.value)).toBe(hex);
	});

	it('names a misspelt field', () => {
		const result = packetFromJson({ type: 'PUBLISH', topic: 'a', payload: '' });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error.message).toContain("'topic' is not a field of PUBLISH");
	});

	it('rejects payloads that are not hex', () => {
		const result = packetFromJson({ type: 'PUBLISH', topicName: 'a', payload: 'xyz' });
		expect(result.ok).toBe(false);
	});

	it('refuses properties below MQTT 5 in the encoder', () => {
		const result = encodePacket(
			{ type: 'DISCONNECT', reasonCode: 0, properties: { reasonString: 'x' } },
			{ protocolLevel: 4 },
		);
		expect(result.ok).toBe(false);
	});

	it('refuses a property that is not allowed in the packet', () => {
		const result = encodePacket(
			{ type: 'PUBACK', packetId: 1, reasonCode: 0, properties: { topicAlias: 3 } },
			{ protocolLevel: 5 },
		);
		expect(!result.ok && result.error.detail).toBe('properties.topicAlias');
	});

	it('gives repeated siblings indexed range paths', () => {
		const frame = decodeFrame(bytes('3d180003612f6200070b2300030b010b020900017868656c6c6f'), {
			protocolLevel: 5,
		});
		const ranges = fieldRanges(frame.fields);
		expect(ranges['properties.topicAlias']).toEqual([10, 13]);
		expect(ranges['properties.subscriptionIdentifier.0']).toEqual([13, 15]);
		expect(ranges['properties.subscriptionIdentifier.1']).toEqual([15, 17]);
	});
});

describe('splitHexBlocks', () => {
	it('makes one frame per line, per dump block and per C array', () => {
		const text = [
			'c000',
			'',
			'00000000: 300d 0004 7465 7374 0068 656c  0...test.hel',
			'0000000c: 6c6f                           lo',
			'00000000: c000                           ..',
			'unsigned char x[] = {',
			'  0xc0, 0x00 };',
			'd0 00',
		].join('\n');
		expect(splitHexBlocks(text).map((block) => block.line)).toEqual([1, 3, 5, 6, 8]);
	});
});
