/**
 * A log file that rotates by size: when the next line would take `topicscope.log` past
 * `maxBytes`, it becomes `topicscope.log.1` (`.1` becomes `.2`…, the oldest is dropped), so the
 * log folder never holds more than `maxBytes × (keep + 1)`.
 *
 * Synchronous on purpose: a line logged just before a crash must be on disk.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;
export const DEFAULT_KEPT_LOGS = 3;

export class RotatingLogFile {
	readonly path: string;
	readonly #maxBytes: number;
	readonly #keep: number;
	#size: number;

	constructor(path: string, options: { readonly maxBytes?: number; readonly keep?: number } = {}) {
		this.path = path;
		this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
		this.#keep = options.keep ?? DEFAULT_KEPT_LOGS;
		mkdirSync(dirname(path), { recursive: true });
		this.#size = existsSync(path) ? statSync(path).size : 0;
	}

	/** The files in use, newest first (for "Open logs folder" and tests). */
	get files(): readonly string[] {
		return [this.path, ...Array.from({ length: this.#keep }, (_, i) => `${this.path}.${i + 1}`)];
	}

	append(line: string): void {
		const bytes = Buffer.byteLength(line);
		if (this.#size > 0 && this.#size + bytes > this.#maxBytes) this.#rotate();
		appendFileSync(this.path, line);
		this.#size += bytes;
	}

	#rotate(): void {
		const files = this.files;
		const oldest = files[files.length - 1];
		if (oldest !== undefined) rmSync(oldest, { force: true });
		for (let index = files.length - 2; index >= 0; index--) {
			const from = files[index];
			const to = files[index + 1];
			if (from !== undefined && to !== undefined && existsSync(from)) renameSync(from, to);
		}
		this.#size = 0;
	}
}
