/**
 * When a payload is text: one rule for the tree's inline preview, the message view and history.
 *
 * Text means valid UTF-8 without control characters other than tab, line feed and carriage return
 * (a payload full of NULs is valid UTF-8 but not text anyone wants to read). A preview cut from a
 * longer payload may end inside a multi-byte character: that cut is not a reason to call it binary.
 */

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** How many bytes at the end of `bytes` begin a UTF-8 sequence that the cut left incomplete. */
export function incompleteTailLength(bytes: Uint8Array): number {
	const length = bytes.length;
	// A sequence is at most 4 bytes: look back at most 3 for its lead byte.
	for (let back = 1; back <= Math.min(3, length); back++) {
		const byte = bytes[length - back] as number;
		if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
		const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
		return needed > back ? back : 0;
	}
	return 0;
}

function hasControlCharacters(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) {
			return true;
		}
	}
	return false;
}

/**
 * The payload as text, or null when it is not text.
 *
 * `isCut` says the bytes are the start of a longer payload: an incomplete character at the end is
 * then dropped instead of making the whole payload binary.
 */
export function payloadText(bytes: Uint8Array, isCut = false): string | null {
	const whole = isCut ? bytes.subarray(0, bytes.length - incompleteTailLength(bytes)) : bytes;
	let text: string;
	try {
		text = strictDecoder.decode(whole);
	} catch {
		// Not UTF-8: that is an answer (binary), not a failure.
		return null;
	}
	return hasControlCharacters(text) ? null : text;
}
