/**
 * The frames of one connection, as its wire framer hands them over, kept in a bounded ring with
 * their flows paired.
 *
 * Ingest is the hot path (DESIGN §4: tap + split ≤ 1 µs per message): the bytes copied into the
 * store (frame-store.ts: typed arrays and a byte ring, nothing allocated per frame), and a header
 * peek and pairing only for frames that take part in a flow (a QoS 0 PUBLISH, the bulk of most
 * streams, takes part in none). Topics, summary lines, full decoding and the `ack-missing` timeout
 * are read from the bytes when a view asks, never at ingest. Over 300 lines because it is the one stateful owner (tap, ring,
 * pairing, views); the decisions live in the pure modules beside it.
 */
import { decodeFrame } from '../../shared/mqtt/codec/decode';
import type { ProtocolLevel } from '../../shared/mqtt/codec/types';
import { clockUs as processClockUs } from '../connections/clock';
import type { FrameListener } from '../connections/wire-framer';
import { capabilitiesFromConnack, type Capabilities } from '../connections/capabilities';
import { FlowPairing, type FlowFrame, type FlowOutcome } from './flow-pairing';
import { FrameStore, type FrameRecord } from './frame-store';
import { framesToPcapng, type PcapFrame } from './pcapng';
import { matchesFilter, summarise } from './summary-line';
import { aliasComment, TopicAliases } from './topic-aliases';
import type {
	FlowFlag,
	FrameDetail,
	FrameFilter,
	FrameSummary,
	FrameWindow,
	PublishLookup,
	WireDirection,
} from './types';

export const DEFAULT_FRAME_CAPACITY = 100_000;
/** An ack later than this is flagged `ack-missing` while it is still awaited. */
export const DEFAULT_ACK_TIMEOUT_MS = 30_000;

export interface FrameLogOptions {
	readonly capacity?: number;
	/** Bytes of frames kept at most (default 64 MB): the oldest frames make room past it. */
	readonly maxBytes?: number;
	readonly ackTimeoutMs?: number;
	/** Microseconds since the epoch; tests pass their own. */
	readonly clockUs?: () => number;
}

/**
 * A QoS 0 PUBLISH with no MQTT 5 properties, read from its first bytes: no flow, no alias. A v5
 * frame whose property block is not empty (it may hold a Topic Alias) is not plain.
 */
function isPlainQos0Publish(frame: Uint8Array, level: ProtocolLevel): boolean {
	const first = frame[0] ?? 0;
	if (first >> 4 !== 3 || (first & 0b0110) !== 0) return false;
	if (level !== 5) return true;
	// The remaining length (1 to 4 bytes), the topic's length and bytes, then the property length.
	let at = 1;
	while (at < 5 && ((frame[at] ?? 0) & 0x80) !== 0) at++;
	at += 1;
	const topicLength = ((frame[at] ?? 0) << 8) | (frame[at + 1] ?? 0);
	const propertiesAt = at + 2 + topicLength;
	return propertiesAt < frame.length && frame[propertiesAt] === 0;
}

export function isEmptyFilter(filter: FrameFilter): boolean {
	return (
		(filter.types === undefined || filter.types.length === 0) &&
		filter.direction === undefined &&
		filter.topicFilter === undefined
	);
}

export class FrameLog implements FrameListener {
	readonly #ring: FrameStore;
	readonly #ackTimeoutUs: number;
	readonly #clockUs: () => number;
	readonly #pairing = new FlowPairing();
	readonly #aliases = new TopicAliases();
	#session = 0;
	#level: ProtocolLevel = 4;
	#version = 0;
	#capabilities: Capabilities | undefined;
	readonly #capabilityListeners = new Set<(capabilities: Capabilities) => void>();

