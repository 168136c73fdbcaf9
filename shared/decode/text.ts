/**
 * Text checks with reasons: where bytes stop being UTF-8, where a control character is. The
 * yes/no rule for "is this text" stays in shared/model/payload-text.ts; these say why not.
 */

/** The offset of the first byte that breaks UTF-8 (RFC 3629), or -1 when all of it is UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
	let at = 0;
	while (at < bytes.length) {
		const lead = bytes[at] as number;
		if (lead < 0x80) {
			at += 1;
			continue;
		}
		let needed: number;
		let min: number;
		if (lead >= 0xc2 && lead <= 0xdf) [needed, min] = [1, 0x80];
		else if (lead >= 0xe0 && lead <= 0xef) [needed, min] = [2, 0x800];
		else if (lead >= 0xf0 && lead <= 0xf4) [needed, min] = [3, 0x10000];
		else return at;
		let code = lead & (0x3f >> needed);
		for (let i = 1; i <= needed; i++) {
			const next = bytes[at + i];
			if (next === undefined || (next & 0xc0) !== 0x80) return at;
			code = (code << 6) | (next & 0x3f);
		}
		// Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
		if (code < min || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) return at;
		at += needed + 1;
	}
	return -1;
}

/** The index of the first control character other than tab, LF and CR (or DEL), or -1. */
export function controlCharacterAt(text: string): number {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return i;
	}
	return -1;
}

/** Why bytes are not text, in words; null when they are. */
export function notTextReason(bytes: Uint8Array, text: string | null): string | null {
	const invalid = firstInvalidUtf8(bytes);
	if (invalid >= 0) {
		const byte = (bytes[invalid] as number).toString(16).padStart(2, '0').toUpperCase();
		return `byte ${invalid} (${byte}) is not UTF-8`;
	}
	if (text === null) return null;
	const control = controlCharacterAt(text);
	if (control >= 0) {
		const code = text.charCodeAt(control).toString(16).padStart(2, '0').toUpperCase();
		return `it holds a control character (U+00${code})`;
	}
	return null;
}
