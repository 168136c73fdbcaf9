/**
 * Every bit of a CONNECT's flags, with and without a will, on 3.1, 3.1.1 and 5.0: in the JSON the
 * CLI prints, in the field tree (with the bits each flag takes), and as Wireshark's MQTT dissector
 * reads the same bytes (tshark, the independent oracle).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { framesToPcapng } from '../../../../main/frames/pcapng';
import {
	decodeFrame,
	encodePacket,
	fieldBits,
	frameToJson,
	fromHexDigits,
	packetFromJson,
	toHex,
	type Field,
} from '../../../../shared/mqtt/codec/index';
import { VALID_FRAMES } from '../../../fixtures/frames/frames';
import { hasTshark, NO_TSHARK_REASON, TSHARK, tshark } from '../../../main/frames/tshark';

const run = promisify(execFile);

function bytes(hex: string): Uint8Array {
	const value = fromHexDigits(hex);
	if (value === undefined) throw new Error(`bad hex ${hex}`);
	return value;
}

const CONNECTS = VALID_FRAMES.filter((fixture) => fixture.hex.startsWith('10'));

/** tshark's field for each of our flag names, bit 7 first. */
const TSHARK_FLAGS: readonly (readonly [string, string])[] = [
	['usernameFlag', 'mqtt.conflag.uname'],
	['passwordFlag', 'mqtt.conflag.passwd'],
	['willRetain', 'mqtt.conflag.retain'],
	['willQos', 'mqtt.conflag.qos'],
	['willFlag', 'mqtt.conflag.willflag'],
	['clean', 'mqtt.conflag.cleansess'],
	['reserved', 'mqtt.conflag.reserved'],
];

function flagsOf(json: Record<string, unknown>): Record<string, unknown> {
	const flags = json.connectFlags as Record<string, unknown>;
	const { cleanSession, cleanStart, ...rest } = flags;
	return { ...rest, clean: cleanSession ?? cleanStart };
}

