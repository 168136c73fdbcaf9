/**
 * Bounded fuzz run: random and mutated frames never throw, never hang, and always give either a
 * packet or an error. Packets that do decode must survive an encode/decode round trip.
 */
import { describe, expect, it } from 'vitest';
import {
	decodeFrame,
	encodePacket,
	fromHexDigits,
	type DecodedFrame,
	type ProtocolLevel,
} from '../../../../shared/mqtt/codec/index';
import { MALFORMED_FRAMES, VALID_FRAMES } from '../../../fixtures/frames/frames';
import { createRandom } from './random';

const MAX_INPUTS = 200_000;
const MAX_MS = 20_000;

function check(frame: DecodedFrame, input: Uint8Array): void {
	const hasPacket = frame.packet !== undefined;
	const hasError = frame.error !== undefined;
	if (hasPacket === hasError || frame.error?.rule === 'internal' || !Array.isArray(frame.fields)) {
		throw new Error(
			`bad result for ${Buffer.from(input).toString('hex')}: ${JSON.stringify(frame.error)}`,
		);
	}
	if (frame.error !== undefined && (frame.error.offset < 0 || frame.error.offset > input.length)) {
		throw new Error(`error offset out of range for ${Buffer.from(input).toString('hex')}`);
	}
	if (frame.packet !== undefined) {
		const encoded = encodePacket(frame.packet, { protocolLevel: frame.protocolLevel });
		if (!encoded.ok) {
			throw new Error(
				`decoded but cannot re-encode ${Buffer.from(input).toString('hex')}: ${encoded.error.message}`,
			);
		}
		expect(decodeFrame(encoded.value, { protocolLevel: frame.protocolLevel }).packet).toEqual(
			frame.packet,
		);
	}
}

describe('fuzz', () => {
	it('decodes random and mutated frames without throwing', () => {
		const random = createRandom(42);
		const int = (max: number): number => Math.floor(random() * (max + 1));
		const seeds = [...VALID_FRAMES, ...MALFORMED_FRAMES].map(
			(f) => fromHexDigits(f.hex) ?? new Uint8Array(0),
		);
		const levels: ProtocolLevel[] = [3, 4, 5];
		const started = performance.now();
		let count = 0;
		let decoded = 0;
		while (count < MAX_INPUTS && performance.now() - started < MAX_MS) {
			let input: Uint8Array;
			const mode = int(3);
			if (mode === 0) {
				input = new Uint8Array(int(48));
				for (let i = 0; i < input.length; i++) input[i] = int(255);
				// Mostly plausible headers: a real type and a remaining length matching the bytes.
				if (input.length > 1 && random() < 0.7) {
					input[0] = (int(15) << 4) | (random() < 0.5 ? 0 : int(15));
					input[1] = input.length - 2;
				}
			} else {
				const seed = seeds[int(seeds.length - 1)] ?? new Uint8Array(0);
				input = seed.slice();
				const edits = 1 + int(3);
				for (let e = 0; e < edits && input.length > 0; e++) {
					const at = int(input.length - 1);
					if (mode === 1) input[at] = int(255);
					else if (mode === 2) input = input.subarray(0, at);
					else input[at] = (input[at] ?? 0) ^ (1 << int(7));
				}
			}
			const frame = decodeFrame(input, { protocolLevel: levels[count % 3] });
			check(frame, input);
			if (frame.packet !== undefined) decoded++;
			count++;
		}
		expect(count).toBeGreaterThan(10_000);
		// The mutations must not all be rejected, or the round-trip check would be idle.
		expect(decoded).toBeGreaterThan(count / 50);
	});
});
