/**
 * The bounded fuzz input shared by the codec's fuzz tests: random frames (mostly with a real type
 * and a remaining length matching the bytes) and the byte fixtures (the protocol-error table
 * included) with one to four edits (a byte replaced, the frame cut short, a bit flipped).
 */
import { fromHexDigits } from '../../../../shared/mqtt/codec/index';
import { MALFORMED_FRAMES, VALID_FRAMES } from '../../../fixtures/frames/frames';
import { DECIDED, ROWS } from '../../../fixtures/frames/protocol-errors';

/** A source of fuzz frames, reproducible from the random function's seed. */
export function createFuzzInput(random: () => number): () => Uint8Array {
	const int = (max: number): number => Math.floor(random() * (max + 1));
	const seeds = [
		...[...VALID_FRAMES, ...MALFORMED_FRAMES].map((f) => fromHexDigits(f.hex) ?? new Uint8Array(0)),
		...[...ROWS, ...DECIDED].map((row) => row.frame),
	];
	return () => {
		const mode = int(3);
		if (mode === 0) {
			const input = new Uint8Array(int(48));
			for (let i = 0; i < input.length; i++) input[i] = int(255);
			// Mostly plausible headers: a real type and a remaining length matching the bytes.
			if (input.length > 1 && random() < 0.7) {
				input[0] = (int(15) << 4) | (random() < 0.5 ? 0 : int(15));
				input[1] = input.length - 2;
			}
			return input;
		}
		const seed = seeds[int(seeds.length - 1)] ?? new Uint8Array(0);
		let input = seed.slice();
		const edits = 1 + int(3);
		for (let e = 0; e < edits && input.length > 0; e++) {
			const at = int(input.length - 1);
			if (mode === 1) input[at] = int(255);
			else if (mode === 2) input = input.subarray(0, at);
			else input[at] = (input[at] ?? 0) ^ (1 << int(7));
		}
		return input;
	};
}
