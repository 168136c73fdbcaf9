/**
 * Bounded fuzz run: random and mutated frames never throw, never hang, and always give either a
 * packet or an error. Packets that do decode must survive an encode/decode round trip.
 */
import { describe, expect, it } from 'vitest';
import {
	decodeFrame,
	encodePacket,
	type DecodedFrame,
	type ProtocolLevel,
} from '../../../../shared/mqtt/codec/index';
import { createFuzzInput } from './fuzz-input';
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
		const nextInput = createFuzzInput(createRandom(42));
		const levels: ProtocolLevel[] = [3, 4, 5];
		const started = performance.now();
		let count = 0;
		let decoded = 0;
		while (count < MAX_INPUTS && performance.now() - started < MAX_MS) {
			const input = nextInput();
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
