import { describe, expect, it } from 'vitest';
import { compareSegments, isFastSegment } from '../../../main/topics/segment-order';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
const expected = (a: string, b: string): number =>
	Math.sign(collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
const actual = (a: string, b: string): number =>
	Math.sign(compareSegments(a, b, isFastSegment(a), isFastSegment(b)));

/** A small deterministic generator, so a failing pair can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

describe('compareSegments', () => {
	it('orders naturally: numbers by value, punctuation before digits before letters', () => {
		const sorted = ['b', '10', 'a-2', '2', 'a-10', '_x', 'A', 'a', '01', '1', 'é'].sort((a, b) =>
			actual(a, b),
		);
		expect(sorted).toEqual(['_x', '01', '1', '2', '10', 'a', 'A', 'a-2', 'a-10', 'b', 'é']);
	});

	it('agrees with the collator (ties by code units) on random lower-case, digit and punctuation segments', () => {
		const next = random(11);
		const alphabet = ' _-,;:!?.\'"()[]{}@*\\&%`^<=>|~$0123456789abcxyz000';
		const draw = (): string => {
			let text = '';
			const length = Math.floor(next() * 8);
			for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
			return text;
		};
		for (let i = 0; i < 100_000; i++) {
			const a = draw();
			const b = draw();
			expect(isFastSegment(a) && isFastSegment(b)).toBe(true);
			if (actual(a, b) !== expected(a, b))
				expect([a, b, actual(a, b)]).toEqual([a, b, expected(a, b)]);
		}
	});

	it('asks the collator for anything else, with the same total order', () => {
		const segments = ['Zeta', 'zeta', 'Ärger', 'arg', 'Device-2', 'device-10', 'Ω', '日本'];
		for (const a of segments) {
			for (const b of segments) expect(actual(a, b), `${a} ${b}`).toBe(expected(a, b));
		}
		expect(isFastSegment('Zeta')).toBe(false);
		expect(isFastSegment('device-12_a.b')).toBe(true);
	});
});
