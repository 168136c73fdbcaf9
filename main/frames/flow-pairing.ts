/**
 * QoS flows, subscriptions, pings and the connect handshake paired frame by frame.
 *
 * A state machine fed frame facts in wire order; it does no I/O and keeps no frames, only the
 * flows still open. Each `feed` says what the new frame pairs with, its round trip, its flags, and
 * which earlier frames gain a link or a flag. Packet ids live in two spaces, one per sender: a
 * PUBLISH we send is answered by acks coming in, one we receive by acks going out.
 *
 * `rttUs` on an answering frame is the time since the frame it answers (PUBACK since PUBLISH,
 * PUBCOMP since PUBREL, SUBACK since SUBSCRIBE…), so every step of a QoS 2 flow has its own.
 */
import type { FlowFlag, WireDirection } from './types';

/** The frame facts pairing needs: what `peekHeader` gives plus where and when. */
export interface FlowFrame {
	readonly seq: number;
	readonly timeUs: number;
	readonly direction: WireDirection;
	readonly typeCode: number;
	readonly packetId?: number;
	readonly qos?: number;
	readonly isDup?: boolean;
	readonly reasonCode?: number;
	readonly reasonCodes?: readonly number[];
	readonly requestedQos?: readonly number[];
	/** CONNACK: the broker's Receive Maximum (MQTT 5), when it states one. */
	readonly receiveMaximum?: number;
}

/** A change to an earlier frame: a new partner, a flag, or both. */
export interface FlowUpdate {
	readonly seq: number;
	readonly pairedSeq?: number;
	readonly flag?: FlowFlag;
}

export interface FlowOutcome {
	readonly flags: readonly FlowFlag[];
	readonly pairedSeqs: readonly number[];
	readonly rttUs?: number;
	readonly updates: readonly FlowUpdate[];
}

type Stage =
	'puback' | 'pubrec' | 'pubrel' | 'pubcomp' | 'suback' | 'unsuback' | 'pingresp' | 'connack';

interface Flow {
	readonly kind: 'publish' | 'subscribe' | 'unsubscribe' | 'ping' | 'connect';
	/** `flowKey(origin, packetId)` for flows with a packet id. */
	readonly key?: number;
	readonly origin: WireDirection;
	stage: Stage;
	readonly seqs: number[];
	/** Time of the frame now waiting for an answer. */
	lastUs: number;
	readonly requestedQos?: readonly number[];
	/** An outgoing QoS 1/2 PUBLISH, counted against the broker's Receive Maximum. */
	readonly isCounted: boolean;
	/** Counted in `#countedOut` right now (not once its session ended). */
	isInCount: boolean;
}

/** MQTT 5 [3.2.2.3.3]: absent Receive Maximum means 65,535. */
const DEFAULT_RECEIVE_MAXIMUM = 65_535;

/** Packet ids are 16 bits: one number keys both id spaces without building strings. */
function flowKey(origin: WireDirection, packetId: number): number {
	return origin === 'out' ? 0x10000 + packetId : packetId;
}

const opposite = (direction: WireDirection): WireDirection => (direction === 'in' ? 'out' : 'in');

export class FlowPairing {
	/** Open flows with a packet id, by `flowKey`. */
	readonly #inFlight = new Map<number, Flow>();
	/** PUBLISH flows left open when their session ended, for redelivery with DUP. */
	readonly #orphans = new Map<number, Flow>();
	readonly #pings: Record<WireDirection, Flow[]> = { in: [], out: [] };
	#connect: Flow | undefined;
	/** Frames waiting for an answer: seq → time sent. */
	readonly #awaiting = new Map<number, number>();
	#receiveMaximum = DEFAULT_RECEIVE_MAXIMUM;
	#countedOut = 0;

