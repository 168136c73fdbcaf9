/**
 * A cursor over one frame that records fields with byte ranges and the first problem found.
 *
 * It never throws: once a read runs out of bytes the reader stops, later reads return zero values
 * and add no fields, so decoders read straight through and check `stopped` only to end loops.
 * A rule violation that leaves the layout readable (`violate`) records the error and keeps going
 * so the field tree shows the whole frame.
 */
import { findUtf8Problem, decodeUtf8 } from './utf8';
import type { Field, FieldValue, FrameError, ProtocolLevel } from './types';

const EMPTY = new Uint8Array(0);

/** A field made of the `mask` bits of the byte at `offset` (a flag, a two-bit QoS). */
export function bitField(name: string, offset: number, mask: number, value: FieldValue): Field {
	return { name, start: offset, end: offset + 1, value, mask };
}

/** Turns 'topicName' into 'topic name' for messages. */
export function words(name: string): string {
	return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export class Reader {
	readonly bytes: Uint8Array;
	level: ProtocolLevel;
	pos: number;
	/** Reads may not pass this offset: the packet end, or the end of a property block. */
	limit: number;
	/** The rule cited when a read passes `limit`. */
	limitRule: string;
	/** What `limit` ends, for messages: 'packet' or 'property block'. */
	limitName: string;
	/** Where the remaining length says the frame ends. */
	declaredEnd: number;
	error: FrameError | undefined;
	stopped: boolean;
	fields: Field[];
	/** Who sent the frame, when the caller knows. */
	sender: 'client' | 'server' | undefined;

	constructor(bytes: Uint8Array, level: ProtocolLevel, sender?: 'client' | 'server') {
		this.bytes = bytes;
		this.level = level;
		this.sender = sender;
		this.pos = 0;
		this.limit = bytes.length;
		this.limitRule = '';
		this.limitName = 'packet';
		this.declaredEnd = bytes.length;
		this.error = undefined;
		this.stopped = false;
		this.fields = [];
	}

	/** Picks the MQTT 5 or the 3.1.1 statement id for the frame's level. */
	rule(v5: string, v311: string): string {
		return this.level === 5 ? v5 : v311;
	}

	/** Records a rule violation; decoding goes on because the layout is still known. */
	violate(offset: number, rule: string, message: string): void {
		if (this.error === undefined) this.error = { offset, rule, message };
	}

	/** Records a problem after which nothing more can be read. */
	fail(offset: number, rule: string, message: string): void {
		this.violate(offset, rule, message);
		this.stopped = true;
	}

	/** Whether n more bytes can be read; otherwise explains the shortfall and stops. */
	has(n: number, name: string): boolean {
		if (this.stopped) return false;
		if (this.pos + n <= this.limit) return true;
		const left = Math.max(0, this.limit - this.pos);
		if (this.limit === this.bytes.length && this.limit < this.declaredEnd) {
			this.fail(
				this.bytes.length,
				this.limitRule,
				`The frame is truncated: the remaining length promises ${this.declaredEnd} bytes but ` +
					`only ${this.bytes.length} arrived, so the ${words(name)} is cut off.`,
			);
		} else {
			this.fail(
				this.pos,
				this.limitRule,
				`The ${words(name)} needs ${n} byte${n === 1 ? '' : 's'} but only ${left} remain ` +
					`in the ${this.limitName}.`,
			);
		}
		return false;
	}

	add(name: string, start: number, value?: FieldValue, children?: Field[]): void {
		if (this.stopped) return;
		const field: Field =
			children === undefined
				? { name, start, end: this.pos, value }
				: { name, start, end: this.pos, value, children };
		this.fields.push(field);
	}

	u8(name: string): number {
		if (!this.has(1, name)) return 0;
		return this.bytes[this.pos++] ?? 0;
	}

	u16(name: string): number {
		if (!this.has(2, name)) return 0;
		const b = this.bytes;
		const value = ((b[this.pos] ?? 0) << 8) | (b[this.pos + 1] ?? 0);
		this.pos += 2;
		return value;
	}

	u32(name: string): number {
		if (!this.has(4, name)) return 0;
		const b = this.bytes;
		const p = this.pos;
		const value =
			(b[p] ?? 0) * 0x1000000 +
			(((b[p + 1] ?? 0) << 16) | ((b[p + 2] ?? 0) << 8) | (b[p + 3] ?? 0));
		this.pos += 4;
		return value;
	}

	/** A Variable Byte Integer (1.5.5 / 3.1.1 2.2.3): at most four bytes, seven bits each. */
	vbi(name: string): number {
		const start = this.pos;
		let value = 0;
		let multiplier = 1;
		for (let i = 0; i < 4; i++) {
			if (!this.has(1, name)) return 0;
			const byte = this.bytes[this.pos++] ?? 0;
			value += (byte & 0x7f) * multiplier;
			if ((byte & 0x80) === 0) {
				// [MQTT-1.5.5-1] the value must use the fewest bytes possible.
				if (this.level === 5 && i > 0 && byte === 0) {
					this.violate(
						start,
						'[MQTT-1.5.5-1]',
						`The ${words(name)} is encoded in ${i + 1} bytes where fewer would do.`,
					);
				}
				return value;
			}
			multiplier *= 128;
		}
		this.fail(
			start + 3,
			this.rule('[MQTT-1.5.5]', '[MQTT-2.2.3]'),
			`The ${words(name)} continues past four bytes; a variable byte integer has at most four.`,
		);
		return 0;
	}

	/** A two-byte length then that many bytes. */
	binary(name: string): Uint8Array {
		const length = this.u16(name);
		if (!this.has(length, name)) return EMPTY;
		const value = this.bytes.subarray(this.pos, this.pos + length);
		this.pos += length;
		return value;
	}

	/** A UTF-8 Encoded String (1.5.4 / 3.1.1 1.5.3), checked for the forbidden encodings. */
	utf8(name: string): string {
		const length = this.u16(name);
		if (!this.has(length, name)) return '';
		const start = this.pos;
		const end = start + length;
		this.pos = end;
		const problem = findUtf8Problem(this.bytes, start, end);
		if (problem === undefined) return decodeUtf8(this.bytes, start, end);
		if (problem.kind === 'null') {
			this.violate(
				problem.offset,
				this.rule('[MQTT-1.5.4-2]', '[MQTT-1.5.3-2]'),
				`The ${words(name)} contains the null character U+0000, which MQTT strings must not.`,
			);
		} else if (problem.kind === 'surrogate') {
			this.violate(
				problem.offset,
				this.rule('[MQTT-1.5.4-1]', '[MQTT-1.5.3-1]'),
				`The ${words(name)} encodes a UTF-16 surrogate (U+D800 to U+DFFF), which is not valid UTF-8.`,
			);
		} else {
			this.violate(
				problem.offset,
				this.rule('[MQTT-1.5.4-1]', '[MQTT-1.5.3-1]'),
				`The ${words(name)} is not well-formed UTF-8 at byte ${problem.offset}.`,
			);
		}
		return decodeUtf8(this.bytes, start, end);
	}

	/** Reads a byte and records it as a field. */
	readU8(name: string): number {
		const start = this.pos;
		const value = this.u8(name);
		this.add(name, start, value);
		return value;
	}

	readU16(name: string): number {
		const start = this.pos;
		const value = this.u16(name);
		this.add(name, start, value);
		return value;
	}

	readString(name: string): string {
		const start = this.pos;
		const value = this.utf8(name);
		this.add(name, start, value);
		return value;
	}

	readBinary(name: string): Uint8Array {
		const start = this.pos;
		const value = this.binary(name);
		this.add(name, start, value);
		return value;
	}

	/** Starts collecting fields into a new list; returns the outer list for `endGroup`. */
	beginGroup(): Field[] {
		const outer = this.fields;
		this.fields = [];
		return outer;
	}

	/**
	 * Closes a group as one field holding the fields read since `beginGroup`.
	 *
	 * Unlike `add` it records the group even after a failure, so partial frames keep what was read.
	 */
	endGroup(outer: Field[], name: string, start: number, value?: FieldValue): void {
		const children = this.fields;
		this.fields = outer;
		if (this.stopped && children.length === 0) return;
		const field: Field =
			value === undefined
				? { name, start, end: this.pos, children }
				: { name, start, end: this.pos, value, children };
		outer.push(field);
	}
}
