import { describe, expect, it } from 'vitest';
import { encodePacket, toHex } from '../../../shared/mqtt/codec';
import { decodeInput } from '../../../renderer/features/codec/decode-input';
import { EXAMPLES } from '../../../renderer/features/codec/examples';

function frameOf(result: ReturnType<typeof decodeInput>) {
	if (result.kind !== 'frame') throw new Error(`expected a frame, got ${result.kind}`);
	return result;
}

describe('decodeInput', () => {
	it('tells empty input from text that is not hex', () => {
		expect(decodeInput('  \n ', 'auto')).toEqual({ kind: 'empty' });
		const notHex = decodeInput('30 0g', 'auto');
		expect(notHex).toEqual({ kind: 'not-hex', message: "'g' is not a hex digit." });
	});

	it('reads any pasted format', () => {
		for (const text of ['c000', 'c0 00', '0xc0, 0x00', 'unsigned char f[] = { 0xc0, 0x00 };']) {
			expect(frameOf(decodeInput(text, 4)).frame.type).toBe('PINGREQ');
		}
	});

	it('decodes at the chosen level', () => {
		const result = frameOf(decodeInput('e0 02 8d 00', 5));
		expect(result.frame.protocolLevel).toBe(5);
		expect(result.frame.error).toBeUndefined();
		expect(result.autoReason).toBeUndefined();
	});

	it('on Auto, uses the level a CONNECT states', () => {
		const encoded = encodePacket({
			type: 'CONNECT',
			protocolName: 'MQTT',
			protocolLevel: 5,
			cleanStart: true,
			keepAlive: 10,
			properties: {},
			clientId: 'x',
		});
		if (!encoded.ok) throw new Error(encoded.error.message);
		const result = frameOf(decodeInput(toHex(encoded.value), 'auto'));
		expect(result.frame.protocolLevel).toBe(5);
		expect(result.autoReason).toContain('CONNECT');
	});

	it('on Auto, reads 3.1.1 unless only 5.0 decodes the frame', () => {
		expect(frameOf(decodeInput('c0 00', 'auto')).frame.protocolLevel).toBe(4);
		// AUTH is type 15: reserved in 3.1.1.
		const auth = frameOf(decodeInput('f0 02 18 00', 'auto'));
		expect(auth.frame.protocolLevel).toBe(5);
		expect(auth.frame.error).toBeUndefined();
		// Broken at both levels: stays 3.1.1 with its 3.1.1 error.
		const broken = frameOf(decodeInput('80 05 00 01 00 00 00', 'auto'));
		expect(broken.frame.protocolLevel).toBe(4);
		expect(broken.frame.error?.rule).toBe('[MQTT-3.8.1-1]');
	});
});

describe('examples', () => {
	it('has one well-formed example per packet type and level', () => {
		const valid = EXAMPLES.filter((example) => example.group !== 'Broken');
		const v311 = valid.filter((example) => example.level === 4).map((e) => e.label);
		const v5 = valid.filter((example) => example.level === 5).map((e) => e.label);
		expect(v311).toHaveLength(14);
		expect(v5).toHaveLength(15);
		for (const example of valid) {
			const { frame } = frameOf(decodeInput(example.hex, example.level));
			expect(frame.error, example.id).toBeUndefined();
			expect(example.label.startsWith(frame.type), example.id).toBe(true);
		}
	});

	it('has a v5 PUBLISH with properties and a user property', () => {
		const example = EXAMPLES.find((item) => item.id === '5-PUBLISH');
		const packet = frameOf(decodeInput(example?.hex ?? '', 5)).frame.packet;
		expect(packet?.type === 'PUBLISH' && packet.properties?.userProperties).toEqual([
			['unit', 'celsius'],
		]);
	});

	it('has broken frames that fail with a rule and an offset', () => {
		const broken = EXAMPLES.filter((example) => example.group === 'Broken');
		expect(broken.length).toBeGreaterThanOrEqual(2);
		const errors = broken.map(
			(example) => frameOf(decodeInput(example.hex, example.level)).frame.error,
		);
		expect(errors.map((error) => [error?.offset, error?.rule])).toEqual([
			[0, '[MQTT-3.8.1-1]'],
			[12, '[MQTT-2.2.3]'],
			[6, '[MQTT-3.3.2-2]'],
		]);
	});
});