	/** Pairs one frame; `undefined` when it neither pairs nor is flagged (e.g. a QoS 0 PUBLISH). */
	feed(frame: FlowFrame): FlowOutcome | undefined {
		switch (frame.typeCode) {
			case 1:
				return this.#start(frame, 'connect', 'connack');
			case 2:
				if (frame.receiveMaximum !== undefined) this.#receiveMaximum = frame.receiveMaximum;
				return this.#answer(
					frame,
					this.#connect?.origin === opposite(frame.direction) ? this.#connect : undefined,
					'connack',
				);
			case 3:
				return this.#publish(frame);
			case 4:
				return this.#ack(frame, opposite(frame.direction), 'puback');
			case 5:
				return this.#ack(frame, opposite(frame.direction), 'pubrec');
			case 6:
				// The publisher sends PUBREL: same direction as its PUBLISH.
				return this.#ack(frame, frame.direction, 'pubrel');
			case 7:
				return this.#ack(frame, opposite(frame.direction), 'pubcomp');
			case 8:
				return this.#request(frame, 'subscribe', 'suback');
			case 9:
				return this.#ack(frame, opposite(frame.direction), 'suback');
			case 10:
				return this.#request(frame, 'unsubscribe', 'unsuback');
			case 11:
				return this.#ack(frame, opposite(frame.direction), 'unsuback');
			case 12:
				return this.#start(frame, 'ping', 'pingresp');
			case 13:
				return this.#answer(frame, this.#pings[opposite(frame.direction)][0], 'pingresp');
			default:
				return undefined;
		}
	}

	/**
	 * The socket closed or a new one opened: whatever still waits will never be answered on it.
	 *
	 * Returns the frames to flag `ack-missing`. Open PUBLISH flows are kept aside so a redelivery
	 * (DUP=1) or a resumed PUBREL on the next session links back to them.
	 */
	endSession(): number[] {
		const missing = [...this.#awaiting.keys()];
		this.#awaiting.clear();
		// Kept across sessions (bounded by the id spaces): a session may end before the redelivery.
		for (const [key, flow] of this.#inFlight) {
			flow.isInCount = false;
			if (flow.kind === 'publish') this.#orphans.set(key, flow);
		}
		this.#inFlight.clear();
		this.#pings.in = [];
		this.#pings.out = [];
		this.#connect = undefined;
		this.#countedOut = 0;
		return missing;
	}

	/** Frames still waiting for an answer sent before `nowUs - timeoutUs`, oldest first. */
	pendingOlderThan(nowUs: number, timeoutUs: number): number[] {
		const pending: number[] = [];
		for (const [seq, sinceUs] of this.#awaiting) if (nowUs - sinceUs > timeoutUs) pending.push(seq);
		return pending.sort((a, b) => a - b);
	}

	/** When the frame was sent, if it still waits for an answer. */
	awaitingSince(seq: number): number | undefined {
		return this.#awaiting.get(seq);
	}

	/** Outgoing QoS 1 and 2 PUBLISH flows not yet acknowledged. */
	get inFlightOut(): number {
		return this.#countedOut;
	}

	#start(frame: FlowFrame, kind: 'connect' | 'ping', stage: Stage): FlowOutcome | undefined {
		const flow = this.#open(frame, kind, stage, false);
		if (kind === 'connect') this.#connect = flow;
		else this.#pings[frame.direction].push(flow);
		return undefined;
	}

	#open(
		frame: FlowFrame,
		kind: Flow['kind'],
		stage: Stage,
		isCounted: boolean,
		seqs: number[] = [],
	): Flow {
		seqs.push(frame.seq);
		this.#awaiting.set(frame.seq, frame.timeUs);
		const key = frame.packetId === undefined ? undefined : flowKey(frame.direction, frame.packetId);
		const flow: Flow = {
			kind,
			key,
			origin: frame.direction,
			stage,
			seqs,
			lastUs: frame.timeUs,
			isCounted,
			isInCount: isCounted,
			requestedQos: frame.requestedQos,
		};
		if (isCounted) this.#countedOut++;
		return flow;
	}

	#publish(frame: FlowFrame): FlowOutcome | undefined {
		const qos = frame.qos ?? 0;
		if (qos === 0 || frame.packetId === undefined) return undefined;
		const key = flowKey(frame.direction, frame.packetId);
		const flags: FlowFlag[] = [];
		const updates: FlowUpdate[] = [];
		const current = this.#inFlight.get(key);
		const previous = current ?? (frame.isDup === true ? this.#orphans.get(key) : undefined);
		let earlier: number[] = [];
		if (previous && frame.isDup === true && previous.kind === 'publish') {
			// [MQTT-3.3.1-1] DUP=1: a redelivery of the PUBLISH with this id: same flow, new attempt.
			flags.push('duplicate-redelivery');
			earlier = previous.seqs;
			this.#close(previous);
		} else if (current) {
			// [MQTT-2.2.1-3] an id is in use until its flow completes.
			flags.push('packet-id-reused');
			updates.push({
				seq: current.seqs[current.seqs.length - 1] ?? frame.seq,
				flag: 'ack-missing',
			});
			this.#close(current);
		}
		// A fresh PUBLISH with this id ends any older flow that was waiting for a redelivery.
		this.#orphans.delete(key);
		const isCounted = frame.direction === 'out';
		const flow = this.#open(frame, 'publish', qos === 1 ? 'puback' : 'pubrec', isCounted, [
			...earlier,
		]);
		this.#inFlight.set(key, flow);
		if (isCounted && this.#countedOut > this.#receiveMaximum)
			flags.push('receive-maximum-exceeded');
		for (const seq of earlier) updates.push({ seq, pairedSeq: frame.seq });
		if (flags.length === 0 && earlier.length === 0) return undefined;
		return { flags, pairedSeqs: earlier, updates };
	}

	#request(
		frame: FlowFrame,
		kind: 'subscribe' | 'unsubscribe',
		stage: Stage,
	): FlowOutcome | undefined {
		if (frame.packetId === undefined) return undefined;
		const key = flowKey(frame.direction, frame.packetId);
		const current = this.#inFlight.get(key);
		if (current) this.#close(current);
		this.#inFlight.set(key, this.#open(frame, kind, stage, false));
		if (!current) return undefined;
		const last = current.seqs[current.seqs.length - 1] ?? frame.seq;
		return {
			flags: ['packet-id-reused'],
			pairedSeqs: [],
			updates: [{ seq: last, flag: 'ack-missing' }],
		};
	}

	#ack(frame: FlowFrame, origin: WireDirection, stage: Stage): FlowOutcome {
		const key = flowKey(origin, frame.packetId ?? -1);
		let flow = this.#inFlight.get(key);
		if (!flow && (stage === 'pubrel' || stage === 'pubcomp' || stage === 'puback')) {
			// A flow resumed on a new session: the broker or we resend PUBREL, then PUBCOMP follows.
			flow = this.#orphans.get(key);
			if (flow?.stage === stage) {
				this.#orphans.delete(key);
				this.#inFlight.set(key, flow);
				if (flow.isCounted) this.#countedOut++;
				flow.isInCount = flow.isCounted;
			}
		}
		return this.#answer(frame, flow?.stage === stage ? flow : undefined, stage);
	}

	/** Links `frame` to its flow and advances or completes it. */
	#answer(frame: FlowFrame, flow: Flow | undefined, stage: Stage): FlowOutcome {
		if (!flow || flow.stage !== stage)
			return { flags: ['unexpected-ack'], pairedSeqs: [], updates: [] };
		const pairedSeqs = [...flow.seqs];
		const rttUs = frame.timeUs - flow.lastUs;
		const updates: FlowUpdate[] = pairedSeqs.map((seq) => ({ seq, pairedSeq: frame.seq }));
		const flags =
			stage === 'suback' ? subackFlags(flow.requestedQos ?? [], frame.reasonCodes ?? []) : [];
		const next = nextStage(stage, frame.reasonCode ?? 0);
		this.#awaiting.delete(flow.seqs[flow.seqs.length - 1] ?? frame.seq);
		flow.seqs.push(frame.seq);
		if (next === undefined) {
			this.#close(flow);
		} else {
			flow.stage = next;
			flow.lastUs = frame.timeUs;
			this.#awaiting.set(frame.seq, frame.timeUs);
		}
		return { flags, pairedSeqs, rttUs, updates };
	}

	/** Forgets a flow, whatever its state. */
	#close(flow: Flow): void {
		this.#awaiting.delete(flow.seqs[flow.seqs.length - 1] ?? -1);
		// MQTT 5 [4.9]: a QoS 1/2 PUBLISH counts against Receive Maximum until its flow completes.
		if (flow.isInCount) this.#countedOut--;
		flow.isInCount = false;
		if (flow.kind === 'ping') {
			const queue = this.#pings[flow.origin];
			const index = queue.indexOf(flow);
			if (index >= 0) queue.splice(index, 1);
		} else if (flow.kind === 'connect') {
			this.#connect = undefined;
		} else if (flow.key !== undefined && this.#inFlight.get(flow.key) === flow) {
			this.#inFlight.delete(flow.key);
		}
	}
}

/** After an answer at `stage`: the next one expected, or undefined when the flow is complete. */
function nextStage(stage: Stage, reasonCode: number): Stage | undefined {
	if (stage === 'pubrec') return reasonCode >= 0x80 ? undefined : 'pubrel';
	if (stage === 'pubrel') return 'pubcomp';
	return undefined;
}

/** Per filter: refused (0x80 and up), or granted below the QoS asked for. */
export function subackFlags(requested: readonly number[], granted: readonly number[]): FlowFlag[] {
	const flags: FlowFlag[] = [];
	granted.forEach((code, index) => {
		if (code >= 0x80) {
			if (!flags.includes('suback-refused')) flags.push('suback-refused');
		} else if (code < (requested[index] ?? 0) && !flags.includes('suback-downgraded')) {
			flags.push('suback-downgraded');
		}
	});
	return flags;
}
