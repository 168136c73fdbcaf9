/** The rows and cell text of a hex grid, 16 bytes a row. Pure; used by ByteViewer. */

export const ROW_BYTES = 16;

export interface ByteRow {
	/** Offset of the row's first cell. */
	readonly start: number;
	readonly offsets: readonly number[];
}

/** Rows `firstRow` (inclusive) to `lastRow` (exclusive) of a grid of `cellCount` cells. */
export function byteRows(cellCount: number, firstRow: number, lastRow: number): ByteRow[] {
	const last = Math.min(lastRow, Math.ceil(cellCount / ROW_BYTES));
	const rows: ByteRow[] = [];
	for (let row = Math.max(0, firstRow); row < last; row++) {
		const start = row * ROW_BYTES;
		const end = Math.min(start + ROW_BYTES, cellCount);
		rows.push({ start, offsets: Array.from({ length: end - start }, (_, i) => start + i) });
	}
	return rows;
}

/** Two hex digits, or '··' for the cell past the last byte. */
export function hexCell(bytes: Uint8Array, offset: number): string {
	const byte = bytes[offset];
	return byte === undefined ? '··' : byte.toString(16).padStart(2, '0');
}

/** The printable ASCII character, '.' for any other byte, a space past the last byte. */
export function asciiCell(bytes: Uint8Array, offset: number): string {
	const byte = bytes[offset];
	if (byte === undefined) return ' ';
	return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

/** A row offset as four hex digits (more when the frame is 64 KB or larger). */
export function rowOffset(start: number): string {
	return start.toString(16).padStart(4, '0');
}
