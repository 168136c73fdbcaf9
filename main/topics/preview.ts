/** Short text previews of payloads for tree rows. */
import { payloadText } from '../../shared/model/payload-text';

/** Up to `maxChars` of the payload as text, or a byte count when it is not text. */
export function previewText(payload: Uint8Array, maxChars: number): string {
	// A character is at most 4 bytes: this head holds `maxChars` characters when it is text.
	const headBytes = maxChars * 4;
	const isCut = payload.length > headBytes;
	const text = payloadText(isCut ? payload.subarray(0, headBytes) : payload, isCut);
	if (text === null) return `<${payload.length} bytes>`;
	const line = text.replace(/\s+/g, ' ');
	return line.length > maxChars ? `${line.slice(0, maxChars - 1)}…` : line;
}
