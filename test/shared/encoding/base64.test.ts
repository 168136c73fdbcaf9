/** base64 for Uint8Array (shared/ has no Buffer), checked against Node's own codec. */
import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from '../../../shared/encoding/base64';

describe('base64', () => {
	it.each([
		['', ''],
		['f', 'Zg=='],
		['fo', 'Zm8='],
		['foo', 'Zm9v'],
		['foob', 'Zm9vYg=='],
		['fooba', 'Zm9vYmE='],
		['foobar', 'Zm9vYmFy'],
	])('encodes the RFC 4648 vector %j as %s and back', (text, encoded) => {
		const bytes = new TextEncoder().encode(text);
		expect(toBase64(bytes)).toBe(encoded);
		expect(fromBase64(encoded)).toEqual(bytes);
	});

	it('matches Node for every length up to 300 and a 1 MB random payload', () => {
		for (let length = 0; length <= 300; length++) {
			const bytes = Uint8Array.from({ length }, (_, i) => (i * 151 + length) & 0xff);
			const expected = Buffer.from(bytes).toString('base64');
			expect(toBase64(bytes)).toBe(expected);
			expect(Buffer.from(fromBase64(expected) ?? []).equals(Buffer.from(bytes))).toBe(true);
		}
		const big = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24);
		expect(toBase64(big)).toBe(Buffer.from(big).toString('base64'));
	});

	it('accepts unpadded text and refuses what is not base64', () => {
		expect(fromBase64('Zm8')).toEqual(new TextEncoder().encode('fo'));
		for (const bad of ['Z', 'Zm9v!', 'Zm9=v', 'Zg=', 'Zh==', 'é==='])
			expect(fromBase64(bad), bad).toBeUndefined();
	});
});
