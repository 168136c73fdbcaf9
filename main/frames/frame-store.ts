/**
 * The frame log's storage: a ring of frames numbered by a contiguous sequence, whose facts live in
 * typed arrays and whose bytes are copied into one byte ring.
 *
 * The tap's budget is 1 µs a frame (DESIGN §4). Kept as one JavaScript object each, 100,000
 * frames made the garbage collector the tap's largest cost; here a frame is a few typed-array
 * entries (time, where its bytes are, their length, session, direction, level) and its bytes,
 * and nothing is allocated per frame. Everything else is read from the bytes when a frame is
 * shown, filtered or exported (`record` peeks the header then), and the few facts flow pairing
 * adds later (flags, partners, round trip) sit in a map beside, for the frames that have them.
 *
 * The ring holds at most `capacity` frames and `maxBytes` of their bytes: the oldest are evicted
 * (and counted) to make room for either, so memory is bounded both ways. The byte ring starts at
 * 1 MB and doubles up to `maxBytes`. A frame never wraps: one that does not fit before the end
 * starts again at the front. A frame over a quarter of `maxBytes` gets an array of its own,
 * counted against the same limit.
 */
import type { ProtocolLevel } from '../../shared/mqtt/codec/types';
import { peekInto, type PeekTarget } from '../../shared/mqtt/codec/peek';
import type { FlowFlag, WireDirection } from './types';

export const DEFAULT_FRAME_BYTES = 64 * 1024 * 1024;
const INITIAL_BYTES = 1024 * 1024;
const INITIAL_SLOTS = 1024;

/** `info` bits. */
const DIRECTION_OUT = 0b1;
const HAS_ERROR = 0b10;
const OWN_ARRAY = 0b100;
const LEVEL_SHIFT = 3;

/** What the log learns about a frame after it was stored: its flow, an aliased topic. */
export interface FlowFacts {
	flags: FlowFlag[] | undefined;
	pairedSeqs: number[] | undefined;
	rttUs: number | undefined;
	/** The topic an MQTT 5 Topic Alias stood for, when the frame's bytes carry none. */
	topic?: string | undefined;
}

/** One frame as its readers see it: its stored facts and its peeked header, built on demand. */
export interface FrameRecord extends PeekTarget, FlowFacts {
	readonly seq: number;
	readonly timeUs: number;
	readonly direction: WireDirection;
	readonly session: number;
	readonly protocolLevel: ProtocolLevel;
	/** The frame's bytes in the ring: read them now (a later frame may overwrite them), or copy. */
	readonly bytes: Uint8Array;
	/** Set on a stream error entry, which has no frame. */
	readonly error: string | undefined;
}

const EMPTY = new Uint8Array(0);

type MutableRecord = { -readonly [K in keyof FrameRecord]: FrameRecord[K] };

/** A record with every field present, so all records share one shape. */
function newRecord(): MutableRecord {
	return {
		seq: 0,
		timeUs: 0,
		direction: 'in',
		session: 0,
		protocolLevel: 4,
		bytes: EMPTY,
		error: undefined,
		flags: undefined,
		pairedSeqs: undefined,
		rttUs: undefined,
		typeCode: 0,
		headerFlags: 0,
		headerBytes: 0,
		remainingLength: -1,
		packetId: undefined,
		qos: undefined,
		isDup: undefined,
		isRetain: undefined,
		topic: undefined,
		payloadBytes: undefined,
		topicAlias: undefined,
		reasonCode: undefined,
		reasonCodes: undefined,
		requestedQos: undefined,
		filterCount: undefined,
		connectLevel: undefined,
		isTruncated: undefined,
	};
}

export interface FrameStoreOptions {
	/** Frames kept at most. */
	readonly capacity: number;
	/** Bytes of frames kept at most. */
	readonly maxBytes?: number;
}

export class FrameStore {
	readonly capacity: number;
	readonly maxBytes: number;
	// Per slot (slot = (head + index) % slots.length while the columns are full-size).
	#timeUs: Float64Array;
	/** Absolute byte position of the frame's first byte (positions only grow). */
	#position: Float64Array;
	#length: Uint32Array;
	#session: Uint32Array;
	#info: Uint8Array;
	#slots: number;
	/** Slot of the oldest frame. */
	#head = 0;
	#size = 0;
	#evicted = 0;
	/** Sequence number of the oldest frame (the first ever is 1). */
	#firstSeq = 1;
	#bytes: Uint8Array;
	/** Absolute position where the next frame's bytes go. */
	#tail = 0;
	/** Absolute position of the oldest byte still held (the oldest ring frame's first byte). */
	#bytesHead = 0;
	readonly #ownArrays = new Map<number, Uint8Array>();
	#ownBytes = 0;
	readonly #errors = new Map<number, string>();
	readonly #flows = new Map<number, FlowFacts>();
	readonly #scratch = newRecord();

