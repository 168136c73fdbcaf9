/**
 * Exporting 1,000,000 messages streams with constant memory: the heap stays flat while a file of
 * a few hundred megabytes is written, and the file parses back to every message in order.
 */
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { exportHistory } from '../../../main/history/export';
import { HistoryReader } from '../../../main/history/history-reader';
import { messageFromJson } from '../../../shared/model/message-json';
import { createTestHistory, type TestHistory } from './build-history';

const ROWS = 1_000_000;
let history: TestHistory | undefined;

afterAll(() => {
	if (history === undefined) return;
	history.db.close();
	rmSync(dirname(history.path), { recursive: true, force: true });
});

describe('export of a million messages', () => {
	it('keeps memory flat and writes a file that parses back whole', async () => {
		history = createTestHistory();
		const source = history.source({ key: 'bulk', name: 'bulk' });
		const payload = new Uint8Array(100);
		for (let start = 0; start < ROWS; start += 20_000) {
			history.add(
				source,
				Array.from({ length: 20_000 }, (_, i) => {
					const n = start + i;
					const bytes = payload.slice();
					new DataView(bytes.buffer).setUint32(0, n);
					return { topic: `bulk/${n % 1000}`, timeUs: 1_700_000_000_000_000 + n, payload: bytes };
				}),
			);
		}
		const path = join(dirname(history.path), 'all.ndjson');
		const out = createWriteStream(path);
		global.gc?.();
		const baseline = process.memoryUsage().heapUsed;
		let peak = baseline;
		const result = await exportHistory(new HistoryReader(history.db), {}, 'ndjson', out, {
			onProgress: () => {
				peak = Math.max(peak, process.memoryUsage().heapUsed);
			},
		});
		await new Promise<void>((resolve) => out.end(() => resolve()));
		expect(result.rows).toBe(ROWS);
		const fileBytes = statSync(path).size;
		expect(fileBytes).toBe(result.bytes);
		// The file is ~250 MB; a version that buffered it would grow the heap by as much.
		expect(fileBytes).toBeGreaterThan(200 * 1024 * 1024);
		expect(peak - baseline).toBeLessThan(64 * 1024 * 1024);

		let count = 0;
		let isInOrder = true;
		const lines = createInterface({
			input: createReadStream(path),
			crlfDelay: Number.POSITIVE_INFINITY,
		});
		for await (const line of lines) {
			const parsed = messageFromJson(JSON.parse(line));
			if (!parsed.ok) throw new Error(`line ${count + 1}: ${parsed.error.message}`);
			const { payload: bytes, topic } = parsed.value;
			const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
			if (n !== count || topic !== `bulk/${n % 1000}` || bytes.length !== 100) isInOrder = false;
			count++;
		}
		expect(count).toBe(ROWS);
		expect(isInOrder).toBe(true);
	}, 300_000);
});
