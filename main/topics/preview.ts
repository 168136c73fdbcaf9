/** Short text previews of payloads for tree rows. */

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Up to `maxChars` of the payload as text, or a byte count when it does not look like text. */
export function previewText(payload: Uint8Array, maxChars: number): string {
	const head = payload.subarray(0, maxChars * 4);
	for (let i = 0; i < head.length; i++) {
		const byte = head[i] as number;
		// Control bytes other than tab, CR and LF mean binary: show its size, not mojibake.
		if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) {
			return `<${payload.length} bytes>`;
		}
	}
	const text = decoder.decode(head).replace(/\s+/g, ' ');
	return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}
