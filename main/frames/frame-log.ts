/**
 * The frames of one connection: exact bytes from the wire tap, split into MQTT frames, kept in a
 * bounded ring with their flows paired.
 *
 * Ingest is the hot path (DESIGN §4: tap + split ≤ 1 µs per message): one copy per chunk (Node may
 * reuse it), one clock read per chunk, a header peek per frame, pairing only for frames that take
 * part in a flow. Full decoding, summary lines and the `ack-missing` timeout are evaluated when a
 * view asks, never at ingest. Over 300 lines because it is the one stateful owner (tap, ring,
 * pairing, views); the decisions live in the pure modules beside it.
 */
import { decodeFrame } from '../../shared/mqtt/codec/decode';
import { FrameSplitter } from '../../shared/mqtt/codec/splitter';
import type { ProtocolLevel } from '../../shared/mqtt/codec/types';
import type { WireTap } from '../connections/tap';
import { createLogger } from '../log/logger';
import { capabilitiesFromConnack, type Capabilities } from './capabilities';
import { FlowPairing, type FlowFrame, type FlowOutcome } from './flow-pairing';
import { peekInto, type PeekTarget } from './header-peek';
import { framesToPcapng, type PcapFrame } from './pcapng';
import { Ring } from './ring';
import { ByteSlab } from './slab';
import { matchesFilter, summarise } from './summary-line';
import type {
	FlowFlag,
	FrameDetail,
	FrameFilter,
	FrameSummary,
	FrameWindow,
	WireDirection,
} from './types';

const log = createLogger('frames');

export const DEFAULT_FRAME_CAPACITY = 100_000;
/** An ack later than this is flagged `ack-missing` while it is still awaited. */
export const DEFAULT_ACK_TIMEOUT_MS = 30_000;

export interface FrameLogOptions {
	readonly capacity?: number;
	readonly ackTimeoutMs?: number;
	/** Microseconds since the epoch; tests pass their own. */
	readonly clockUs?: () => number;
}

/** One entry: its peek fields in place (one object per frame), where and when, and its flow. */
interface FrameRecord extends PeekTarget {
	readonly seq: number;
	readonly timeUs: number;
	readonly direction: WireDirection;
	readonly session: number;
	readonly protocolLevel: ProtocolLevel;
	readonly bytes: Uint8Array;
	/** Set on a stream error entry, which has no frame. */
	readonly error: string | undefined;
	flags: FlowFlag[] | undefined;
	pairedSeqs: number[] | undefined;
	rttUs: number | undefined;
}

function isEmptyFilter(filter: FrameFilter): boolean {
	return (
		(filter.types === undefined || filter.types.length === 0) &&
		filter.direction === undefined &&
		filter.topicFilter === undefined
	);
}

/** A µs clock: `process.hrtime` for steadiness, anchored once to `Date.now()`. */
export function createClockUs(): () => number {
	const anchorNs = process.hrtime.bigint();
	const anchorUs = Date.now() * 1000;
	return () => anchorUs + Math.floor(Number(process.hrtime.bigint() - anchorNs) / 1000);
}

export class FrameLog implements WireTap {
	readonly #ring: Ring<FrameRecord>;
	readonly #ackTimeoutUs: number;
	readonly #clockUs: () => number;
	readonly #pairing = new FlowPairing();
	readonly #slab = new ByteSlab();
	#splitters: Record<WireDirection, FrameSplitter>;
	#isBroken: Record<WireDirection, boolean> = { in: false, out: false };
	#session = 0;
	#level: ProtocolLevel = 4;
	#version = 0;
	#capabilities: Capabilities | undefined;
	readonly #changeListeners = new Set<() => void>();
	readonly #capabilityListeners = new Set<(capabilities: Capabilities) => void>();

	constructor(options: FrameLogOptions = {}) {
		this.#ring = new Ring(options.capacity ?? DEFAULT_FRAME_CAPACITY);
		this.#ackTimeoutUs = (options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS) * 1000;
		this.#clockUs = options.clockUs ?? createClockUs();
		this.#splitters = this.#newSplitters();
	}

	/** The tap to hand to a Connection (`extras.wireTap`); the log itself. */
	get tap(): WireTap {
		return this;
	}

	open(): void {
		this.#endSession();
		this.#session++;
		this.#splitters = this.#newSplitters();
		this.#isBroken = { in: false, out: false };
		this.#changed();
	}

	close(): void {
		this.#endSession();
		this.#changed();
	}

