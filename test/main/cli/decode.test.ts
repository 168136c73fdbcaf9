/**
 * The `topicscope` bin end to end: frames in several text formats in, JSON lines and exit status
 * out; and an encode round trip.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'topicscope.mjs');

interface Run {
	readonly status: number | null;
	readonly stdout: string;
	readonly stderr: string;
}

function run(args: readonly string[], input: string): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT });
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (status) => resolve({ status, stdout, stderr }));
		child.stdin.end(input);
	});
}

function objects(stdout: string): Record<string, unknown>[] {
	return stdout
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('topicscope decode', () => {
	it('decodes frames given as plain hex, spaced hex, xxd, Wireshark and a C array', async () => {
		const input = [
			'100f00044d5154540402003c0003616263',
			'32 0c 00 03 61 2f 62 00 07 68 65 6c 6c 6f',
			'',
			'00000000: 8208 000a 0003 612f 2301            ..........',
			'',
			'0000   90 03 00 0a 01                                    .....',
			'unsigned char ack[] = {',
			'  0x40, 0x02, 0x00, 0x07',
			'};',
			'30:05:00:03:61:2f:62',
		].join('\n');
		const result = await run(['decode'], input);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const [connect, publish, subscribe, suback, puback, publish0] = objects(result.stdout);
		expect(connect).toMatchObject({
			type: 'CONNECT',
			protocolLevel: 4,
			protocolName: 'MQTT',
			keepAlive: 60,
			clientId: 'abc',
			cleanSession: true,
			// Every bit, although this CONNECT has no will.
			connectFlags: {
				usernameFlag: false,
				passwordFlag: false,
				willRetain: false,
				willQos: 0,
				willFlag: false,
				cleanSession: true,
				reserved: false,
			},
			ranges: { clientId: [12, 17], keepAlive: [10, 12] },
			bits: { 'connectFlags.willQos': [4, 3], 'connectFlags.willRetain': [5, 5] },
		});
		expect(publish).toEqual({
			type: 'PUBLISH',
			protocolLevel: 4,
			levelReason: 'An earlier CONNECT asked for MQTT 3.1.1.',
			flags: { dup: false, qos: 1, retain: false },
			remainingLength: 12,
			topicName: 'a/b',
			packetId: 7,
			payload: '68656c6c6f',
			ranges: {
				packetType: [0, 1],
				flags: [0, 1],
				'flags.dup': [0, 1],
				'flags.qos': [0, 1],
				'flags.retain': [0, 1],
				remainingLength: [1, 2],
				topicName: [2, 7],
				packetId: [7, 9],
				payload: [9, 14],
			},
			bits: {
				packetType: [7, 4],
				flags: [3, 0],
				'flags.dup': [3, 3],
				'flags.qos': [2, 1],
				'flags.retain': [0, 0],
			},
		});
		expect(subscribe).toMatchObject({
			type: 'SUBSCRIBE',
			flags: 2,
			packetId: 10,
			subscriptions: [{ topicFilter: 'a/#', qos: 1 }],
		});
		expect(suback).toMatchObject({ type: 'SUBACK', packetId: 10, reasonCodes: [1] });
		expect(puback).toMatchObject({ type: 'PUBACK', packetId: 7 });
		expect(publish0).toMatchObject({ type: 'PUBLISH', topicName: 'a/b', payload: '' });
	});

	it('takes the protocol level from an earlier CONNECT', async () => {
		const input = ['101000044d5154540502003c000003616263', '300a0003612f620201016869'].join('\n');
		const result = await run(['decode'], input);
		expect(result.status).toBe(0);
		const [, publish] = objects(result.stdout);
		expect(publish).toMatchObject({
			protocolLevel: 5,
			properties: { payloadFormatIndicator: 1 },
			payload: '6869',
		});
	});

	it('without a CONNECT, reads each frame at the level its bytes allow and says why', async () => {
		const input = [
			// v5 PUBLISH to 'a': Content Type 'application/json', then the payload '{}'.
			'3019000161130300106170706c69636174696f6e2f6a736f6e7b7d',
			'320c0003612f62000768656c6c6f',
			'f00718051500026d31',
			'40020005',
		].join('\n');
		const result = await run(['decode'], input);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const [v5, v311, auth, puback] = objects(result.stdout);
		expect(v5).toMatchObject({
			type: 'PUBLISH',
			protocolLevel: 5,
			topicName: 'a',
			properties: { contentType: 'application/json' },
			payload: '7b7d',
		});
		expect(v5?.levelReason).toContain('MQTT 5 property block (Content Type)');
		expect(v5?.levelReason).toContain('It also reads without error as MQTT 3.1.1 (--protocol 4');
		expect(v311).toMatchObject({ protocolLevel: 4, topicName: 'a/b', payload: '68656c6c6f' });
		expect(v311?.levelReason).toContain('Only MQTT 3.1.1 reads these bytes without error');
		expect(auth).toMatchObject({ type: 'AUTH', protocolLevel: 5, reasonCode: 0x18 });
		expect(puback).toMatchObject({
			protocolLevel: 4,
			levelReason: 'MQTT 3.1.1 and 5.0 read these bytes the same way.',
		});
	});

	it('honours --protocol', async () => {
		const result = await run(['decode', '--protocol', '5'], 'e0028e00\n');
		expect(result.status).toBe(0);
		expect(objects(result.stdout)[0]).toMatchObject({ type: 'DISCONNECT', reasonCode: 0x8e });
	});

	it('prints every frame, an error object for malformed and non-hex input, then exits non-zero', async () => {
		const input = ['80 08 00 0a 00 03 61 2f 23 01', 'not hex at all', 'c000'].join('\n');
		const result = await run(['decode'], input);
		expect(result.status).toBe(1);
		const [malformed, notHex, ping] = objects(result.stdout);
		expect(malformed).toMatchObject({
			type: 'SUBSCRIBE',
			flags: 0,
			error: { offset: 0, rule: '[MQTT-3.8.1-1]' },
		});
		expect(String((malformed?.error as { message: string }).message)).toContain('0010');
		expect(notHex).toEqual({
			line: 2,
			column: 1,
			error: { offset: 0, rule: 'input', message: "Line 2, column 1: 'n' is not a hex digit." },
		});
		expect(ping).toMatchObject({ type: 'PINGREQ' });
	});

	it('names the line and column of a hex typo, inside a multi-line frame too', async () => {
		const input = [
			'c000',
			'unsigned char ack[] = {',
			'  0x40, 0x02,',
			'  0x00, 0xo7',
			'};',
			'30 0d 00 04h4 65 73 74',
		].join('\n');
		const result = await run(['decode'], input);
		expect(result.status).toBe(1);
		const [, array, plain] = objects(result.stdout);
		expect(array).toMatchObject({
			line: 4,
			column: 11,
			error: { message: "Line 4, column 11: 'o' in '0xo7' is not a hex digit." },
		});
		expect(plain).toMatchObject({
			line: 6,
			column: 12,
			error: { message: "Line 6, column 12: 'h' is not a hex digit." },
		});
	});

	it('rejects an unknown option with usage and status 2', async () => {
		const result = await run(['decode', '--protocol', '7'], '');
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('--protocol');
	});
});

describe('topicscope encode', () => {
	it('round-trips decode output back to the same bytes', async () => {
		const frames = [
			'101b00044d51545404ee000a00016100012f0002686900017500027077',
			'320c0003612f62000768656c6c6f',
			'8209000a000003612f2b2d',
			'f00718051500026d31',
		];
		const decoded = await run(['decode', '--protocol', '5'], frames.slice(2).join('\n'));
		const decoded4 = await run(['decode'], frames.slice(0, 2).join('\n'));
		const encoded = await run(['encode'], decoded4.stdout + decoded.stdout);
		expect(encoded.stderr).toBe('');
		expect(encoded.status).toBe(0);
		expect(encoded.stdout.trim().split('\n')).toEqual(frames);
	});

	it('refuses an edited connectFlags that the CONNECT fields do not give', async () => {
		const decoded = await run(['decode'], '100f00044d5154540402003c0003616263');
		const json = JSON.parse(decoded.stdout) as { connectFlags: Record<string, unknown> };
		json.connectFlags.willQos = 1;
		const result = await run(['encode'], JSON.stringify(json));
		expect(result.status).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('line 1');
		expect(result.stderr).toContain(
			"connectFlags.willQos is 1 but the packet's fields make it 0: the will is given by 'willTopic'",
		);
	});

	it('explains invalid JSON and unencodable models and exits non-zero', async () => {
		const input = [
			'{"type":"PUBLISH","topicName":"a","flags":{"qos":1},"packetId":70000}',
			'{not json',
			'{"type":"PINGREQ"}',
		].join('\n');
		const result = await run(['encode'], input);
		expect(result.status).toBe(1);
		expect(result.stdout).toBe('c000\n');
		expect(result.stderr).toContain('line 1: cannot encode PUBLISH: packetId must be an integer');
		expect(result.stderr).toContain('line 2: invalid JSON');
	});
});
