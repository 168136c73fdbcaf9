import { describe, expect, it } from 'vitest';
import { FlowPairing, subackFlags, type FlowFrame } from '../../../main/frames/flow-pairing';
import type { WireDirection } from '../../../main/frames/types';

const T = {
	CONNECT: 1,
	CONNACK: 2,
	PUBLISH: 3,
	PUBACK: 4,
	PUBREC: 5,
	PUBREL: 6,
	PUBCOMP: 7,
} as const;
const S = {
	SUBSCRIBE: 8,
	SUBACK: 9,
	UNSUBSCRIBE: 10,
	UNSUBACK: 11,
	PINGREQ: 12,
	PINGRESP: 13,
} as const;

/** Feeds rows of [direction, typeCode, extra] at seq 1, 2, … and time 1000 × seq µs. */
function run(pairing: FlowPairing, rows: readonly [WireDirection, number, Partial<FlowFrame>?][]) {
	return rows.map(([direction, typeCode, extra], index) =>
		pairing.feed({ seq: index + 1, timeUs: (index + 1) * 1000, direction, typeCode, ...extra }),
	);
}

describe('flow pairing', () => {
	it('QoS 1 we send: PUBLISH out ↔ PUBACK in, RTT on the ack, linked both ways', () => {
		const pairing = new FlowPairing();
		const [publish, puback] = run(pairing, [
			['out', T.PUBLISH, { qos: 1, packetId: 7 }],
			['in', T.PUBACK, { packetId: 7 }],
		]);
		expect(publish).toBeUndefined();
		expect(puback).toEqual({
			flags: [],
			pairedSeqs: [1],
			rttUs: 1000,
			updates: [{ seq: 1, pairedSeq: 2 }],
		});
		expect(pairing.awaitingSince(1)).toBeUndefined();
	});

	it('QoS 2 we receive: PUBLISH in → PUBREC out → PUBREL in → PUBCOMP out', () => {
		const pairing = new FlowPairing();
		const outcomes = run(pairing, [
			['in', T.PUBLISH, { qos: 2, packetId: 3 }],
			['out', T.PUBREC, { packetId: 3 }],
			['in', T.PUBREL, { packetId: 3 }],
			['out', T.PUBCOMP, { packetId: 3 }],
		]);
		expect(outcomes.map((o) => o?.pairedSeqs)).toEqual([undefined, [1], [1, 2], [1, 2, 3]]);
		expect(outcomes.map((o) => o?.rttUs)).toEqual([undefined, 1000, 1000, 1000]);
		expect(outcomes.flatMap((o) => o?.flags ?? [])).toEqual([]);
		expect(pairing.pendingOlderThan(1e12, 0)).toEqual([]);
	});

	it('QoS 2 we send: acks come in, PUBREL goes out', () => {
		const pairing = new FlowPairing();
		const outcomes = run(pairing, [
			['out', T.PUBLISH, { qos: 2, packetId: 1 }],
			['in', T.PUBREC, { packetId: 1 }],
			['out', T.PUBREL, { packetId: 1 }],
			['in', T.PUBCOMP, { packetId: 1 }],
		]);
		expect(outcomes[3]?.pairedSeqs).toEqual([1, 2, 3]);
		expect(outcomes.flatMap((o) => o?.flags ?? [])).toEqual([]);
	});

	it('acks in the wrong direction or for an unknown id are unexpected', () => {
		const pairing = new FlowPairing();
		const outcomes = run(pairing, [
			['out', T.PUBLISH, { qos: 1, packetId: 7 }],
			['out', T.PUBACK, { packetId: 7 }],
			['in', T.PUBACK, { packetId: 8 }],
			['in', T.PUBCOMP, { packetId: 7 }],
			['in', S.SUBACK, { packetId: 7, reasonCodes: [0] }],
			['in', S.PINGRESP],
			['in', T.CONNACK],
		]);
		for (const outcome of outcomes.slice(1)) expect(outcome?.flags).toEqual(['unexpected-ack']);
		expect(pairing.awaitingSince(1)).toBe(1000);
	});

	it('the two id spaces are separate: the same id both ways is not a reuse', () => {
		const outcomes = run(new FlowPairing(), [
			['out', T.PUBLISH, { qos: 1, packetId: 5 }],
			['in', T.PUBLISH, { qos: 1, packetId: 5 }],
			['out', T.PUBACK, { packetId: 5 }],
			['in', T.PUBACK, { packetId: 5 }],
		]);
		expect(outcomes[1]).toBeUndefined();
		expect(outcomes[2]?.pairedSeqs).toEqual([2]);
		expect(outcomes[3]?.pairedSeqs).toEqual([1]);
	});

	it('flags a DUP redelivery and links it to the first attempt', () => {
		const outcomes = run(new FlowPairing(), [
			['in', T.PUBLISH, { qos: 1, packetId: 9 }],
			['in', T.PUBLISH, { qos: 1, packetId: 9, isDup: true }],
			['out', T.PUBACK, { packetId: 9 }],
		]);
		expect(outcomes[1]?.flags).toEqual(['duplicate-redelivery']);
		expect(outcomes[1]?.pairedSeqs).toEqual([1]);
		expect(outcomes[2]?.pairedSeqs).toEqual([1, 2]);
		expect(outcomes[2]?.flags).toEqual([]);
	});

	it('flags an id reused while in flight (PUBLISH without DUP, SUBSCRIBE)', () => {
		const outcomes = run(new FlowPairing(), [
			['out', T.PUBLISH, { qos: 1, packetId: 4 }],
			['out', T.PUBLISH, { qos: 2, packetId: 4 }],
			['out', S.SUBSCRIBE, { packetId: 4, requestedQos: [1] }],
		]);
		expect(outcomes[1]?.flags).toEqual(['packet-id-reused']);
		expect(outcomes[1]?.updates).toEqual([{ seq: 1, flag: 'ack-missing' }]);
		expect(outcomes[2]?.flags).toEqual(['packet-id-reused']);
	});

	it('SUBACK: per filter, refused (0x80+) and downgraded (granted < requested)', () => {
		expect(subackFlags([2, 1, 0], [2, 1, 0])).toEqual([]);
		expect(subackFlags([2, 1], [1, 1])).toEqual(['suback-downgraded']);
		expect(subackFlags([1], [0x80])).toEqual(['suback-refused']);
		expect(subackFlags([2, 2, 2], [0x87, 0, 0x80])).toEqual([
			'suback-refused',
			'suback-downgraded',
		]);
		const outcomes = run(new FlowPairing(), [
			['out', S.SUBSCRIBE, { packetId: 1, requestedQos: [2, 1] }],
			['in', S.SUBACK, { packetId: 1, reasonCodes: [0x80, 0] }],
			['out', S.UNSUBSCRIBE, { packetId: 2 }],
			['in', S.UNSUBACK, { packetId: 2 }],
		]);
		expect(outcomes[1]?.flags).toEqual(['suback-refused', 'suback-downgraded']);
		expect(outcomes[1]?.pairedSeqs).toEqual([1]);
		expect(outcomes[3]?.pairedSeqs).toEqual([3]);
		expect(outcomes[3]?.rttUs).toBe(1000);
	});

	it('PINGREQ ↔ PINGRESP in order; CONNECT ↔ CONNACK', () => {
		const outcomes = run(new FlowPairing(), [
			['out', T.CONNECT],
			['in', T.CONNACK],
			['out', S.PINGREQ],
			['out', S.PINGREQ],
			['in', S.PINGRESP],
			['in', S.PINGRESP],
		]);
		expect(outcomes[1]?.pairedSeqs).toEqual([1]);
		expect(outcomes[4]?.pairedSeqs).toEqual([3]);
		expect(outcomes[5]?.pairedSeqs).toEqual([4]);
		expect(outcomes[5]?.rttUs).toBe(2000);
	});

	it('flags our PUBLISH beyond the broker Receive Maximum from CONNACK', () => {
		const outcomes = run(new FlowPairing(), [
			['out', T.CONNECT],
			['in', T.CONNACK, { receiveMaximum: 2 }],
			['out', T.PUBLISH, { qos: 1, packetId: 1 }],
			['out', T.PUBLISH, { qos: 2, packetId: 2 }],
			['out', T.PUBLISH, { qos: 1, packetId: 3 }],
			['in', T.PUBACK, { packetId: 1 }],
			['out', T.PUBLISH, { qos: 1, packetId: 4 }],
			['in', T.PUBLISH, { qos: 1, packetId: 5 }],
		]);
		expect(outcomes[3]).toBeUndefined();
		expect(outcomes[4]?.flags).toEqual(['receive-maximum-exceeded']);
		// PUBACK for 1 frees a slot but 2 and 3 are still in flight: 4 is over again.
		expect(outcomes[6]?.flags).toEqual(['receive-maximum-exceeded']);
		expect(outcomes[7]).toBeUndefined();
	});

	it('a QoS 2 flow holds its Receive Maximum slot until PUBCOMP', () => {
		const outcomes = run(new FlowPairing(), [
			['in', T.CONNACK, { receiveMaximum: 1 }],
			['out', T.PUBLISH, { qos: 2, packetId: 1 }],
			['in', T.PUBREC, { packetId: 1 }],
			['out', T.PUBLISH, { qos: 1, packetId: 2 }],
		]);
		expect(outcomes[3]?.flags).toEqual(['receive-maximum-exceeded']);
	});

	it('ack-missing: lazily by age, and for every open flow when the session ends', () => {
		const pairing = new FlowPairing();
		run(pairing, [
			['out', T.PUBLISH, { qos: 1, packetId: 1 }],
			['out', S.PINGREQ],
			['in', T.PUBLISH, { qos: 2, packetId: 1 }],
			['out', T.PUBREC, { packetId: 1 }],
		]);
		expect(pairing.pendingOlderThan(3500, 1000)).toEqual([1, 2]);
		expect(pairing.pendingOlderThan(10_000, 1000)).toEqual([1, 2, 4]);
		expect(pairing.endSession()).toEqual([1, 2, 4]);
		expect(pairing.pendingOlderThan(1e12, 0)).toEqual([]);
	});

	it('a redelivery on the next session links back to the orphaned flow', () => {
		const pairing = new FlowPairing();
		run(pairing, [['out', T.PUBLISH, { qos: 1, packetId: 6 }]]);
		pairing.endSession();
		const redelivered = pairing.feed({
			seq: 10,
			timeUs: 9000,
			direction: 'out',
			typeCode: T.PUBLISH,
			qos: 1,
			packetId: 6,
			isDup: true,
		});
		expect(redelivered?.flags).toEqual(['duplicate-redelivery']);
		expect(redelivered?.pairedSeqs).toEqual([1]);
		const puback = pairing.feed({
			seq: 11,
			timeUs: 9500,
			direction: 'in',
			typeCode: T.PUBACK,
			packetId: 6,
		});
		expect(puback?.pairedSeqs).toEqual([1, 10]);
		expect(puback?.rttUs).toBe(500);
	});

	it('a QoS 2 flow resumed with PUBREL after a reconnect completes', () => {
		const pairing = new FlowPairing();
		run(pairing, [
			['in', T.PUBLISH, { qos: 2, packetId: 2 }],
			['out', T.PUBREC, { packetId: 2 }],
		]);
		pairing.endSession();
		const pubrel = pairing.feed({
			seq: 5,
			timeUs: 5000,
			direction: 'in',
			typeCode: T.PUBREL,
			packetId: 2,
		});
		expect(pubrel?.flags).toEqual([]);
		expect(pubrel?.pairedSeqs).toEqual([1, 2]);
	});

	it('after a reconnect only the new session flows count against Receive Maximum', () => {
		const pairing = new FlowPairing();
		run(pairing, [
			['in', T.CONNACK, { receiveMaximum: 1 }],
			['out', T.PUBLISH, { qos: 1, packetId: 1 }],
			['out', T.PUBLISH, { qos: 1, packetId: 2 }],
		]);
		pairing.endSession();
		expect(pairing.inFlightOut).toBe(0);
		const out = (seq: number, packetId: number, isDup = false) =>
			pairing.feed({
				seq,
				timeUs: seq,
				direction: 'out',
				typeCode: T.PUBLISH,
				qos: 1,
				packetId,
				isDup,
			});
		expect(out(10, 1, true)?.flags).toEqual(['duplicate-redelivery']);
		expect(pairing.inFlightOut).toBe(1);
		pairing.feed({ seq: 11, timeUs: 11, direction: 'in', typeCode: T.PUBACK, packetId: 1 });
		expect(pairing.inFlightOut).toBe(0);
		expect(out(12, 3)).toBeUndefined();
		expect(out(13, 4)?.flags).toEqual(['receive-maximum-exceeded']);
	});
});
