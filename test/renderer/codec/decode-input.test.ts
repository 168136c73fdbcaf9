import { describe, expect, it } from 'vitest';
import { encodePacket, toHex } from '../../../shared/mqtt/codec';
import { decodeInput, excerptAt } from '../../../renderer/features/codec/decode-input';
import { EXAMPLES } from '../../../renderer/features/codec/examples';

function frameOf(result: ReturnType<typeof decodeInput>) {
	if (result.kind !== 'frame') throw new Error(`expected a frame, got ${result.kind}`);
	return result;
}

describe('decodeInput', () => {
	it('tells empty input from text that is not hex', () => {
		expect(decodeInput('  \n ', 'auto')).toEqual({ kind: 'empty' });
		const notHex = decodeInput('30 0g', 'auto');
		expect(notHex).toEqual({
			kind: 'not-hex',
			message: "Line 1, column 5: 'g' is not a hex digit.",
			position: { line: 1, column: 5, index: 4, length: 1 },
			excerpt: { before: '30 0', marked: 'g', after: '', caret: '    ^' },
		});
	});

	it('shows the line of a hex error around the culprit, cut to fit, with a caret under it', () => {
		const text = `c0 00\n${'30 0d '.repeat(10)}\t0h ${'00 '.repeat(20)}`;
		const result = decodeInput(text, 'auto');
		if (result.kind !== 'not-hex' || result.excerpt === undefined) throw new Error(result.kind);
		expect(result.message).toBe("Line 2, column 63: 'h' is not a hex digit.");
		const { before, marked, after, caret } = result.excerpt;
		expect(marked).toBe('h');
		expect(before).toBe('… 0d 30 0d 30 0d 30 0d  0');
		expect(after).toBe(' 00 00 00 00 00 00 00 00…');
		expect(caret).toBe(`${' '.repeat(before.length)}^`);
		// An invisible character is shown by its code point, and the caret spans it.
		expect(excerptAt('30\u200b0d', { line: 1, column: 3, index: 2, length: 1 })).toEqual({
			before: '30',
			marked: 'U+200B',
			after: '0d',
			caret: '  ^^^^^^',
		});
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
		expect(result.auto).toBeUndefined();
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
		expect(result.auto?.reason).toContain('A CONNECT states its own level');
	});

	it('on Auto, reads the level the bytes allow and says why', () => {
		const ping = frameOf(decodeInput('c0 00', 'auto'));
		expect(ping.frame.protocolLevel).toBe(4);
		expect(ping.auto).toMatchObject({ level: 4, basis: 'same-reading', isOtherShown: false });
		// AUTH is type 15: reserved in 3.1.1.
		const auth = frameOf(decodeInput('f0 07 18 05 15 00 02 6d 31', 'auto'));
		expect(auth.frame.protocolLevel).toBe(5);
		expect(auth.frame.error).toBeUndefined();
		expect(auth.auto?.reason).toContain('Only MQTT 5.0 reads these bytes without error');
		// Broken at both levels: the 3.1.1 reading, which reads all of it, with its error.
		const broken = frameOf(decodeInput('80 05 00 01 00 00 00', 'auto'));
		expect(broken.frame.protocolLevel).toBe(4);
		expect(broken.frame.error?.rule).toBe('[MQTT-3.8.1-1]');
		expect(broken.auto?.basis).toBe('neither-clean');
	});

	it('on Auto, reads a v5 PUBLISH with properties as 5.0 and offers the 3.1.1 reading', () => {
		const encoded = encodePacket(
			{
				type: 'PUBLISH',
				dup: false,
				qos: 0,
				retain: false,
				topicName: 'a/b',
				properties: { contentType: 'text/plain' },
				payload: new TextEncoder().encode('hi'),
			},
			{ protocolLevel: 5 },
		);
		if (!encoded.ok) throw new Error(encoded.error.message);
		const hex = toHex(encoded.value);
		const chosen = frameOf(decodeInput(hex, 'auto'));
		expect(chosen.frame.protocolLevel).toBe(5);
		expect(chosen.auto).toMatchObject({ level: 5, basis: 'both-clean', otherLevel: 4 });
		expect(chosen.auto?.reason).toContain('MQTT 5 property block (Content Type)');
		const other = frameOf(decodeInput(hex, 'auto', true));
		expect(other.frame.protocolLevel).toBe(4);
		expect(other.frame.error).toBeUndefined();
		expect(other.auto).toMatchObject({ level: 5, otherLevel: 4, isOtherShown: true });
		// Asking for the other reading where there is none keeps Auto's.
		expect(frameOf(decodeInput('c000', 'auto', true)).auto?.isOtherShown).toBe(false);
		// A level chosen by hand ignores it.
		expect(frameOf(decodeInput(hex, 5, true)).frame.protocolLevel).toBe(5);
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
