/**
 * The header peek says what the decoder says: on every byte fixture, on random mqtt-packet frames
 * of every type and level, and on the bounded fuzz input, each field the peek reports equals the
 * decoder's reading of the same bytes at the same level, and the peek never throws.
 *
 * The decoder's side comes from its field tree (the values it read, with their bytes), so a
 * malformed frame is compared on what the decoder could read before its error.
 */
import mqttPacket from 'mqtt-packet';
import { describe, expect, it } from 'vitest';
import {
	decodeFrame,
	fromHexDigits,
	type DecodedFrame,
	type Field,
	type ProtocolLevel,
} from '../../../../shared/mqtt/codec/index';
import { peekHeader, type HeaderPeek } from '../../../../shared/mqtt/codec/peek';
import { MALFORMED_FRAMES, VALID_FRAMES } from '../../../fixtures/frames/frames';
import { createFuzzInput } from './fuzz-input';
import { createRandom, PacketGenerator } from './random';

type PeekKey = keyof HeaderPeek;
type Expected = { -readonly [K in PeekKey]?: HeaderPeek[K] };

const LEVELS: readonly ProtocolLevel[] = [3, 4, 5];
const MAX_FUZZ_INPUTS = 100_000;
const MAX_FUZZ_MS = 10_000;
const GENERATED_PER_LEVEL = 1000;

function top(frame: DecodedFrame, name: string): Field | undefined {
	return frame.fields.find((field) => field.name === name);
}

function child(field: Field | undefined, name: string): Field | undefined {
	return field?.children?.find((item) => item.name === name);
}

function numberOf(field: Field | undefined): number | undefined {
	return typeof field?.value === 'number' ? field.value : undefined;
}

/**
 * The peek fields the decoder determined for these bytes; a key is absent when the decoder did not
 * read that far (or the packet has no such field).
 */
function fromDecoder(frame: DecodedFrame): Expected {
	const out: Expected = { typeCode: frame.typeCode, headerFlags: frame.flags };
	if (frame.typeCode === 3) {
		// PUBLISH flags sit in the first byte: known even when nothing else could be read.
		const flags = top(frame, 'flags');
		out.qos = numberOf(child(flags, 'qos'));
		out.isDup = child(flags, 'dup')?.value === true;
		out.isRetain = child(flags, 'retain')?.value === true;
	}
	const remaining = top(frame, 'remainingLength');
	if (remaining === undefined) return out;
	out.remainingLength = frame.remainingLength;
	out.headerBytes = remaining.end;
	const packetId = numberOf(top(frame, 'packetId'));
	if (packetId !== undefined) out.packetId = packetId;
	switch (frame.type) {
		case 'CONNECT': {
			const level = numberOf(top(frame, 'protocolLevel'));
			if (level === 3 || level === 4 || level === 5) out.connectLevel = level;
			break;
		}
		case 'CONNACK': {
			const code = numberOf(top(frame, 'reasonCode'));
			if (code !== undefined) out.reasonCode = code;
			break;
		}
		case 'PUBLISH': {
			const topic = top(frame, 'topicName');
			if (typeof topic?.value === 'string') out.topic = topic.value;
			const payload = top(frame, 'payload');
			if (payload !== undefined) out.payloadBytes = payload.end - payload.start;
			// The first Topic Alias the decoder read, if it read one.
			const alias = numberOf(child(top(frame, 'properties'), 'topicAlias'));
			if (alias !== undefined) out.topicAlias = alias;
			break;
		}
		case 'PUBACK':
		case 'PUBREC':
		case 'PUBREL':
		case 'PUBCOMP':
		case 'DISCONNECT':
		case 'AUTH': {
			if (frame.protocolLevel !== 5) break;
			const code = numberOf(top(frame, 'reasonCode'));
			// MQTT 5: a frame that ends before the reason code means 0x00 (Success).
			if (code !== undefined) out.reasonCode = code;
			else if (frame.error === undefined) out.reasonCode = 0;
			break;
		}
		case 'SUBSCRIBE': {
			const list = top(frame, 'subscriptions');
			if (list === undefined) break;
			// Whole subscriptions only: one cut after its filter has no options byte.
			const options = (list.children ?? []).map((item) => child(item, 'subscriptionOptions'));
			out.requestedQos = options
				.map((field) => numberOf(child(field, 'qos')))
				.filter((qos) => qos !== undefined);
			out.filterCount = out.requestedQos.length;
			break;
		}
		case 'UNSUBSCRIBE': {
			const list = top(frame, 'topicFilters');
			if (list !== undefined) out.filterCount = (list.children ?? []).length;
			break;
		}
		case 'SUBACK':
		case 'UNSUBACK': {
			const list = top(frame, 'reasonCodes');
			if (list !== undefined)
				out.reasonCodes = (list.children ?? []).map((item) => numberOf(item) ?? -1);
			break;
		}
		default:
			break;
	}
	return out;
}

