/**
 * Standard base64 (RFC 4648 §4, with padding) for `Uint8Array`: shared/ has no Buffer.
 *
 * Used for NDJSON payloads (`payloadBase64`), which the app, the exports and `topicscope` all write.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// Two characters per 12 bits: one table lookup per 12 bits instead of per 6 halves the work.
const PAIRS: string[] = [];
for (let i = 0; i < 4096; i++) PAIRS.push((ALPHABET[i >> 6] ?? '') + (ALPHABET[i & 63] ?? ''));
const VALUES = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

/** The bytes as padded base64. */
export function toBase64(bytes: Uint8Array): string {
	const whole = bytes.length - (bytes.length % 3);
	const parts: string[] = [];
	let out = '';
	for (let i = 0; i < whole; i += 3) {
		const triple =
			((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
		out += (PAIRS[triple >> 12] ?? '') + (PAIRS[triple & 4095] ?? '');
		// Long strings built by += are ropes; flattening in pieces keeps big payloads linear.
		if (out.length >= 8192) {
			parts.push(out);
			out = '';
		}
	}
	const rest = bytes.length - whole;
	if (rest === 1) {
		const byte = bytes[whole] as number;
		out += (ALPHABET[byte >> 2] ?? '') + (ALPHABET[(byte & 3) << 4] ?? '') + '==';
	} else if (rest === 2) {
		const pair = ((bytes[whole] as number) << 8) | (bytes[whole + 1] as number);
		out +=
			(ALPHABET[pair >> 10] ?? '') +
			(ALPHABET[(pair >> 4) & 63] ?? '') +
			(ALPHABET[(pair & 15) << 2] ?? '') +
			'=';
	}
	if (parts.length === 0) return out;
	parts.push(out);
	return parts.join('');
}

/** The bytes of padded or unpadded base64, or undefined when the text is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
	let end = text.length;
	if (end % 4 === 1) return undefined;
	if (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
	if (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
	if (end !== text.length && text.length % 4 !== 0) return undefined;
	const out = new Uint8Array(Math.floor((end * 3) / 4));
	let buffer = 0;
	let bits = 0;
	let index = 0;
	for (let i = 0; i < end; i++) {
		const code = text.charCodeAt(i);
		const value = code < 128 ? (VALUES[code] as number) : -1;
		if (value < 0) return undefined;
		buffer = ((buffer << 6) | value) & 0xffffff;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[index++] = (buffer >> bits) & 0xff;
		}
	}
	// Leftover bits must be zero (RFC 4648 §3.5): a non-canonical text is not our base64.
	if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) return undefined;
	return index === out.length ? out : out.subarray(0, index);
}
