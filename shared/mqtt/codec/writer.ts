/**
 * A growable byte buffer for the encoder that checks every value it writes.
 *
 * Values arrive as `unknown` because models may come from JSON (the CLI, the codec panel); a value
 * of the wrong type or range records a problem naming its path instead of throwing.
 */
import { encodeUtf8 } from './utf8';

export interface EncodeProblem {
	/** Dotted path of the offending model field, e.g. 'properties.topicAlias'. */
	readonly path: string;
	readonly message: string;
}

interface ProblemHolder {
	problem: EncodeProblem | undefined;
}

const MAX_VBI = 268_435_455;

function isInteger(value: unknown, max: number): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

export class Writer {
	#bytes: Uint8Array;
	#length: number;
	readonly #holder: ProblemHolder;

	constructor(holder: ProblemHolder = { problem: undefined }) {
		this.#bytes = new Uint8Array(64);
		this.#length = 0;
		this.#holder = holder;
	}

	get length(): number {
		return this.#length;
	}

	get problem(): EncodeProblem | undefined {
		return this.#holder.problem;
	}

	/** A writer for a nested block (e.g. properties) whose problems land here too. */
	child(): Writer {
		return new Writer(this.#holder);
	}

	fail(path: string, message: string): void {
		if (this.#holder.problem === undefined) this.#holder.problem = { path, message };
	}

	#reserve(n: number): void {
		const needed = this.#length + n;
		if (needed <= this.#bytes.length) return;
		let size = this.#bytes.length * 2;
		while (size < needed) size *= 2;
		const grown = new Uint8Array(size);
		grown.set(this.#bytes.subarray(0, this.#length));
		this.#bytes = grown;
	}

	raw(bytes: Uint8Array): void {
		this.#reserve(bytes.length);
		this.#bytes.set(bytes, this.#length);
		this.#length += bytes.length;
	}

	append(other: Writer): void {
		this.raw(other.bytes());
	}

	u8(value: unknown, path: string): void {
		if (!isInteger(value, 0xff))
			return this.fail(path, `${path} must be an integer from 0 to 255.`);
		this.#reserve(1);
		this.#bytes[this.#length++] = value;
	}

	u16(value: unknown, path: string): void {
		if (!isInteger(value, 0xffff)) {
			return this.fail(path, `${path} must be an integer from 0 to 65535.`);
		}
		this.#reserve(2);
		this.#bytes[this.#length++] = value >>> 8;
		this.#bytes[this.#length++] = value & 0xff;
	}

	u32(value: unknown, path: string): void {
		if (!isInteger(value, 0xffffffff)) {
			return this.fail(path, `${path} must be an integer from 0 to 4294967295.`);
		}
		this.#reserve(4);
		this.#bytes[this.#length++] = (value >>> 24) & 0xff;
		this.#bytes[this.#length++] = (value >>> 16) & 0xff;
		this.#bytes[this.#length++] = (value >>> 8) & 0xff;
		this.#bytes[this.#length++] = value & 0xff;
	}

	vbi(value: unknown, path: string): void {
		if (!isInteger(value, MAX_VBI)) {
			return this.fail(path, `${path} must be an integer from 0 to ${MAX_VBI}.`);
		}
		let rest = value;
		do {
			let byte = rest % 128;
			rest = Math.floor(rest / 128);
			if (rest > 0) byte |= 0x80;
			this.#reserve(1);
			this.#bytes[this.#length++] = byte;
		} while (rest > 0);
	}

	utf8(value: unknown, path: string): void {
		if (typeof value !== 'string') return this.fail(path, `${path} must be a string.`);
		const bytes = encodeUtf8(value);
		if (bytes.length > 0xffff) {
			return this.fail(path, `${path} is ${bytes.length} bytes in UTF-8; the limit is 65535.`);
		}
		this.u16(bytes.length, path);
		this.raw(bytes);
	}

	binary(value: unknown, path: string): void {
		if (!(value instanceof Uint8Array)) return this.fail(path, `${path} must be bytes.`);
		if (value.length > 0xffff) {
			return this.fail(path, `${path} is ${value.length} bytes; the limit is 65535.`);
		}
		this.u16(value.length, path);
		this.raw(value);
	}

	bytes(): Uint8Array {
		return this.#bytes.subarray(0, this.#length);
	}
}