	data(direction: WireDirection, chunk: Uint8Array): void {
		if (this.#isBroken[direction]) return;
		// One copy per chunk: frames inside it stay views of the copy, split ones are joined anew.
		const { frames, error } = this.#splitters[direction].push(this.#slab.copy(chunk));
		if (frames.length === 0 && error === undefined) return;
		const timeUs = this.#clockUs();
		for (const frame of frames) this.#append(direction, frame, timeUs);
		if (error !== undefined) {
			this.#isBroken[direction] = true;
			log.warn('stream cannot be framed', {
				direction,
				session: this.#session,
				streamOffset: error.streamOffset,
			});
			this.#push(direction, timeUs, new Uint8Array(0), error.message);
		}
		this.#changed();
	}

	/** Bumped at every change; views compare it to know whether to look again. */
	get version(): number {
		return this.#version;
	}

	get size(): number {
		return this.#ring.size;
	}

	get evictedCount(): number {
		return this.#ring.evictedCount;
	}

	get totalCount(): number {
		return this.#ring.totalCount;
	}

	get session(): number {
		return this.#session;
	}

	get oldestSeq(): number {
		return this.#ring.oldestSeq;
	}

	capabilities(): Capabilities | undefined {
		return this.#capabilities;
	}

	onCapabilities(listener: (capabilities: Capabilities) => void): () => void {
		this.#capabilityListeners.add(listener);
		return () => this.#capabilityListeners.delete(listener);
	}

	/** Called after each ingested chunk that added entries, and at open and close. */
	onChange(listener: () => void): () => void {
		this.#changeListeners.add(listener);
		return () => this.#changeListeners.delete(listener);
	}

	/** Summaries from `fromSeq` on (the oldest held when omitted), at most `limit`. */
	entries(fromSeq = this.#ring.oldestSeq, limit = 1_000): FrameSummary[] {
		const out: FrameSummary[] = [];
		const nowUs = this.#clockUs();
		const start = Math.max(fromSeq, this.#ring.oldestSeq);
		for (let seq = start; seq < this.#ring.nextSeq && out.length < limit; seq++) {
			const record = this.#ring.get(seq);
			if (record) out.push(this.#summarise(record, nowUs));
		}
		return out;
	}

	/** The `offset`-th to `offset + limit`-th entries matching `filter`, oldest first. */
	window(offset: number, limit: number, filter: FrameFilter = {}): FrameWindow {
		const nowUs = this.#clockUs();
		const entries: FrameSummary[] = [];
		if (isEmptyFilter(filter)) {
			// Unfiltered (the usual live view): index straight into the ring instead of scanning it.
			const end = Math.min(this.#ring.size, offset + limit);
			for (let index = offset; index < end; index++) {
				const record = this.#ring.at(index);
				if (record) entries.push(this.#summarise(record, nowUs));
			}
			return { totalMatching: this.#ring.size, offset, entries };
		}
		let matching = 0;
		for (let index = 0; index < this.#ring.size; index++) {
			const record = this.#ring.at(index);
			if (!record || !matchesFilter(record, filter)) continue;
			if (matching >= offset && entries.length < limit)
				entries.push(this.#summarise(record, nowUs));
			matching++;
		}
		return { totalMatching: matching, offset, entries };
	}

	/** The newest PUBLISH received on `topic` that the ring still holds. */
	findLatestPublish(topic: string): number | null {
		for (let index = this.#ring.size - 1; index >= 0; index--) {
			const record = this.#ring.at(index);
			if (record?.typeCode === 3 && record.direction === 'in' && record.topic === topic) {
				return record.seq;
			}
		}
		return null;
	}

	get capacity(): number {
		return this.#ring.capacity;
	}

	/** One entry in full: bytes, the codec's decoding, its partners. */
	get(seq: number): FrameDetail | undefined {
		const record = this.#ring.get(seq);
		if (!record) return undefined;
		const summary = this.#summarise(record, this.#clockUs());
		const pairedSeqs = record.pairedSeqs ?? [];
		// A request shows the round trip of the answer that completed it.
		const answer = pairedSeqs.find((paired) => paired > seq);
		const rttUs =
			record.rttUs ?? (answer === undefined ? undefined : this.#ring.get(answer)?.rttUs);
		const rtt = rttUs === undefined ? {} : { rttUs };
		if (record.error !== undefined) {
			return { summary, bytes: record.bytes, pairedSeqs, error: record.error, ...rtt };
		}
		const decoded = decodeFrame(record.bytes, { protocolLevel: record.protocolLevel });
		return { summary, bytes: record.bytes, decoded, pairedSeqs, ...rtt };
	}

	/** Frames still awaiting an answer for longer than `timeoutMs` (default: the log's). */
	pendingOlderThan(timeoutMs = this.#ackTimeoutUs / 1000): number[] {
		return this.#pairing.pendingOlderThan(this.#clockUs(), timeoutMs * 1000);
	}

	/** The frames held, as a pcapng capture (see pcapng.ts for the synthesised TCP/IP). */
	toPcapng(): Uint8Array {
		const frames: PcapFrame[] = [];
		for (let index = 0; index < this.#ring.size; index++) {
			const record = this.#ring.at(index);
			if (record && record.error === undefined) frames.push(record);
		}
		return framesToPcapng(frames);
	}

	#newSplitters(): Record<WireDirection, FrameSplitter> {
		const options = { protocolLevel: this.#level };
		return { in: new FrameSplitter(options), out: new FrameSplitter(options) };
	}

	#endSession(): void {
		for (const seq of this.#pairing.endSession()) this.#flag(seq, 'ack-missing');
	}

	#changed(): void {
		this.#version++;
		if (this.#changeListeners.size > 0) for (const listener of this.#changeListeners) listener();
	}

	#append(direction: WireDirection, frame: Uint8Array, timeUs: number): void {
		const record = this.#push(direction, timeUs, frame, undefined);
		const typeCode = record.typeCode;
		// Every later frame of the connection is read at the level its CONNECT asked for.
		if (typeCode === 1 && direction === 'out' && record.connectLevel !== undefined) {
			this.#level = record.connectLevel;
		}
		// A QoS 0 PUBLISH, the bulk of most streams, takes part in no flow.
		if (typeCode === 3 && record.qos === 0) return;
		// The record has every field pairing reads; only a CONNACK adds Receive Maximum.
		let flowFrame: FlowFrame = record;
		if (typeCode === 2 && direction === 'in') {
			const receiveMaximum = this.#onConnack(frame);
			flowFrame = { seq: record.seq, timeUs, direction, typeCode, receiveMaximum };
		}
		const outcome = this.#pairing.feed(flowFrame);
		if (outcome) this.#apply(record, outcome);
	}

	#push(
		direction: WireDirection,
		timeUs: number,
		bytes: Uint8Array,
		error: string | undefined,
	): FrameRecord {
		// Every field spelt out (the peek's too, as in header-peek.ts) so all records share one
		// object shape; a spread of a template would cost an extra allocation per frame.
		const record: FrameRecord = {
			seq: this.#ring.nextSeq,
			timeUs,
			direction,
			session: this.#session,
			protocolLevel: this.#level,
			bytes,
			error,
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
			reasonCode: undefined,
			reasonCodes: undefined,
			requestedQos: undefined,
			filterCount: undefined,
			connectLevel: undefined,
			isTruncated: undefined,
		};
		if (error === undefined) peekInto(bytes, this.#level, record);
		this.#ring.push(record);
		return record;
	}

	/** Decodes the CONNACK (once per session) for the capability card; returns Receive Maximum. */
	#onConnack(frame: Uint8Array): number | undefined {
		const capabilities = capabilitiesFromConnack(
			decodeFrame(frame, { protocolLevel: this.#level }),
		);
		if (!capabilities) return undefined;
		this.#capabilities = capabilities;
		for (const listener of this.#capabilityListeners) listener(capabilities);
		return capabilities.receiveMaximum.value;
	}

	#apply(record: FrameRecord, outcome: FlowOutcome): void {
		if (outcome.flags.length > 0) record.flags = outcome.flags.slice();
		if (outcome.pairedSeqs.length > 0) record.pairedSeqs = outcome.pairedSeqs.slice();
		if (outcome.rttUs !== undefined) record.rttUs = outcome.rttUs;
		for (const update of outcome.updates) {
			const earlier = this.#ring.get(update.seq);
			if (!earlier) continue;
			if (update.pairedSeq !== undefined) {
				earlier.pairedSeqs ??= [];
				if (!earlier.pairedSeqs.includes(update.pairedSeq))
					earlier.pairedSeqs.push(update.pairedSeq);
			}
			if (update.flag !== undefined) this.#flag(update.seq, update.flag);
		}
	}

	#flag(seq: number, flag: FlowFlag): void {
		const record = this.#ring.get(seq);
		if (!record) return;
		record.flags ??= [];
		if (!record.flags.includes(flag)) record.flags.push(flag);
	}

	#summarise(record: FrameRecord, nowUs: number): FrameSummary {
		const sinceUs = this.#pairing.awaitingSince(record.seq);
		const isOverdue = sinceUs !== undefined && nowUs - sinceUs > this.#ackTimeoutUs;
		return summarise(record, isOverdue);
	}
}
