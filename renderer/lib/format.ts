/** Formatting for display: sizes, times, payloads. Pure functions. */
import { payloadText } from '../../shared/model/payload-text';

export function formatBytes(sizeBytes: number): string {
	if (sizeBytes < 1024) return `${sizeBytes} B`;
	if (sizeBytes < 1024 * 1024) return `${(sizeBytes / 1024).toFixed(1)} KB`;
	return `${(sizeBytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatTime(epochMs: number): string {
	const date = new Date(epochMs);
	const time = date.toLocaleTimeString(undefined, { hour12: false });
	return `${time}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

export function formatCount(count: number): string {
	return count.toLocaleString('en-US');
}

export type PayloadText =
	| { readonly kind: 'json'; readonly text: string }
	| { readonly kind: 'text'; readonly text: string }
	| { readonly kind: 'binary'; readonly hex: string };

/**
 * Shows a payload as pretty JSON, text, or a hex dump when it is not text.
 *
 * `isCut` says the bytes are a preview of a longer payload (see `payloadText`).
 */
export function describePayload(bytes: Uint8Array, isCut = false): PayloadText {
	const text = payloadText(bytes, isCut);
	if (text === null) return { kind: 'binary', hex: hexDump(bytes) };
	const trimmed = text.trim();
	if (!isCut && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
		try {
			return { kind: 'json', text: JSON.stringify(JSON.parse(trimmed), null, 2) };
		} catch {
			// Not JSON after all: it is still text.
			return { kind: 'text', text };
		}
	}
	return { kind: 'text', text };
}

export function hexDump(bytes: Uint8Array, maxBytes = 4096): string {
	const lines: string[] = [];
	const end = Math.min(bytes.length, maxBytes);
	for (let offset = 0; offset < end; offset += 16) {
		const row = bytes.subarray(offset, Math.min(offset + 16, end));
		const hex = [...row].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
		const ascii = [...row]
			.map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.'))
			.join('');
		lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
	}
	return lines.join('\n');
}
