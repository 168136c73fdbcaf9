/**
 * `topicscope record` and `topicscope history export|search|import` against mosquitto and real
 * files: what is recorded comes back byte for byte, a kill -9 during a fast stream leaves an intact
 * file with every committed message in order, and MQTT 5 falls back to 3.1.1 when refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageFromJson, type MessageRecord } from '../../../shared/model/message-json';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { waitFor } from '../../helpers/wait';
import { runCli, startCli } from './run-cli';

function parseLines(text: string): MessageRecord[] {
	return text
		.trim()
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => {
			const parsed = messageFromJson(JSON.parse(line));
			if (!parsed.ok) throw new Error(parsed.error.message);
			return parsed.value;
		});
}

/** Rows committed so far, read without disturbing the writer (WAL). */
function committedRows(path: string): number {
	try {
		const db = new Database(path, { readonly: true, fileMustExist: true });
		try {
			return (db.prepare('SELECT max(id) AS n FROM messages').get() as { n: number | null }).n ?? 0;
		} finally {
			db.close();
		}
	} catch {
		// Not created yet, or mid-creation: nothing committed to count.
		return 0;
	}
}

describe.skipIf(!findMosquitto())('topicscope record', () => {
	let broker: TestBroker;
	let dir: string;

	beforeAll(async () => {
		broker = await startBroker();
		dir = mkdtempSync(join(tmpdir(), 'topicscope-record-'));
	});
	afterAll(async () => {
		await broker.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('records binary, 5 MB, retained and MQTT 5 messages that export, search and re-import byte for byte', async () => {
		const db = join(dir, 'exact.sqlite');
		const publisher = await mqtt.connectAsync(broker.url, {
			protocolVersion: 5,
			clientId: 'rec-pub',
		});
		await publisher.publishAsync('rec/retained', Buffer.from([0xde, 0xad, 0xbe, 0xef]), {
			qos: 1,
			retain: true,
		});
		const recorder = startCli([
			'record',
			'--db',
			db,
			'--url',
			broker.url,
			'-t',
			'rec/#',
			'--progress-interval',
			'0',
		]);
		await waitFor(
			() => recorder.stderr().includes('recording rec/#'),
			'the recorder to subscribe',
			30_000,
		);
		expect(recorder.stderr()).toContain('(MQTT 5)');
		const big = Buffer.alloc(5 * 1024 * 1024);
		for (let i = 0; i < big.length; i++) big[i] = (i * 7 + (i >> 11)) & 0xff;
		const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
		await publisher.publishAsync('rec/binary', binary, { qos: 2 });
		await publisher.publishAsync('rec/big', big, { qos: 1 });
		await publisher.publishAsync('rec/v5', 'température 21,5 °C', {
			qos: 1,
			properties: {
				payloadFormatIndicator: true,
				messageExpiryInterval: 3600,
				correlationData: Buffer.from([9, 8, 7]),
				userProperties: { site: ['paris', 'lyon'], unit: 'celsius' },
			},
		});
		await publisher.endAsync();
		await waitFor(() => committedRows(db) >= 4, 'four messages committed', 30_000);
		recorder.child.kill('SIGINT');
		const stopped = await recorder.done;
		expect(stopped.status).toBe(0);
		expect(stopped.stderr).toContain('stopped by SIGINT; 4 messages stored, 0 shed');

		const exported = await runCli(['history', 'export', '--db', db]);
		expect(exported.status).toBe(0);
		const records = parseLines(exported.stdout);
		const byTopic = new Map(records.map((r) => [r.topic, r]));
		expect([...byTopic.keys()].sort()).toEqual(['rec/big', 'rec/binary', 'rec/retained', 'rec/v5']);
		expect(byTopic.get('rec/retained')).toMatchObject({ retain: true, qos: 1, direction: 'in' });
		expect(Buffer.from(byTopic.get('rec/retained')?.payload ?? []).toString('hex')).toBe(
			'deadbeef',
		);
		expect(Buffer.from(byTopic.get('rec/binary')?.payload ?? []).equals(binary)).toBe(true);
		expect(Buffer.from(byTopic.get('rec/big')?.payload ?? []).equals(big)).toBe(true);
		expect(byTopic.get('rec/v5')?.properties).toEqual({
			subscriptionIdentifiers: [1],
			payloadFormatIndicator: 1,
			messageExpiryIntervalSeconds: 3600,
			correlationData: Uint8Array.of(9, 8, 7),
			userProperties: [
				['site', 'paris'],
				['site', 'lyon'],
				['unit', 'celsius'],
			],
		});
		const v5Line = exported.stdout.split('\n').find((line) => line.includes('rec/v5')) ?? '';
		expect(JSON.parse(v5Line)).toMatchObject({
			payloadText: 'température 21,5 °C',
			size: Buffer.byteLength('température 21,5 °C'),
		});

		// Full text: a substring of a payload, in any case, across the FTS index or the unindexed tail.
		const found = await runCli(['history', 'search', '--db', db, 'TEMPÉRATURE 21']);
		expect(found.status).toBe(0);
		expect(parseLines(found.stdout).map((r) => r.topic)).toEqual(['rec/v5']);
		const byProperty = await runCli(['history', 'search', '--db', db, '-t', 'rec/+', 'lyon']);
		expect(parseLines(byProperty.stdout).map((r) => r.topic)).toEqual(['rec/v5']);

		// Re-import into a fresh history and export again: the same messages, byte for byte.
		const copy = join(dir, 'copy.sqlite');
		const imported = await runCli(['history', 'import', '--db', copy], exported.stdout);
		expect(imported.stderr).toContain('4 messages imported');
		expect(imported.status).toBe(0);
		const again = await runCli(['history', 'export', '--db', copy]);
		const strip = (text: string) =>
			text
				.trim()
				.split('\n')
				.map((line) => {
					const { connection: _connection, ...rest } = JSON.parse(line) as Record<string, unknown>;
					return rest;
				});
		expect(strip(again.stdout)).toEqual(strip(exported.stdout));

		const csv = await runCli([
			'history',
			'export',
			'--db',
			db,
			'--format',
			'csv',
			'-t',
			'rec/binary',
		]);
		const [header, row] = csv.stdout.split('\r\n');
		expect(header).toBe(
			'time,connection,topic,qos,retain,direction,size,payloadEncoding,payload,properties',
		);
		expect(row?.split(',').slice(2)).toEqual([
			'rec/binary',
			'2',
			'false',
			'in',
			'256',
			'base64',
			binary.toString('base64'),
			'"{""subscriptionIdentifier"":1}"',
		]);
	});

	it('leaves an intact file holding every committed message in order after kill -9 during a fast stream', async () => {
		const db = join(dir, 'killed.sqlite');
		// mosquitto drops QoS 1 messages past 1,000 queued for a slow subscriber by default: lift
		// that, so any gap would be ours.
		const lossless = await startBroker({
			extraConfig: 'max_queued_messages 0\nmax_queued_bytes 0\n',
		});
		const recorder = startCli([
			'record',
			'--db',
			db,
			'--url',
			lossless.url,
			'-t',
			'kill/#',
			'-q',
			'1',
			'--progress-interval',
			'0',
		]);
		await waitFor(
			() => recorder.stderr().includes('recording kill/#'),
			'the recorder to subscribe',
			30_000,
		);
		const publisher = await mqtt.connectAsync(lossless.url, { clientId: 'kill-pub' });
		const total = 400_000;
		let sent = 0;
		let isStopped = false;
		const publishing = (async () => {
			// Bounded: at most `total` messages, a window of unacknowledged ones at a time.
			while (!isStopped && sent < total) {
				const batch: Promise<unknown>[] = [];
				for (let i = 0; i < 500 && sent < total; i++, sent++) {
					const payload = Buffer.alloc(8);
					payload.writeBigUInt64BE(BigInt(sent));
					batch.push(publisher.publishAsync('kill/stream', payload, { qos: 1 }));
				}
				await Promise.all(batch);
			}
		})();
		await waitFor(() => committedRows(db) >= 30_000, '30,000 messages committed', 60_000);
		const seenBeforeKill = committedRows(db);
		recorder.child.kill('SIGKILL');
		const killed = await recorder.done;
		isStopped = true;
		await publishing;
		await publisher.endAsync();
		await lossless.stop();
		expect(killed.signal).toBe('SIGKILL');

		const file = new Database(db);
		try {
			expect(file.pragma('integrity_check', { simple: true })).toBe('ok');
			const rows = file.prepare('SELECT id, payload FROM messages ORDER BY id').all() as {
				id: number;
				payload: Buffer;
			}[];
			expect(rows.length).toBeGreaterThanOrEqual(seenBeforeKill);
			// No gap and no reordering: the n-th stored message is the n-th published one.
			let mismatch = -1;
			for (let i = 0; i < rows.length; i++) {
				if ((rows[i] as { payload: Buffer }).payload.readBigUInt64BE() !== BigInt(i)) {
					mismatch = i;
					break;
				}
			}
			expect(mismatch).toBe(-1);
			const counted = file.prepare('SELECT rows FROM connections').get() as { rows: number };
			expect(counted.rows).toBe(rows.length);
		} finally {
			file.close();
		}
	});
});
