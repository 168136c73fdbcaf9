/**
 * The history benchmark (issue 9), measured side by side in one run:
 * - the core ingesting the ingest section's stream with history kept and not kept, runs
 *   alternated on the same broker (`historyOnMsgsPerSec`, `historyOffMsgsPerSec`, their ratio,
 *   and `historyLost`: messages the core received that are not in the history afterwards);
 * - on a 1,000,000-row history (100-byte JSON payloads over 10,000 topics, full-text indexed):
 *   the newest 100 messages of a topic (`historyLast100P95Ms`), a full-text search's first page
 *   (`historySearchP95Ms`), bytes per stored message (`historyBytesPerMessage`, indexes included)
 *   and an NDJSON export to a file (`exportRowsPerSec`);
 * - the hand-off alone: what `enqueue` costs the main thread per message.
 */
import { mkdtempSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportHistory } from '../../main/history/export';
import { FtsIndexer } from '../../main/history/fts-indexer';
import { openHistoryDb } from '../../main/history/history-db';
import { HistoryReader } from '../../main/history/history-reader';
import { HistoryWriter, type StoredMessage } from '../../main/history/history-writer';
import { HistorySearch } from '../../main/history/search';
import { HistoryRecorder } from '../../main/history/recorder';
import type { MqttMessage } from '../../shared/model/message';
import { startBroker } from '../../test/helpers/broker';
import { brokerFirehose, DEFAULT_BROKER_OPTIONS, type BrokerBenchOptions } from './broker';
import { best, runCore } from './runs';

export interface HistoryBenchOptions {
	readonly ingest: BrokerBenchOptions;
	/** Rows in the query database. */
	readonly rows: number;
	readonly topics: number;
	/** Timed repetitions of each query. */
	readonly samples: number;
}

export const DEFAULT_HISTORY_OPTIONS: HistoryBenchOptions = {
	ingest: DEFAULT_BROKER_OPTIONS,
	rows: 1_000_000,
	topics: 10_000,
	samples: 200,
};

function progress(message: string): void {
	process.stderr.write(`[bench] ${message}\n`);
}

function round(value: number, digits = 0): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

