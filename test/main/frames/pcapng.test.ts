import { describe, expect, it } from 'vitest';
import {
	BROKER_PORT,
	MAX_SEGMENT_BYTES,
	framesToPcapng,
	internetChecksum,
	type PcapFrame,
} from '../../../main/frames/pcapng';
import { ack, connect, frame, publish } from './build';
import { NO_TSHARK_REASON, hasTshark, mqttMessages, tshark } from './tshark';

const T0 = 1_700_000_000_123_456;

interface Block {
	readonly type: number;
	readonly length: number;
	readonly body: DataView;
}

/** Walks the blocks, checking each one's leading and trailing lengths agree. */
function blocks(capture: Uint8Array): Block[] {
	const view = new DataView(capture.buffer, capture.byteOffset, capture.byteLength);
	const out: Block[] = [];
	for (let at = 0; at < capture.length;) {
		const type = view.getUint32(at, true);
		const length = view.getUint32(at + 4, true);
		expect(length % 4).toBe(0);
		expect(view.getUint32(at + length - 4, true)).toBe(length);
		out.push({ type, length, body: new DataView(capture.buffer, capture.byteOffset + at, length) });
		at += length;
	}
	return out;
}

const session: PcapFrame[] = [
	{ timeUs: T0, direction: 'out', session: 1, bytes: connect(4) },
	{
		timeUs: T0 + 100,
		direction: 'in',
		session: 1,
		bytes: frame({ type: 'CONNACK', sessionPresent: false, reasonCode: 0 }),
	},
	{ timeUs: T0 + 200, direction: 'in', session: 1, bytes: publish('sensors/a', 1, 7) },
	{ timeUs: T0 + 300, direction: 'out', session: 1, bytes: ack('PUBACK', 7) },
	{ timeUs: T0 + 400, direction: 'out', session: 2, bytes: connect(4) },
];

describe('pcapng export', () => {
	it('section header, one Ethernet interface in µs, then one packet block per segment', () => {
		const all = blocks(framesToPcapng(session));
		const [shb, idb, ...packets] = all;
		expect(shb?.type).toBe(0x0a0d0d0a);
		expect(shb?.body.getUint32(8, true)).toBe(0x1a2b3c4d);
		expect(shb?.body.getUint16(12, true)).toBe(1);
		expect(idb?.type).toBe(1);
		expect(idb?.body.getUint16(8, true)).toBe(1); // LINKTYPE_ETHERNET
		expect(idb?.body.getUint16(16, true)).toBe(9); // if_tsresol
		expect(idb?.body.getUint8(20)).toBe(6);
		// Two sessions: three handshake packets each, plus five frames.
		expect(packets).toHaveLength(6 + 5);
		expect(packets.every((p) => p.type === 6)).toBe(true);
		const fourth = packets[3];
		const timeUs = fourth
			? fourth.body.getUint32(12, true) * 2 ** 32 + fourth.body.getUint32(16, true)
			: 0;
		expect(timeUs).toBe(T0);
		// 54 bytes of Ethernet, IPv4 and TCP before the MQTT frame.
		expect(fourth?.body.getUint32(20, true)).toBe(54 + connect(4).length);
	});

	it('computes the Internet checksum as RFC 1071 does', () => {
		// The RFC 1071 example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2, checksum 0x220d.
		expect(internetChecksum(new Uint8Array([0, 1, 0xf2, 3, 0xf4, 0xf5, 0xf6, 0xf7]), 0, 8)).toBe(
			0x220d,
		);
	});

	it.skipIf(!hasTshark)(
		'tshark decodes it as MQTT on port 1883, checksums good, one TCP stream per session',
		async () => {
			expect(await mqttMessages(framesToPcapng(session))).toEqual([
				['CONNECT', ''],
				['CONNACK', ''],
				['PUBLISH', 'sensors/a'],
				['PUBACK', ''],
				['CONNECT', ''],
			]);
			const rows = await tshark(framesToPcapng(session), [
				'-o',
				'ip.check_checksum:TRUE',
				'-o',
				'tcp.check_checksum:TRUE',
				'-T',
				'fields',
				'-e',
				'ip.checksum.status',
				'-e',
				'tcp.checksum.status',
				'-e',
				'tcp.stream',
				'-e',
				'tcp.dstport',
				'-e',
				'tcp.srcport',
				'-e',
				'tcp.analysis.flags',
			]);
			expect(rows).toHaveLength(11);
			for (const row of rows) {
				const [ipStatus, tcpStatus, , dst, src, analysis] = row.split('\t');
				expect([ipStatus, tcpStatus]).toEqual(['1', '1']);
				expect([dst, src]).toContain(String(BROKER_PORT));
				expect(analysis ?? '').toBe('');
			}
			expect(new Set(rows.map((row) => row.split('\t')[2]))).toEqual(new Set(['0', '1']));
		},
	);

	it.skipIf(!hasTshark)('a frame over 65,000 bytes spans segments tshark reassembles', async () => {
		const big = publish('big/payload', 0, undefined, { payload: 'x'.repeat(150_000) });
		const capture = framesToPcapng([
			{ timeUs: T0, direction: 'out', session: 1, bytes: connect(4) },
			{ timeUs: T0 + 1, direction: 'in', session: 1, bytes: big },
			{ timeUs: T0 + 2, direction: 'in', session: 1, bytes: publish('after', 0) },
		]);
		expect(blocks(capture)).toHaveLength(2 + 3 + 1 + Math.ceil(big.length / MAX_SEGMENT_BYTES) + 1);
		expect(await mqttMessages(capture)).toEqual([
			['CONNECT', ''],
			['PUBLISH', 'big/payload'],
			['PUBLISH', 'after'],
		]);
	});

	if (!hasTshark) it.skip(`tshark reads the capture back: ${NO_TSHARK_REASON}`, () => {});
});