	constructor(options: FrameStoreOptions) {
		const { capacity } = options;
		if (!Number.isInteger(capacity) || capacity < 1) {
			throw new Error(`Frame capacity must be a positive integer, got ${capacity}`);
		}
		this.capacity = capacity;
		this.maxBytes = Math.max(options.maxBytes ?? DEFAULT_FRAME_BYTES, 1024);
		this.#bytes = new Uint8Array(Math.min(INITIAL_BYTES, this.maxBytes));
		this.#slots = Math.min(capacity, INITIAL_SLOTS);
		this.#timeUs = new Float64Array(this.#slots);
		this.#position = new Float64Array(this.#slots);
		this.#length = new Uint32Array(this.#slots);
		this.#session = new Uint32Array(this.#slots);
		this.#info = new Uint8Array(this.#slots);
	}

	get size(): number {
		return this.#size;
	}

	/** Frames pushed out to make room. */
	get evictedCount(): number {
		return this.#evicted;
	}

	/** Every frame ever appended. */
	get totalCount(): number {
		return this.#evicted + this.#size;
	}

	/** Sequence number of the oldest frame held (the next one's when empty). */
	get oldestSeq(): number {
		return this.#firstSeq;
	}

	/** The sequence number the next frame gets. */
	get nextSeq(): number {
		return this.#firstSeq + this.#size;
	}

	/** Bytes of frames held (in the ring and in arrays of their own). */
	get heldBytes(): number {
		return this.#tail - this.#bytesHead + this.#ownBytes;
	}