describe('connect flags', () => {
	it('covers CONNECT with and without a will on 3.1, 3.1.1 and 5.0', () => {
		const cases = CONNECTS.map((fixture) => {
			const frame = decodeFrame(bytes(fixture.hex));
			const flags = frameToJson(frame).connectFlags as Record<string, unknown>;
			return `${frame.protocolLevel}:${flags.willFlag === true ? 'will' : 'none'}`;
		});
		expect(new Set(cases)).toEqual(
			new Set(['3:none', '3:will', '4:none', '4:will', '5:none', '5:will']),
		);
	});

	it.each(CONNECTS)('$name: every bit is printed, in wire order', ({ hex }) => {
		const frame = decodeFrame(bytes(hex));
		const json = frameToJson(frame);
		const flagsByte = bytes(hex)[frame.protocolLevel === 3 ? 11 : 9] ?? -1;
		const clean = frame.protocolLevel === 5 ? 'cleanStart' : 'cleanSession';
		expect(json.connectFlags).toEqual({
			usernameFlag: (flagsByte & 0x80) !== 0,
			passwordFlag: (flagsByte & 0x40) !== 0,
			willRetain: (flagsByte & 0x20) !== 0,
			willQos: (flagsByte >> 3) & 3,
			willFlag: (flagsByte & 0x04) !== 0,
			[clean]: (flagsByte & 0x02) !== 0,
			reserved: false,
		});
		// Right after the protocol name and level, as on the wire; the top-level fields stay.
		const keys = Object.keys(json);
		expect(keys.indexOf('connectFlags')).toBe(keys.indexOf('protocolName') + 1);
		expect(json[clean]).toBe((flagsByte & 0x02) !== 0);
	});

	it('gives each flag its bits of the byte in the field tree and the JSON', () => {
		const frame = decodeFrame(bytes(CONNECTS[0]?.hex ?? ''));
		const flags = frame.fields.find((field) => field.name === 'connectFlags');
		expect(
			flags?.children?.map((field: Field) => [field.name, field.start, field.end, field.mask]),
		).toEqual([
			['usernameFlag', 9, 10, 0x80],
			['passwordFlag', 9, 10, 0x40],
			['willRetain', 9, 10, 0x20],
			['willQos', 9, 10, 0x18],
			['willFlag', 9, 10, 0x04],
			['cleanSession', 9, 10, 0x02],
			['reserved', 9, 10, 0x01],
		]);
		expect(fieldBits(frame.fields)).toMatchObject({
			'connectFlags.usernameFlag': [7, 7],
			'connectFlags.willQos': [4, 3],
			'connectFlags.reserved': [0, 0],
		});
	});

	it('still shows every bit of a CONNECT the decoder refuses (reserved bit set)', () => {
		const json = frameToJson(decodeFrame(bytes('100f00044d5154540403003c0003616263')));
		expect(json.error).toMatchObject({ offset: 9, rule: '[MQTT-3.1.2-3]' });
		expect(json.connectFlags).toMatchObject({ reserved: true, cleanSession: true, willQos: 0 });
	});

	it.each(CONNECTS)('$name: encode takes the decode output back', ({ hex }) => {
		const json = JSON.parse(JSON.stringify(frameToJson(decodeFrame(bytes(hex))))) as unknown;
		const model = packetFromJson(json);
		if (!model.ok) throw new Error(model.error.message);
		const encoded = encodePacket(model.value.packet);
		expect(encoded.ok && toHex(encoded.value)).toBe(hex);
	});

	it('refuses connectFlags that disagree with the fields instead of ignoring them', () => {
		const json = frameToJson(decodeFrame(bytes(CONNECTS[0]?.hex ?? '')));
		const edited = {
			...json,
			connectFlags: { ...(json.connectFlags as object), willRetain: true },
		};
		const result = packetFromJson(edited);
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.error.detail).toBe('connectFlags.willRetain');
			expect(result.error.message).toContain('willTopic');
		}
		const unknown = packetFromJson({ ...json, connectFlags: { cleanStart: true } });
		expect(!unknown.ok && unknown.error.message).toContain('not a connect flag of MQTT level 4');
	});

	describe.skipIf(!hasTshark)('against Wireshark', () => {
		it('reads the same value for every bit of every fixture CONNECT', async () => {
			const capture = framesToPcapng(
				CONNECTS.map((fixture, index) => ({
					timeUs: 1_700_000_000_000_000 + index,
					direction: 'out' as const,
					session: index + 1,
					bytes: bytes(fixture.hex),
				})),
			);
			const args = ['-Y', 'mqtt', '-T', 'fields', '-E', 'separator=\t'];
			for (const [, field] of TSHARK_FLAGS) args.push('-e', field);
			const lines = await tshark(capture, args);
			expect(lines).toHaveLength(CONNECTS.length);
			CONNECTS.forEach((fixture, index) => {
				const ours = flagsOf(frameToJson(decodeFrame(bytes(fixture.hex))));
				const theirs = (lines[index] ?? '').split('\t');
				TSHARK_FLAGS.forEach(([name], column) => {
					const value = ours[name];
					const asTshark = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
					expect(theirs[column], `${fixture.name}: ${name}`).toBe(asTshark);
				});
			});
		});

		it('puts each flag at the bits Wireshark gives it', async () => {
			const { stdout } = await run(TSHARK, ['-G', 'fields'], { maxBuffer: 512 * 1024 * 1024 });
			const masks = new Map<string, number>();
			for (const line of stdout.split('\n')) {
				const columns = line.split('\t');
				if (columns[2]?.startsWith('mqtt.conflag.')) masks.set(columns[2], Number(columns[6]));
			}
			const frame = decodeFrame(bytes(CONNECTS[0]?.hex ?? ''));
			const children = frame.fields.find((field) => field.name === 'connectFlags')?.children;
			const ours = new Map(children?.map((field) => [field.name, field.mask]));
			for (const [name, field] of TSHARK_FLAGS) {
				const ourName = name === 'clean' ? 'cleanSession' : name;
				expect(ours.get(ourName), name).toBe(masks.get(field));
			}
		});
	});
	if (!hasTshark) it.skip(`tshark agrees: ${NO_TSHARK_REASON}`, () => {});
});
