import { describe, expect, it } from 'vitest';
import { WireFramer } from '../../../main/connections/wire-framer';
import { FrameLog } from '../../../main/frames/frame-log';
import { ack, connect, frame, publish } from './build';

function concat(parts: readonly Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/** A log fed through the wire framer, as a connection feeds it, with a clock the test moves. */
function testLog(options: { capacity?: number; ackTimeoutMs?: number } = {}) {
	const clock = { nowUs: 1_700_000_000_000_000 };
	const log = new FrameLog({ ...options, clockUs: () => clock.nowUs });
	const tap = new WireFramer(log, () => clock.nowUs);
	return { log, clock, tap };
}

describe('FrameLog', () => {
	it('splits frames across arbitrary chunking, one byte at a time included', () => {
		const { log, tap } = testLog();
		tap.open();
		const stream = concat([publish('a/1', 0), publish('a/2', 1, 1), publish('b/3', 2, 2)]);
		for (let i = 0; i < stream.length; i++) tap.data('in', stream.subarray(i, i + 1));
		expect(log.entries().map((e) => [e.type, e.topic, e.qos, e.packetId])).toEqual([
			['PUBLISH', 'a/1', 0, undefined],
			['PUBLISH', 'a/2', 1, 1],
			['PUBLISH', 'b/3', 2, 2],
		]);
		expect(log.entries()[1]?.summary).toBe('PUBLISH qos1 id=1 a/2 (5 B)');
	});

	it('keeps its own copy of the bytes: the caller may reuse its chunk', () => {
		const { log, tap } = testLog();
		tap.open();
		const chunk = publish('keep/me', 0, undefined, { payload: 'original' });
		tap.data('out', chunk);
		chunk.fill(0);
		const detail = log.get(1);
		expect(detail?.decoded?.packet).toMatchObject({ type: 'PUBLISH', topicName: 'keep/me' });
	});

	it('numbers sessions, sequences and timestamps; pairs flows; get() decodes lazily', () => {
		const { log, clock, tap } = testLog();
		tap.open();
		tap.data('out', connect(4));
		clock.nowUs += 250;
		tap.data('in', frame({ type: 'CONNACK', sessionPresent: false, reasonCode: 0 }));
		tap.data('out', publish('t', 1, 9));
		clock.nowUs += 1_000;
		tap.data('in', ack('PUBACK', 9));
		const entries = log.entries();
		expect(entries.map((e) => [e.seq, e.session, e.direction, e.type])).toEqual([
			[1, 1, 'out', 'CONNECT'],
			[2, 1, 'in', 'CONNACK'],
			[3, 1, 'out', 'PUBLISH'],
			[4, 1, 'in', 'PUBACK'],
		]);
		expect(entries[1]?.timeUs).toBe(entries[0]!.timeUs + 250);
		expect(log.get(2)).toMatchObject({ pairedSeqs: [1], rttUs: 250 });
		expect(log.get(1)?.pairedSeqs).toEqual([2]);
		expect(log.get(4)).toMatchObject({ pairedSeqs: [3], rttUs: 1_000 });
		expect(log.get(3)?.decoded?.packet).toMatchObject({ type: 'PUBLISH', qos: 1, packetId: 9 });
		expect(log.capabilities()?.isAccepted).toBe(true);
	});

	it('reads acks at the level the CONNECT asked for (MQTT 5 reason codes)', () => {
		const { log, tap } = testLog();
		const seen: number[] = [];
		log.onCapabilities((caps) => seen.push(caps.receiveMaximum.value));
		tap.open();
		tap.data('out', connect(5));
		tap.data(
			'in',
			frame(
				{
					type: 'CONNACK',
					sessionPresent: false,
					reasonCode: 0,
					properties: { receiveMaximum: 1 },
				},
				5,
			),
		);
		tap.data('out', publish('t', 1, 1, { level: 5 }));
		tap.data('out', publish('t', 1, 2, { level: 5 }));
		tap.data('in', frame({ type: 'PUBACK', packetId: 1, reasonCode: 0x10 }, 5));
		expect(seen).toEqual([1]);
		const entries = log.entries();
		expect(entries[3]?.flags).toEqual(['receive-maximum-exceeded']);
		expect(entries[4]).toMatchObject({ type: 'PUBACK', reasonCode: 0x10 });
		expect(log.get(5)?.decoded?.protocolLevel).toBe(5);
	});

	it('a new socket restarts the byte streams and flags what was never answered', () => {
		const { log, tap } = testLog();
		tap.open();
		tap.data('out', publish('t', 1, 5));
		// Half a frame, then the socket goes: the next socket must not continue it.
		tap.data('in', publish('x', 0).subarray(0, 3));
		tap.close();
		tap.open();
		tap.data('in', publish('y', 0));
		tap.data('out', publish('t', 1, 5, { dup: true }));
		const entries = log.entries();
		expect(entries.map((e) => [e.session, e.topic])).toEqual([
			[1, 't'],
			[2, 'y'],
			[2, 't'],
		]);
		expect(entries[0]?.flags).toEqual(['ack-missing']);
		expect(entries[2]?.flags).toEqual(['duplicate-redelivery']);
		expect(log.session).toBe(2);
	});

	it('flags ack-missing lazily once the timeout passes', () => {
		const { log, clock, tap } = testLog({ ackTimeoutMs: 5_000 });
		tap.open();
		tap.data('out', publish('t', 2, 1));
		expect(log.entries()[0]?.flags).toEqual([]);
		clock.nowUs += 5_001_000;
		expect(log.entries()[0]?.flags).toEqual(['ack-missing']);
		expect(log.pendingOlderThan()).toEqual([1]);
	});

	it('is a bounded ring: evicts the oldest and counts them', () => {
		const { log, tap } = testLog({ capacity: 100 });
		tap.open();
		const before = log.version;
		for (let i = 0; i < 250; i++) tap.data('in', publish(`n/${i}`, 0));
		expect(log.size).toBe(100);
		expect(log.evictedCount).toBe(150);
		expect(log.totalCount).toBe(250);
		expect(log.oldestSeq).toBe(151);
		expect(log.get(150)).toBeUndefined();
		expect(log.get(151)?.summary.topic).toBe('n/150');
		expect(log.entries(1, 3).map((e) => e.seq)).toEqual([151, 152, 153]);
		expect(log.version).toBeGreaterThan(before);
	});

	it('windows filter by type, direction and topic filter', () => {
		const { log, tap } = testLog();
		tap.open();
		tap.data('in', publish('sensors/a/temp', 1, 1));
		tap.data('out', ack('PUBACK', 1));
		tap.data('in', publish('sensors/b/temp', 0));
		tap.data('in', publish('other/x', 0));
		tap.data('out', frame({ type: 'PINGREQ' }));
		expect(
			log.window(0, 10, { topicFilter: 'sensors/+/temp' }).entries.map((e) => e.topic),
		).toEqual(['sensors/a/temp', 'sensors/b/temp']);
		expect(log.window(0, 10, { direction: 'out' }).entries.map((e) => e.type)).toEqual([
			'PUBACK',
			'PINGREQ',
		]);
		const page = log.window(1, 1, { types: ['PUBLISH'] });
		expect(page.totalMatching).toBe(3);
		expect(page.entries.map((e) => e.topic)).toEqual(['sensors/b/temp']);
	});

	it('records a stream that cannot be framed as an error entry, without throwing', () => {
		const { log, tap } = testLog();
		tap.open();
		tap.data('in', publish('ok', 0));
		expect(() =>
			tap.data('in', new Uint8Array([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])),
		).not.toThrow();
		tap.data('in', publish('lost', 0));
		tap.data('out', publish('still/fine', 0));
		const entries = log.entries();
		expect(entries.map((e) => e.type)).toEqual(['PUBLISH', 'STREAM-ERROR', 'PUBLISH']);
		expect(entries[1]?.summary).toMatch(/remaining length/);
		expect(log.get(2)?.error).toMatch(/cannot be framed/);
		expect(log.get(2)?.decoded).toBeUndefined();
	});

	it('finds the PUBLISH that carried a message by topic and time, not the newest on the topic', () => {
		const { log, clock, tap } = testLog();
		tap.open();
		tap.data('in', publish('plant/a', 0, undefined, { payload: 'first' }));
		const firstUs = clock.nowUs;
		clock.nowUs += 100;
		// One socket read: three PUBLISHes share its stamp; the topic keeps the last of its two.
		tap.data('in', concat([publish('plant/a', 0), publish('plant/b', 0), publish('plant/a', 0)]));
		const readUs = clock.nowUs;
		clock.nowUs += 100;
		tap.data('out', publish('plant/a', 0));
		expect(log.findPublish('plant/a', firstUs)).toEqual({ kind: 'found', seq: 1 });
		expect(log.findPublish('plant/a', readUs)).toEqual({ kind: 'found', seq: 4 });
		expect(log.findPublish('plant/b', readUs)).toEqual({ kind: 'found', seq: 3 });
		// Sent, not received; and a time no frame has.
		expect(log.findPublish('plant/a', clock.nowUs)).toEqual({ kind: 'not-captured' });
		expect(log.findPublish('plant/a', firstUs + 50)).toEqual({ kind: 'not-captured' });
	});

	it('takes the one aliased PUBLISH of the read when the topic came as an MQTT 5 alias', () => {
		const { log, clock, tap } = testLog();
		tap.open();
		tap.data('out', connect(5));
		const aliased = (alias: number) =>
			frame(
				{
					type: 'PUBLISH',
					dup: false,
					qos: 0,
					retain: false,
					topicName: '',
					properties: { topicAlias: alias },
					payload: new Uint8Array([1]),
				},
				5,
			);
		clock.nowUs += 10;
		tap.data('in', concat([publish('alias/me', 0, undefined, { level: 5 }), aliased(1)]));
		expect(log.findPublish('alias/me', clock.nowUs)).toEqual({ kind: 'found', seq: 2 });
		expect(log.findPublish('alias/other', clock.nowUs)).toEqual({ kind: 'found', seq: 3 });
		clock.nowUs += 10;
		tap.data('in', concat([aliased(1), aliased(2)]));
		// Two could be it: none is named rather than the wrong one.
		expect(log.findPublish('alias/other', clock.nowUs)).toEqual({ kind: 'not-captured' });
	});

	it("says a message's PUBLISH was evicted instead of pointing at another one", () => {
		const { log, clock, tap } = testLog({ capacity: 10 });
		tap.open();
		tap.data('in', publish('gone/soon', 0));
		const goneUs = clock.nowUs;
		for (let i = 0; i < 12; i++) {
			clock.nowUs += 10;
			tap.data('in', publish('gone/soon', 0));
		}
		expect(log.findPublish('gone/soon', goneUs)).toEqual({
			kind: 'evicted',
			capacity: 10,
			evictedCount: 3,
		});
		expect(log.findPublish('gone/soon', clock.nowUs)).toEqual({ kind: 'found', seq: 13 });
	});
});