	/**
	 * Stores a copy of a frame's bytes (or, with `error`, an entry that has none); returns its
	 * sequence number.
	 */
	append(
		direction: WireDirection,
		timeUs: number,
		session: number,
		level: ProtocolLevel,
		bytes: Uint8Array,
		error?: string,
	): number {
		if (this.#size === this.capacity) this.#evictOldest();
		if (this.#size === this.#slots) this.#growSlots();
		const seq = this.#firstSeq + this.#size;
		const slot = (this.#head + this.#size) % this.#slots;
		const length = bytes.length;
		let info = (direction === 'out' ? DIRECTION_OUT : 0) | (level << LEVEL_SHIFT);
		if (error !== undefined) {
			info |= HAS_ERROR;
			this.#errors.set(seq, error);
		}
		if (length * 4 > this.maxBytes) {
			info |= OWN_ARRAY;
			while (this.#ownBytes + length > this.maxBytes && this.#size > 0) this.#evictOldest();
			this.#ownArrays.set(seq, bytes.slice());
			this.#ownBytes += length;
			this.#position[slot] = this.#tail;
		} else {
			const position = this.#place(length);
			this.#bytes.set(bytes, position % this.#bytes.length);
			this.#position[slot] = position;
			this.#tail = position + length;
		}
		this.#timeUs[slot] = timeUs;
		this.#length[slot] = length;
		this.#session[slot] = session;
		this.#info[slot] = info;
		this.#size += 1;
		return seq;
	}

	/** The frame with this sequence number, read from the store, or undefined once evicted. */
	get(seq: number): FrameRecord | undefined {
		const index = seq - this.#firstSeq;
		if (!Number.isInteger(index) || index < 0 || index >= this.#size) return undefined;
		return this.#fill(index, newRecord());
	}

	/**
	 * `get` into one record the store reuses: valid until the next `peek`. For scans that test
	 * each frame once (a filter over new frames) and keep none of them: no allocation per frame.
	 */
	peek(seq: number): FrameRecord | undefined {
		const index = seq - this.#firstSeq;
		if (index < 0 || index >= this.#size) return undefined;
		return this.#fill(index, this.#scratch);
	}

	/** The `index`-th frame held, from the oldest. */
	at(index: number): FrameRecord | undefined {
		if (index < 0 || index >= this.#size) return undefined;
		return this.#fill(index, newRecord());
	}

	/** The time of the `index`-th frame held (no record built: for searches). */
	timeUsAt(index: number): number {
		return this.#timeUs[(this.#head + index) % this.#slots] ?? Number.POSITIVE_INFINITY;
	}

	/** The flow facts of a held frame, to change them (created empty); undefined once evicted. */
	flow(seq: number): FlowFacts | undefined {
		const index = seq - this.#firstSeq;
		if (index < 0 || index >= this.#size) return undefined;
		let facts = this.#flows.get(seq);
		if (facts === undefined) {
			facts = { flags: undefined, pairedSeqs: undefined, rttUs: undefined };
			this.#flows.set(seq, facts);
		}
		return facts;
	}

	/** Reads the `index`-th frame into `record`: stored facts, then the header peeked from its bytes. */
	#fill(index: number, record: MutableRecord): FrameRecord {
		const slot = (this.#head + index) % this.#slots;
		const seq = this.#firstSeq + index;
		const info = this.#info[slot] as number;
		const length = this.#length[slot] as number;
		let bytes: Uint8Array = EMPTY;
		if ((info & OWN_ARRAY) !== 0) bytes = this.#ownArrays.get(seq) ?? EMPTY;
		else if (length > 0) {
			const at = (this.#position[slot] as number) % this.#bytes.length;
			bytes = this.#bytes.subarray(at, at + length);
		}
		const error = (info & HAS_ERROR) === 0 ? undefined : this.#errors.get(seq);
		const flow = this.#flows.size === 0 ? undefined : this.#flows.get(seq);
		const level = (info >> LEVEL_SHIFT) as ProtocolLevel;
		record.seq = seq;
		record.timeUs = this.#timeUs[slot] as number;
		record.direction = (info & DIRECTION_OUT) === 0 ? 'in' : 'out';
		record.session = this.#session[slot] as number;
		record.protocolLevel = level;
		record.bytes = bytes;
		record.error = error;
		record.flags = flow?.flags;
		record.pairedSeqs = flow?.pairedSeqs;
		record.rttUs = flow?.rttUs;
		// The peek writes what it finds and leaves the rest: clear what a reused record held.
		record.packetId = undefined;
		record.qos = undefined;
		record.isDup = undefined;
		record.isRetain = undefined;
		record.topic = undefined;
		record.payloadBytes = undefined;
		record.topicAlias = undefined;
		record.reasonCode = undefined;
		record.reasonCodes = undefined;
		record.requestedQos = undefined;
		record.filterCount = undefined;
		record.connectLevel = undefined;
		record.isTruncated = undefined;
		if (error === undefined) {
			peekInto(bytes, level, record);
			// An aliased PUBLISH shows the topic its alias stood for (its bytes carry none).
			if (flow?.topic !== undefined) record.topic = flow.topic;
		} else {
			record.typeCode = 0;
			record.headerFlags = 0;
			record.headerBytes = 0;
			record.remainingLength = -1;
		}
		return record;
	}

	/**
	 * Where `length` bytes go: the tail, or the front of the ring when they would cross its end.
	 * Evicts the oldest frames, or grows the ring while it may, until they fit.
	 */
	#place(length: number): number {
		for (;;) {
			const size = this.#bytes.length;
			let position = this.#tail;
			// A frame never wraps: skip to the next lap when it would cross the end.
			if (Math.floor(position / size) !== Math.floor((position + length - 1) / size)) {
				position = Math.ceil(position / size) * size;
			}
			if (position + length - this.#bytesHead <= size) return position;
			if (size < this.maxBytes) this.#growBytes();
			else this.#evictOldest();
		}
	}

	#evictOldest(): void {
		const slot = this.#head;
		const seq = this.#firstSeq;
		const info = this.#info[slot] as number;
		if ((info & OWN_ARRAY) !== 0) {
			this.#ownBytes -= this.#length[slot] as number;
			this.#ownArrays.delete(seq);
		}
		if ((info & HAS_ERROR) !== 0) this.#errors.delete(seq);
		if (this.#flows.size > 0) this.#flows.delete(seq);
		this.#head = (this.#head + 1) % this.#slots;
		this.#size -= 1;
		this.#firstSeq += 1;
		this.#evicted += 1;
		this.#bytesHead = this.#size === 0 ? this.#tail : this.#oldestRingPosition();
	}

	/** Position of the oldest frame whose bytes are in the ring (the tail when none is). */
	#oldestRingPosition(): number {
		for (let index = 0; index < this.#size; index++) {
			const slot = (this.#head + index) % this.#slots;
			if (((this.#info[slot] as number) & OWN_ARRAY) === 0) return this.#position[slot] as number;
		}
		return this.#tail;
	}

	/** Doubles the byte ring, laying the frames held out again from its start. */
	#growBytes(): void {
		const old = this.#bytes;
		const next = new Uint8Array(Math.min(old.length * 2, this.maxBytes));
		let position = 0;
		for (let index = 0; index < this.#size; index++) {
			const slot = (this.#head + index) % this.#slots;
			if (((this.#info[slot] as number) & OWN_ARRAY) !== 0) {
				this.#position[slot] = position;
				continue;
			}
			const length = this.#length[slot] as number;
			const at = (this.#position[slot] as number) % old.length;
			next.set(old.subarray(at, at + length), position);
			this.#position[slot] = position;
			position += length;
		}
		this.#bytes = next;
		this.#bytesHead = 0;
		this.#tail = position;
	}

	/** Doubles the per-frame columns (up to `capacity`), oldest frame at slot 0. */
	#growSlots(): void {
		const slots = Math.min(this.#slots * 2, this.capacity);
		const reorder = <T extends Float64Array | Uint32Array | Uint8Array>(column: T, next: T): T => {
			for (let index = 0; index < this.#size; index++) {
				next[index] = column[(this.#head + index) % this.#slots] as number;
			}
			return next;
		};
		this.#timeUs = reorder(this.#timeUs, new Float64Array(slots));
		this.#position = reorder(this.#position, new Float64Array(slots));
		this.#length = reorder(this.#length, new Uint32Array(slots));
		this.#session = reorder(this.#session, new Uint32Array(slots));
		this.#info = reorder(this.#info, new Uint8Array(slots));
		this.#head = 0;
		this.#slots = slots;
	}
}
