/**
 * Where the rows of a text payload start, found by one pass over its bytes as they arrive page by
 * page, so the paged viewer can show any row of a 100 MB text without holding the text.
 *
 * A row ends at a line feed, or after `maxRowBytes` (a minified 100 MB JSON is one line) at the
 * next character boundary, so no row starts inside a multi-byte character. Pure and DOM-free.
 */

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
/** A row of invalid UTF-8 (continuation bytes only) still ends a few bytes later. */
const MAX_CHARACTER_BYTES = 4;

function isContinuationByte(byte: number): boolean {
	return (byte & 0xc0) === 0x80;
}

/** A number list that grows without boxing each entry (a row index can have millions). */
class Growable {
	#values = new Float64Array(1024);
	length = 0;

	push(value: number): void {
		if (this.length === this.#values.length) {
			const bigger = new Float64Array(this.#values.length * 2);
			bigger.set(this.#values);
			this.#values = bigger;
		}
		this.#values[this.length++] = value;
	}

	at(index: number): number {
		return this.#values[index] as number;
	}
}

export class TextRowIndex {
	readonly #starts = new Growable();
	/** The line (from 0) each row belongs to: a long line has several rows. */
	readonly #lines = new Growable();
	#rowStart = 0;
	#line = 0;
	/** Bytes scanned so far; pages must come in order. */
	scannedBytes = 0;
	isComplete = false;

	constructor(
		readonly sizeBytes: number,
		readonly maxRowBytes = 256,
	) {
		this.#starts.push(0);
		this.#lines.push(0);
		this.isComplete = sizeBytes === 0;
	}

	/** Scans the next bytes of the payload; `bytes` must start where the last call ended. */
	scan(bytes: Uint8Array): void {
		const base = this.scannedBytes;
		let at = 0;
		// The next line feed, found once and reused until passed: looking again for every row of
		// a long line would rescan the rest of the page each time.
		let lineFeed = -2;
		while (at < bytes.length) {
			const rowLimit = this.#rowStart + this.maxRowBytes - base;
			if (lineFeed !== -1 && lineFeed < at) lineFeed = bytes.indexOf(LINE_FEED, at);
			if (lineFeed !== -1 && lineFeed <= rowLimit) {
				this.#startRow(base + lineFeed + 1, this.#line + 1);
				at = lineFeed + 1;
				continue;
			}
			if (rowLimit >= bytes.length) break;
			// The row is full: it ends at the next character boundary.
			let cut = Math.max(rowLimit, at);
			const hardLimit = cut + MAX_CHARACTER_BYTES;
			while (cut < bytes.length && cut < hardLimit && isContinuationByte(bytes[cut] as number))
				cut++;
			if (cut >= bytes.length && cut < hardLimit) break; // decide once the next page is here
			this.#startRow(base + cut, this.#line);
			at = cut;
		}
		this.scannedBytes = base + bytes.length;
		if (this.scannedBytes >= this.sizeBytes) this.isComplete = true;
	}

	/** Rows known so far (all of them once `isComplete`). */
	get rowCount(): number {
		return this.#starts.length;
	}

	/** The byte range of a row's text, without its line feed (nor a CR before it). */
	rowRange(
		row: number,
		bytes?: (start: number, end: number) => Uint8Array | null,
	): {
		start: number;
		end: number;
	} {
		const start = this.#starts.at(row);
		const isLast = row + 1 >= this.#starts.length;
		const next = isLast
			? this.isComplete
				? this.sizeBytes
				: this.scannedBytes
			: this.#starts.at(row + 1);
		const endsLine = !isLast && this.#lines.at(row + 1) !== this.#lines.at(row);
		let end = endsLine ? next - 1 : next;
		if (endsLine && end > start && bytes) {
			const last = bytes(end - 1, end);
			if (last !== null && last[0] === CARRIAGE_RETURN) end -= 1;
		}
		return { start, end };
	}

	/** The line (from 0) a row belongs to. */
	lineOf(row: number): number {
		return this.#lines.at(row);
	}

	/** True for the first row of a line (the others continue a long line). */
	startsLine(row: number): boolean {
		return row === 0 || this.#lines.at(row) !== this.#lines.at(row - 1);
	}

	#startRow(start: number, line: number): void {
		this.#starts.push(start);
		this.#lines.push(line);
		this.#rowStart = start;
		this.#line = line;
	}
}
