/**
 * Base64 text (RFC 4648, standard or URL-safe alphabet; line breaks and missing padding
 * accepted, as MIME and JWT write it) to bytes, refusing anything else with where it went wrong.
 */
import { err, ok, type Result } from '../result';

const VALUES = new Int16Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
	.split('')
	.forEach((char, index) => (VALUES[char.charCodeAt(0)] = index));
VALUES['-'.charCodeAt(0)] = 62;
VALUES['_'.charCodeAt(0)] = 63;

function isSpace(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

export function decodeBase64(text: string): Result<Uint8Array> {
	const out = new Uint8Array(Math.ceil((text.length * 3) / 4));
	let length = 0;
	let buffer = 0;
	let bits = 0;
	let digits = 0;
	let padding = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (isSpace(code)) continue;
		if (code === 0x3d) {
			padding += 1;
			continue;
		}
		const value = code < 128 ? (VALUES[code] as number) : -1;
		if (value < 0 || padding > 0) {
			const what =
				value < 0 ? `the character ${JSON.stringify(text[i])}` : 'a digit after the padding';
			return err('invalid-request', `Not base64: ${what} at position ${i}.`);
		}
		digits += 1;
		buffer = (buffer << 6) | value;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[length++] = (buffer >> bits) & 0xff;
		}
	}
	if (digits === 0) return err('invalid-request', 'Not base64: there are no base64 digits.');
	if (digits % 4 === 1) {
		return err(
			'invalid-request',
			`Not base64: ${digits} digits cannot end a group (one is missing or extra).`,
		);
	}
	if (padding > 2 || (padding > 0 && (digits + padding) % 4 !== 0)) {
		return err(
			'invalid-request',
			`Not base64: ${padding} padding characters do not fit ${digits} digits.`,
		);
	}
	return ok(out.slice(0, length));
}
