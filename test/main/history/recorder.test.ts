/**
 * The recorder and its writer worker on a real SQLite file: what goes in comes back byte for byte,
 * in order, with every property; outgoing messages are marked; a full backlog sheds and counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MqttMessage } from '../../../shared/model/message';
import { openHistoryDb } from '../../../main/history/history-db';
import { HistoryReader } from '../../../main/history/history-reader';
import { HistoryRecorder } from '../../../main/history/recorder';
import { message } from '../../helpers/message';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'topicscope-history-'));
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

function start(extra: Partial<Parameters<typeof HistoryRecorder.start>[0]> = {}) {
	return HistoryRecorder.start({ path: join(dir, 'history.sqlite'), ...extra });
}

function reader(): HistoryReader {
	const db = openHistoryDb(join(dir, 'history.sqlite'), { readonly: true });
	if (!db.ok) throw new Error(db.error.message);
	return new HistoryReader(db.value);
}

describe('history recorder', () => {
	it('stores binary, 5 MB and MQTT 5 messages byte for byte, in order, with their properties', async () => {
		const started = await start();
		if (!started.ok) throw new Error(started.error.message);
		const recorder = started.value;
		const sink = recorder.sink({ key: 'broker:test', name: 'Test broker', kind: 'live' });
		const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
		const big = Uint8Array.from({ length: 5 * 1024 * 1024 + 7 }, (_, i) => (i * 31 + 7) & 0xff);
		const withProperties: MqttMessage = {
			...message('v5/props', 'hello'),
			timeUs: 1_714_564_800_123_456,
			properties: {
				payloadFormatIndicator: 1,
				messageExpiryIntervalSeconds: 60,
				responseTopic: 'reply/here',
				correlationData: Uint8Array.of(0, 1, 0xfe, 0xff),
				contentType: 'text/plain',
				userProperties: [
					['b', '2'],
					['a', '1'],
					['b', '3'],
				],
				subscriptionIdentifiers: [7, 9],
			},
		};
		const sent: MqttMessage[] = [
			{ ...message('bin/all-bytes', binary, { qos: 1 }), timeUs: 1 },
			{ ...message('big/file', big, { qos: 2, retain: true }), timeUs: 2 },
			withProperties,
			{ ...message('empty', new Uint8Array(0)), timeUs: 4 },
			{ ...message('out/cmd', 'on'), timeUs: 5, direction: 'out', dup: true },
		];
		for (const m of sent) expect(sink.enqueue(m)).toBe(true);
		await recorder.close();
		expect(recorder.stats).toMatchObject({ written: 5, shed: 0, backlogMessages: 0 });

		const history = reader();
		const [connection] = history.connections();
		expect(connection).toMatchObject({ key: 'broker:test', name: 'Test broker', rows: 5 });
		const rows = history.rowsAfter(0, 10);
		expect(rows.map((row) => history.topic(row.topic_id)?.name)).toEqual(sent.map((m) => m.topic));
		for (const [index, row] of rows.entries()) {
			const original = sent[index] as MqttMessage;
			expect(Buffer.from(history.fullPayload(row)).equals(Buffer.from(original.payload))).toBe(
				true,
			);
			const item = history.toItem(row);
			expect(item).toMatchObject({
				qos: original.qos,
				retain: original.retain,
				dup: original.dup,
				direction: original.direction,
				timeUs: original.timeUs,
				sizeBytes: original.payload.length,
			});
			expect(item.properties).toEqual(original.properties);
		}
		// The 5 MB payload is read back in slices without loading it whole.
		const bigId = rows[1]?.id ?? 0;
		const slice = history.payloadSlice(bigId, 3 * 1024 * 1024 - 5, 1000);
		expect(slice?.sizeBytes).toBe(big.length);
		expect(
			Buffer.from(slice?.bytes ?? []).equals(
				Buffer.from(big.subarray(3 * 1024 * 1024 - 5, 3 * 1024 * 1024 + 995)),
			),
		).toBe(true);
		const preview = history.message(bigId);
		expect(preview?.truncated).toBe(true);
		expect(preview?.payloadPreview.length).toBe(64 * 1024);
		history.db.close();
	});

	it('sheds and counts messages past its backlog bound instead of growing without limit', async () => {
		const started = await start({ maxBacklogMessages: 10, flushIntervalMs: 10_000 });
		if (!started.ok) throw new Error(started.error.message);
		const recorder = started.value;
		const sink = recorder.sink({ key: 'broker:flood', name: 'flood', kind: 'live' });
		let accepted = 0;
		for (let i = 0; i < 25; i++) if (sink.enqueue(message(`t/${i}`, `m${i}`))) accepted++;
		expect(accepted).toBe(10);
		expect(recorder.stats).toMatchObject({ shed: 15, backlogMessages: 10 });
		expect(sink.shed).toBe(15);
		await recorder.close();
		expect(recorder.stats).toMatchObject({ written: 10, shed: 15, backlogMessages: 0 });
		const history = reader();
		expect(history.rowsAfter(0, 100).map((row) => history.topic(row.topic_id)?.name)).toEqual(
			Array.from({ length: 10 }, (_, i) => `t/${i}`),
		);
		history.db.close();
	});
});