function percentile(values: readonly number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function timings(values: readonly number[]): Record<string, number> {
	return {
		p50Ms: round(percentile(values, 50), 3),
		p95Ms: round(percentile(values, 95), 3),
		maxMs: round(Math.max(...values), 3),
	};
}

/** A 100-byte JSON payload like a sensor's, with words a search can look for. */
function payloadFor(n: number): Uint8Array {
	const statuses = ['ok', 'ok', 'ok', 'warning', 'ok', 'degraded', 'ok', 'alarm'];
	const text = JSON.stringify({
		device: `dev-${n % 10_000}`,
		temp: round(15 + ((n * 7919) % 2000) / 100, 2),
		seq: n,
		status: statuses[n % statuses.length],
	});
	const bytes = new Uint8Array(100).fill(0x20);
	bytes.set(new TextEncoder().encode(text).subarray(0, 100));
	return bytes;
}

/** History on and off on the same stream, runs alternated. */
async function ingestSideBySide(options: HistoryBenchOptions): Promise<Record<string, unknown>> {
	const broker = await startBroker({ kind: 'mosquitto' });
	const firehose = brokerFirehose(broker, options.ingest);
	const on: Record<string, unknown>[] = [];
	const off: Record<string, unknown>[] = [];
	try {
		for (let run = 1; run <= options.ingest.repeat; run++) {
			const dataDir = mkdtempSync(join(tmpdir(), 'topicscope-bench-history-'));
			try {
				progress(
					`history off run ${run}/${options.ingest.repeat}: ${options.ingest.messages} messages`,
				);
				off.push(await runCore(firehose, { ...options.ingest, captureFrames: true }));
				progress(`  ${JSON.stringify(off.at(-1)?.messagesPerSecond)} msg/s`);
				progress(`history on run ${run}/${options.ingest.repeat}`);
				on.push(
					await runCore(firehose, {
						...options.ingest,
						captureFrames: true,
						coreOptions: { dataDir },
					}),
				);
				progress(
					`  ${JSON.stringify(on.at(-1)?.messagesPerSecond)} msg/s, lost ${JSON.stringify(on.at(-1)?.historyLost)}`,
				);
			} finally {
				rmSync(dataDir, { recursive: true, force: true });
			}
		}
	} finally {
		await broker.stop();
	}
	const bestOn = best(on);
	const bestOff = best(off);
	const onRate = bestOn?.messagesPerSecond;
	const offRate = bestOff?.messagesPerSecond;
	const lost = on.map((run) => (typeof run.historyLost === 'number' ? run.historyLost : null));
	return {
		reported: 'best of the runs (highest messages/s) for each; history lost summed over every run',
		historyOn: bestOn,
		historyOff: bestOff,
		ratio:
			typeof onRate === 'number' && typeof offRate === 'number' && offRate > 0
				? round(onRate / offRate, 3)
				: null,
		lost: lost.some((value) => value === null)
			? null
			: lost.reduce<number>((sum, value) => sum + (value ?? 0), 0),
		allRuns: {
			historyOnMessagesPerSecond: on.map((run) => run.messagesPerSecond ?? null),
			historyOffMessagesPerSecond: off.map((run) => run.messagesPerSecond ?? null),
			historyOnCpuMicrosPerMessage: on.map((run) => run.cpuMicrosPerMessage ?? null),
			historyOffCpuMicrosPerMessage: off.map((run) => run.cpuMicrosPerMessage ?? null),
			historyLost: lost,
		},
	};
}

/** Builds, indexes and queries a large history. */
async function queries(options: HistoryBenchOptions): Promise<Record<string, unknown>> {
	const dir = mkdtempSync(join(tmpdir(), 'topicscope-bench-rows-'));
	const path = join(dir, 'history.sqlite');
	try {
		const opened = openHistoryDb(path);
		if (!opened.ok) throw new Error(opened.error.message);
		const db = opened.value;
		const writer = new HistoryWriter(db);
		const connection = writer.sourceId({ key: 'bench', name: 'bench', kind: 'live' });
		progress(`history: writing ${options.rows} rows`);
		let started = performance.now();
		const baseUs = Date.now() * 1000 - options.rows * 1000;
		for (let start = 0; start < options.rows; start += 10_000) {
			const batch: (StoredMessage & { topic: string })[] = [];
			for (let n = start; n < Math.min(options.rows, start + 10_000); n++) {
				batch.push({
					topic: `bench/site-${n % 100}/device-${n % options.topics}`,
					timeUs: baseUs + n * 1000,
					flags: n % 3,
					payload: payloadFor(n),
					propertiesJson: null,
				});
			}
			writer.writeMessages(connection, batch);
		}
		const writeMs = performance.now() - started;
		db.pragma('wal_checkpoint(TRUNCATE)');
		const bytesWithoutIndex = statSync(path).size;
		progress('history: full-text indexing');
		started = performance.now();
		const indexer = new FtsIndexer(db);
		while (indexer.indexSome(20_000) > 0);
		const indexMs = performance.now() - started;
		db.pragma('wal_checkpoint(TRUNCATE)');
		const bytesWithIndex = statSync(path).size;

		const reader = new HistoryReader(db);
		const last100: number[] = [];
		for (let i = 0; i < options.samples; i++) {
			const n = (i * 7919) % options.topics;
			const t0 = performance.now();
			const page = reader.topicPage(
				connection,
				`bench/site-${n % 100}/device-${n}`,
				null,
				100,
				1024,
			);
			last100.push(performance.now() - t0);
			const expected = Math.min(100, Math.floor(options.rows / options.topics));
			if (page.items.length !== expected)
				throw new Error(`topic page returned ${page.items.length} rows, not ${expected}`);
		}
		// Rare, common and absent words; a page of 100 (or all there is) each.
		const words = [
			'alarm',
			'degraded',
			'"seq":777777',
			'dev-4242"',
			'warning',
			'no such text',
			'21.53',
			'site-42',
		];
		const search: number[] = [];
		const hits: Record<string, number> = {};
		for (let i = 0; i < options.samples; i++) {
			const text = words[i % words.length] ?? '';
			const t0 = performance.now();
			const page = new HistorySearch(reader, { text }).page(null, {
				limit: 100,
				maxScan: 50_000,
				previewBytes: 1024,
				indexedUpTo: indexer.indexedUpTo,
			});
			search.push(performance.now() - t0);
			hits[text] = page.items.length;
		}

		progress('history: NDJSON export');
		const exportPath = join(dir, 'export.ndjson');
		const out = createWriteStream(exportPath);
		started = performance.now();
		const exported = await exportHistory(reader, {}, 'ndjson', out);
		await new Promise<void>((resolve) => out.end(() => resolve()));
		const exportMs = performance.now() - started;
		db.close();
		return {
			rows: options.rows,
			topics: options.topics,
			payloadBytes: 100,
			writeRowsPerSecond: round((options.rows / writeMs) * 1000),
			ftsIndexRowsPerSecond: round((options.rows / indexMs) * 1000),
			fileBytes: bytesWithIndex,
			bytesPerMessage: round(bytesWithIndex / options.rows, 1),
			bytesPerMessageWithoutFullText: round(bytesWithoutIndex / options.rows, 1),
			last100: timings(last100),
			search: { ...timings(search), firstPageHits: hits },
			export: {
				rows: exported.rows,
				bytes: exported.bytes,
				rowsPerSecond: round((exported.rows / exportMs) * 1000),
			},
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * What the message path pays per message on the main thread (DESIGN §4 budget: 1 µs): the
 * listener's `enqueue` alone, 100-byte payloads over 10,000 topics, the writer committing behind.
 */
async function handOff(): Promise<Record<string, unknown>> {
	const dir = mkdtempSync(join(tmpdir(), 'topicscope-bench-handoff-'));
	try {
		const recorder = await HistoryRecorder.start({ path: join(dir, 'history.sqlite') });
		if (!recorder.ok) throw new Error(recorder.error.message);
		const sink = recorder.value.sink({ key: 'bench', name: 'bench', kind: 'live' });
		const count = 200_000;
		const messages: MqttMessage[] = Array.from({ length: 10_000 }, (_, i) => ({
			topic: `bench/site-${i % 100}/device-${i}`,
			payload: payloadFor(i),
			qos: 0,
			retain: false,
			dup: false,
			properties: undefined,
			timeUs: Date.now() * 1000,
			direction: 'in',
		}));
		// Warm up (topics declared, code optimised), then measure in slices the writer keeps up with.
		for (const message of messages) sink.enqueue(message);
		await recorder.value.drain();
		let elapsedMs = 0;
		for (let done = 0; done < count; done += 20_000) {
			const started = performance.now();
			for (let i = 0; i < 20_000; i++) {
				sink.enqueue(messages[(done + i) % messages.length] as MqttMessage);
			}
			elapsedMs += performance.now() - started;
			await recorder.value.drain();
		}
		const stats = recorder.value.stats;
		await recorder.value.close();
		return {
			messages: count,
			microsPerMessage: round((elapsedMs * 1000) / count, 3),
			shed: stats.shed,
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export async function runHistoryBench(
	options: HistoryBenchOptions,
): Promise<Record<string, unknown>> {
	const ingest = await ingestSideBySide(options);
	const handOffFigures = await handOff();
	const database = await queries(options);
	return { ingest, handOff: handOffFigures, database };
}

function numberAt(value: unknown, ...path: string[]): number | null {
	let current: unknown = value;
	for (const key of path) {
		if (typeof current !== 'object' || current === null) return null;
		current = (current as Record<string, unknown>)[key];
	}
	return typeof current === 'number' ? current : null;
}

/** The flat `summary` keys the issue names. */
export function historySummary(section: unknown): Record<string, number | null> {
	return {
		historyOnMsgsPerSec: numberAt(section, 'ingest', 'historyOn', 'messagesPerSecond'),
		historyOffMsgsPerSec: numberAt(section, 'ingest', 'historyOff', 'messagesPerSecond'),
		historyRatio: numberAt(section, 'ingest', 'ratio'),
		historyLast100P95Ms: numberAt(section, 'database', 'last100', 'p95Ms'),
		historySearchP95Ms: numberAt(section, 'database', 'search', 'p95Ms'),
		historyBytesPerMessage: numberAt(section, 'database', 'bytesPerMessage'),
		historyLost: numberAt(section, 'ingest', 'lost'),
		exportRowsPerSec: numberAt(section, 'database', 'export', 'rowsPerSecond'),
	};
}