function hex(bytes: Uint8Array): string {
	return Buffer.from(bytes).toString('hex');
}

/** Differences between the peek and the decoder, as readable lines; empty when they agree. */
function disagreements(bytes: Uint8Array, level: ProtocolLevel): string[] {
	let peek: HeaderPeek;
	try {
		peek = peekHeader(bytes, level);
	} catch (error) {
		return [`peek threw ${String(error)}`];
	}
	const frame = decodeFrame(bytes, { protocolLevel: level });
	const expected = fromDecoder(frame);
	const problems: string[] = [];
	for (const key of Object.keys(expected) as PeekKey[]) {
		const want = expected[key];
		const got = peek[key];
		if (JSON.stringify(got) !== JSON.stringify(want)) {
			problems.push(`${key}: peek ${JSON.stringify(got)}, decoder ${JSON.stringify(want)}`);
		}
	}
	if (frame.error === undefined) {
		// A clean frame: nothing more, nothing less, and not truncated.
		for (const key of Object.keys(peek) as PeekKey[]) {
			if (peek[key] !== undefined && !(key in expected)) {
				problems.push(`${key}: peek ${JSON.stringify(peek[key])}, decoder has none`);
			}
		}
	} else if (peek.isTruncated !== true && frame.error.message.includes('truncated')) {
		problems.push(`decoder says truncated (${frame.error.message}), peek does not`);
	}
	if (peek.isTruncated === true && frame.error === undefined) {
		problems.push('peek says truncated, decoder reads a whole frame');
	}
	return problems.map((problem) => `${hex(bytes)} at level ${level}: ${problem}`);
}

function bytesOf(hexText: string): Uint8Array {
	const value = fromHexDigits(hexText);
	if (value === undefined) throw new Error(`bad hex ${hexText}`);
	return value;
}

describe('the header peek agrees with the decoder', () => {
	it.each([...VALID_FRAMES, ...MALFORMED_FRAMES])('fixture: $name', ({ hex: text, level }) => {
		expect(disagreements(bytesOf(text), level)).toEqual([]);
		// At the other levels too: the peek follows the level it is given, as the decoder does.
		for (const other of LEVELS.filter((item) => item !== level)) {
			expect(disagreements(bytesOf(text), other)).toEqual([]);
		}
	});

	it.each([
		// [MQTT-1.5.4-3] a BOM in a string is U+FEFF, never stripped: the peek used to drop it.
		['PUBLISH whose topic starts with a BOM', '30060004efbbbf61', 4],
		// The peek used to report QoS, DUP and retain only once the remaining length was read.
		['PUBLISH cut inside the remaining length', '3b80', 4],
		// An UNSUBSCRIBE filter running past the end used to be counted as a whole filter.
		['UNSUBSCRIBE whose second filter runs past the end', 'a208000a000161000961', 4],
		// The Topic Alias after other properties, after a string pair, and after a cut value.
		[
			'PUBLISH with user property then topic alias',
			'300e0000' + '0a' + '2600016b000176' + '230007' + '68',
			5,
		],
		[
			'PUBLISH with subscription identifier then topic alias',
			'300a0000' + '06' + '0b8101' + '230009' + '68',
			5,
		],
		[
			'PUBLISH whose property identifier is a two-byte VBI',
			'30080000' + '04' + 'a300' + '0001' + '68',
			5,
		],
		[
			'PUBLISH whose content type runs past the block',
			'300a0000' + '05' + '0300092300' + '0168',
			5,
		],
		['PUBLISH whose topic alias is cut by the block', '30080000' + '02' + '2300' + '0168', 5],
	] as const)('%s', (_name, text, level) => {
		expect(disagreements(bytesOf(text), level)).toEqual([]);
	});

	it(`agrees on ${GENERATED_PER_LEVEL} random mqtt-packet frames per level`, () => {
		for (const level of LEVELS) {
			const generator = new PacketGenerator(createRandom(3000 + level));
			const problems: string[] = [];
			for (let i = 0; i < GENERATED_PER_LEVEL; i++) {
				const source = generator.packet(level);
				const wire = new Uint8Array(
					mqttPacket.generate(source as never, { protocolVersion: level }),
				);
				problems.push(...disagreements(wire, level));
			}
			expect(problems.slice(0, 10)).toEqual([]);
		}
	});

	it('agrees on the bounded fuzz input and never throws', () => {
		const nextInput = createFuzzInput(createRandom(42));
		const started = performance.now();
		const problems: string[] = [];
		let count = 0;
		while (count < MAX_FUZZ_INPUTS && performance.now() - started < MAX_FUZZ_MS) {
			problems.push(...disagreements(nextInput(), LEVELS[count % 3] ?? 4));
			count++;
			if (problems.length >= 10) break;
		}
		expect(problems).toEqual([]);
		expect(count).toBeGreaterThan(10_000);
	});
});
