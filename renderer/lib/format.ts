/** Formatting for display: sizes, times, payloads. Pure functions. */
import { incompleteTailLength, payloadText } from '../../shared/model/payload-text';

/** "512 B", "1.5 KB", "64 KB", "5 MB": one decimal, none when it would be ".0". */
export function formatBytes(sizeBytes: number): string {
	if (sizeBytes < 1024) return `${sizeBytes} B`;
	const [value, unit] =
		sizeBytes < 1024 * 1024 ? [sizeBytes / 1024, 'KB'] : [sizeBytes / (1024 * 1024), 'MB'];
	return `${value.toFixed(1).replace(/\.0$/, '')} ${unit}`;
}

export function formatTime(epochMs: number): string {
	const date = new Date(epochMs);
	const time = date.toLocaleTimeString(undefined, { hour12: false });
	return `${time}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

export function formatCount(count: number): string {
	return count.toLocaleString('en-US');
}

/** "0.5/s", "12/s", "1,204/s": one decimal below 10; '' when not measured yet or quiet. */
export function formatRate(perSecond: number | null): string {
	// A quiet row says nothing: "0/s" on every idle topic is noise.
	if (perSecond === null || perSecond === 0) return '';
	if (perSecond < 10) return `${perSecond.toFixed(1).replace(/\.0$/, '')}/s`;
	return `${formatCount(Math.round(perSecond))}/s`;
}

export type PayloadText =
	| { readonly kind: 'json'; readonly text: string; readonly shownBytes: number }
	| { readonly kind: 'text'; readonly text: string; readonly shownBytes: number }
	| { readonly kind: 'binary'; readonly hex: string; readonly shownBytes: number };

/**
 * Shows a payload as pretty JSON, text, or a hex dump when it is not text.
 *
 * `isCut` says the bytes are a preview of a longer payload (see `payloadText`): text then ends at
 * the last whole character, and `shownBytes` says how many bytes that is.
 */
export function describePayload(bytes: Uint8Array, isCut = false): PayloadText {
	const text = payloadText(bytes, isCut);
	if (text === null) return { kind: 'binary', hex: hexDump(bytes), shownBytes: bytes.length };
	const shownBytes = isCut ? bytes.length - incompleteTailLength(bytes) : bytes.length;
	const trimmed = text.trim();
	if (!isCut && (trimmed.startsWith('{') || trimmed.startsWith('['))) {
		try {
			return { kind: 'json', text: JSON.stringify(JSON.parse(trimmed), null, 2), shownBytes };
		} catch {
			// Not JSON after all: it is still text.
			return { kind: 'text', text, shownBytes };
		}
	}
	return { kind: 'text', text, shownBytes };
}

/**
 * Every byte given as `hexdump -C`-like lines: offset, 16 bytes in hex, the printable ASCII.
 *
 * No cut of its own: the caller decides how much to show and says so (the message preview is at
 * most 64 KB, 4,096 lines; the paged viewer formats one row at a time with `hexRow`).
 */
export function hexDump(bytes: Uint8Array, startOffset = 0): string {
	const lines: string[] = [];
	for (let at = 0; at < bytes.length; at += 16) {
		lines.push(hexRow(bytes.subarray(at, Math.min(at + 16, bytes.length)), startOffset + at));
	}
	return lines.join('\n');
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** One hex dump line: at most 16 bytes that start at `offset` in the payload. */
export function hexRow(row: Uint8Array, offset: number): string {
	let hex = '';
	let ascii = '';
	for (let i = 0; i < row.length; i++) {
		const byte = row[i] as number;
		hex += (i === 0 ? '' : i === 8 ? '  ' : ' ') + (HEX[byte] as string);
		ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
	}
	return `${offset.toString(16).padStart(8, '0')}  ${hex.padEnd(48)}  ${ascii}`;
}

/** The whole payload as plain lowercase hex, two digits a byte: what "copy as hex" gives. */
export function plainHex(bytes: Uint8Array): string {
	const parts: string[] = new Array<string>(bytes.length);
	for (let i = 0; i < bytes.length; i++) parts[i] = HEX[bytes[i] as number] as string;
	return parts.join('');
}

/**
 * The notice above a cut preview: how much is shown of how much, honestly.
 *
 * `shownBytes` is what the preview shows (a text preview drops a character the cut split).
 */
export function previewNotice(shownBytes: number, sizeBytes: number): string {
	return `Showing the first ${formatBytes(shownBytes)} of ${formatBytes(sizeBytes)} (${formatCount(sizeBytes)} bytes).`;
}