	constructor(options: FrameLogOptions = {}) {
		this.#ring = new FrameStore({
			capacity: options.capacity ?? DEFAULT_FRAME_CAPACITY,
			...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
		});
		this.#ackTimeoutUs = (options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS) * 1000;
		this.#clockUs = options.clockUs ?? processClockUs;
	}

	open(): void {
		this.#endSession();
		// [MQTT-3.3.2-7] topic aliases do not outlive their socket.
		this.#aliases.reset();
		this.#session++;
		this.#changed();
	}

	close(): void {
		this.#endSession();
		this.#changed();
	}

	frame(direction: WireDirection, bytes: Uint8Array, timeUs: number): void {
		this.#append(direction, bytes, timeUs);
		this.#changed();
	}

	/** The framer lost the stream: an entry says so where it happened. */
	broken(direction: WireDirection, message: string, timeUs: number): void {
		this.#ring.append(direction, timeUs, this.#session, this.#level, new Uint8Array(0), message);
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

	/** The sequence number the next frame gets. */
	get nextSeq(): number {
		return this.#ring.nextSeq;
	}

	/**
	 * Appends to `out` the sequence numbers of held frames from `fromSeq` on that match `filter`;
	 * returns the sequence number to continue from. A view keeps its own index this way, scanning
	 * each frame once instead of the whole ring on every tick.
	 */
	collectMatching(fromSeq: number, filter: FrameFilter, out: number[]): number {
		const end = this.#ring.nextSeq;
		for (let seq = Math.max(fromSeq, this.#ring.oldestSeq); seq < end; seq++) {
			// Tested and let go: the store's reused record, no allocation per frame.
			const record = this.#ring.peek(seq);
			if (record && matchesFilter(record, filter)) out.push(seq);
		}
		return end;
	}

	/** Row summaries of the `offset`-th to `offset + limit`-th held frames, oldest first. */
	summariesAt(offset: number, limit: number): FrameSummary[] {
		const nowUs = this.#clockUs();
		const entries: FrameSummary[] = [];
		const end = Math.min(this.#ring.size, offset + limit);
		for (let index = offset; index < end; index++) {
			const record = this.#ring.at(index);
			if (record) entries.push(this.#summarise(record, nowUs));
		}
		return entries;
	}

	/** Row summaries of the frames with these sequence numbers (skipping any evicted since). */
	summariesOf(seqs: readonly number[]): FrameSummary[] {
		const nowUs = this.#clockUs();
		const entries: FrameSummary[] = [];
		for (const seq of seqs) {
			const record = this.#ring.get(seq);
			if (record) entries.push(this.#summarise(record, nowUs));
		}
		return entries;
	}

	/** The `offset`-th to `offset + limit`-th entries matching `filter`, oldest first (one scan). */
	window(offset: number, limit: number, filter: FrameFilter = {}): FrameWindow {
		if (isEmptyFilter(filter)) {
			return { totalMatching: this.#ring.size, offset, entries: this.summariesAt(offset, limit) };
		}
		const seqs: number[] = [];
		this.collectMatching(this.#ring.oldestSeq, filter, seqs);
		return {
			totalMatching: seqs.length,
			offset,
			entries: this.summariesOf(seqs.slice(offset, offset + limit)),
		};
	}

	/**
	 * The PUBLISH received on `topic` at `timeUs`: the message a view shows carries the stamp of
	 * the frame that brought it (one clock, read once per socket read, main/connections/clock.ts).
	 *
	 * Frames are held in the order they were stamped, so their times never decrease: a binary
	 * search finds the frames of that read. Several PUBLISHes on one topic can share a read; a
	 * topic keeps the last one it received, so the newest of them is the message's. A PUBLISH
	 * that used an MQTT 5 topic alias holds the topic its alias stands for (topic-aliases.ts); one
	 * whose alias the log could not resolve has none: the one such PUBLISH of that read is taken,
	 * or none when several could be it. When the time is before the oldest frame held,
	 * the frame was evicted, and the answer says so rather than pointing at another PUBLISH.
	 */
	findPublish(topic: string, timeUs: number): PublishLookup {
		const ring = this.#ring;
		let low = 0;
		let high = ring.size;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (ring.timeUsAt(middle) < timeUs) low = middle + 1;
			else high = middle;
		}
		let found: number | undefined;
		const aliased: number[] = [];
		for (let index = low; index < ring.size && ring.timeUsAt(index) === timeUs; index++) {
			const record = ring.at(index);
			if (record === undefined) break;
			if (record.typeCode !== 3 || record.direction !== 'in') continue;
			if (record.topic === topic) found = record.seq;
			else if (record.topic === '') aliased.push(record.seq);
		}
		if (found !== undefined) return { kind: 'found', seq: found };
		if (aliased.length === 1) return { kind: 'found', seq: aliased[0] as number };
		// The oldest frame held is as late as the message (or later): its read was cut by eviction.
		const oldest = ring.at(0);
		if (ring.evictedCount > 0 && (oldest === undefined || oldest.timeUs >= timeUs)) {
			return { kind: 'evicted', capacity: ring.capacity, evictedCount: ring.evictedCount };
		}
		return { kind: 'not-captured' };
	}

	get capacity(): number {
		return this.#ring.capacity;
	}

	/** Bytes of frames held, and the most the log keeps. */
	get heldBytes(): number {
		return this.#ring.heldBytes;
	}

	get maxBytes(): number {
		return this.#ring.maxBytes;
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
		// A copy: the ring's bytes are overwritten once the frame is evicted.
		const bytes = record.bytes.slice();
		if (record.error !== undefined) {
			return { summary, bytes, pairedSeqs, error: record.error, ...rtt };
		}
		const decoded = decodeFrame(bytes, {
			protocolLevel: record.protocolLevel,
			sender: record.direction === 'out' ? 'client' : 'server',
		});
		return { summary, bytes, decoded, pairedSeqs, ...rtt };
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
			if (record === undefined || record.error !== undefined) continue;
			// An aliased PUBLISH says, in a packet comment, the topic it stands for.
			const comment = aliasComment(record);
			frames.push(comment === undefined ? record : { ...record, comment });
		}
		return framesToPcapng(frames);
	}

	#endSession(): void {
		for (const seq of this.#pairing.endSession()) this.#flag(seq, 'ack-missing');
	}

	#changed(): void {
		this.#version++;
	}

	#append(direction: WireDirection, frame: Uint8Array, timeUs: number): void {
		const seq = this.#ring.append(direction, timeUs, this.#session, this.#level, frame);
		// A QoS 0 PUBLISH without properties, the bulk of most streams, takes part in no flow and
		// sets no alias: nothing more to do, not even a peek.
		if (isPlainQos0Publish(frame, this.#level)) return;
		const record = this.#ring.get(seq);
		if (record === undefined) return;
		const typeCode = record.typeCode;
		// Every later frame of the connection is read at the level its CONNECT asked for.
		if (typeCode === 1 && direction === 'out' && record.connectLevel !== undefined) {
			this.#level = record.connectLevel;
			this.#aliases.connect(frame);
		}
		// Only a PUBLISH carrying a Topic Alias property reaches the alias maps.
		if (record.topicAlias !== undefined) this.#resolveAlias(record, record.topicAlias);
		// A QoS 0 PUBLISH takes part in no flow.
		if (typeCode === 3 && record.qos === 0) return;
		// The record has every field pairing reads; only a CONNACK adds Receive Maximum.
		let flowFrame: FlowFrame = record;
		if (typeCode === 2 && direction === 'in') {
			const receiveMaximum = this.#onConnack(frame);
			flowFrame = { seq: record.seq, timeUs, direction, typeCode, receiveMaximum };
		}
		const outcome = this.#pairing.feed(flowFrame);
		if (outcome) this.#apply(record.seq, outcome);
	}

	/** Decodes the CONNACK (once per session) for the capability card; returns Receive Maximum. */
	#onConnack(frame: Uint8Array): number | undefined {
		const capabilities = capabilitiesFromConnack(
			decodeFrame(frame, { protocolLevel: this.#level }),
		);
		if (!capabilities) return undefined;
		this.#capabilities = capabilities;
		this.#aliases.connack(capabilities.topicAliasMaximum.value);
		for (const listener of this.#capabilityListeners) listener(capabilities);
		return capabilities.receiveMaximum.value;
	}

	#apply(seq: number, outcome: FlowOutcome): void {
		const facts = this.#ring.flow(seq);
		if (facts !== undefined) {
			if (outcome.flags.length > 0) facts.flags = outcome.flags.slice();
			if (outcome.pairedSeqs.length > 0) facts.pairedSeqs = outcome.pairedSeqs.slice();
			if (outcome.rttUs !== undefined) facts.rttUs = outcome.rttUs;
		}
		for (const update of outcome.updates) {
			const earlier = this.#ring.flow(update.seq);
			if (!earlier) continue;
			if (update.pairedSeq !== undefined) {
				earlier.pairedSeqs ??= [];
				if (!earlier.pairedSeqs.includes(update.pairedSeq))
					earlier.pairedSeqs.push(update.pairedSeq);
			}
			if (update.flag !== undefined) this.#flag(update.seq, update.flag);
		}
	}

	/** An aliased PUBLISH shows the topic its alias stands for; an alias never set is flagged. */
	#resolveAlias(record: FrameRecord, alias: number): void {
		if (record.topic === undefined) return;
		const topic = this.#aliases.resolve(record.direction, record.topic, alias);
		if (this.#aliases.isOutOfRange(record.direction, alias)) {
			this.#flag(record.seq, 'topic-alias-out-of-range');
		}
		if (topic === undefined) this.#flag(record.seq, 'topic-alias-unknown');
		else if (topic !== record.topic) {
			// Kept beside the frame: its bytes say no topic, later reads must show this one.
			const facts = this.#ring.flow(record.seq);
			if (facts !== undefined) facts.topic = topic;
		}
	}

	#flag(seq: number, flag: FlowFlag): void {
		const record = this.#ring.flow(seq);
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
