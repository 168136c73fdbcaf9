/**
 * History for the app: the recorder every connection hands its messages to, a read connection for
 * pages, searches and payloads, and jobs for export, import and replay. Core builds one when it
 * has a data folder; the IPC handlers call it.
 *
 * Queries run on the main thread with a read-only connection (WAL: readers never wait for the
 * writer) and are bounded per call: a page, a slice of a payload, a search page that looks at a
 * bounded number of rows.
 */
import { closeSync, createWriteStream, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { ConnectionId } from '../../shared/model/connection';
import type {
	HistoryInfo,
	HistoryItem,
	HistoryPage,
	HistorySearchPage,
	HistorySearchQuery,
	RetentionPolicy,
} from '../../shared/model/history';
import { toSqlJsonPath } from '../../shared/history/chart-path';
import type { HistorySeries } from '../../shared/history/series';
import { MAX_PREVIEW_BYTES, type MessageProperties } from '../../shared/model/message';
import type { QoS } from '../../shared/mqtt/protocol';
import { err, ok, type Result } from '../../shared/result';
import { createLogger } from '../log/logger';
import { payloadFileName } from '../topics/payload-page';
import type { HistorySource } from './batch-codec';
import { exportHistory, type ExportFormat } from './export';
import { openHistoryDb } from './history-db';
import { HistoryReader } from './history-reader';
import { HistoryWriter } from './history-writer';
import { importNdjson } from './import';
import { Jobs, type JobHandle } from './jobs';
import { HistoryRecorder, type HistorySink } from './recorder';
import { HistorySearch } from './search';
import type { Selection } from './selection';
import { replay, type ReplayTarget } from './replay';
import { connectionTarget, type Publisher } from './replay-target';
import { readSeries, topicSpan } from './series-query';

const log = createLogger('history');

/** A search page looks at this many rows at most before answering. */
const SEARCH_MAX_SCAN = 20_000;
const MAX_SEARCHES = 16;
/** Names `startExport` gives its files: nothing else in exports/ is read back. */
export const EXPORT_FILE_NAME = /^history-[\dT-]+\.(ndjson|csv)$/;

export interface HistoryServiceOptions {
	readonly dataDir: string;
	readonly nativeBinding?: string;
}

export class HistoryService {
	readonly path: string;
	readonly recorder: HistoryRecorder;
	readonly jobs = new Jobs();
	readonly #options: HistoryServiceOptions;
	readonly #sources = new Map<ConnectionId, HistorySource>();
	readonly #searches = new Map<string, HistorySearch>();
	/** The series being read, by topic and path: a newer request stops the older one. */
	readonly #seriesReads = new Map<string, AbortController>();
	#reader: Result<HistoryReader> | null = null;
	#importWriter: HistoryWriter | null = null;
	#importDb: { close(): void } | null = null;

	constructor(options: HistoryServiceOptions) {
		this.#options = options;
		mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
		this.path = join(options.dataDir, 'history.sqlite');
		this.recorder = HistoryRecorder.create({
			path: this.path,
			...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
		});
		void this.recorder.ready.then((ready) => {
			if (!ready.ok) log.error('history unavailable', { problem: ready.error.message });
		});
	}

	/** The sink a connection's message listener feeds; one per live connection. */
	sinkFor(connectionId: ConnectionId, source: HistorySource): HistorySink {
		this.#sources.set(connectionId, source);
		return this.recorder.sink(source);
	}

	async reader(): Promise<Result<HistoryReader>> {
		if (this.#reader !== null) return this.#reader;
		const ready = await this.recorder.ready;
		if (!ready.ok) return ready;
		const db = openHistoryDb(this.path, {
			readonly: true,
			...(this.#options.nativeBinding ? { nativeBinding: this.#options.nativeBinding } : {}),
		});
		this.#reader = db.ok ? ok(new HistoryReader(db.value)) : db;
		return this.#reader;
	}

	async info(): Promise<Result<HistoryInfo>> {
		const reader = await this.reader();
		if (!reader.ok) return reader;
		const connections = reader.value.connections();
		const stats = this.recorder.stats;
		let fileBytes = 0;
		for (const suffix of ['', '-wal']) {
			try {
				fileBytes += statSync(`${this.path}${suffix}`).size;
			} catch {
				// No WAL file right now: it counts as zero.
			}
		}
		return ok({
			path: this.path,
			fileBytes,
			rows: connections.reduce((sum, c) => sum + c.rows, 0),
			bytes: connections.reduce((sum, c) => sum + c.bytes, 0),
			connections,
			retention: this.recorder.retention,
			backlogMessages: stats.backlogMessages,
			backlogBytes: stats.backlogBytes,
			shed: stats.shed,
			written: stats.written,
			indexedUpToId: stats.indexedUpTo,
		});
	}

	/** The history connection id of a live connection, if it has stored anything. */
	async historyConnectionOf(connectionId: ConnectionId): Promise<number | undefined> {
		const source = this.#sources.get(connectionId);
		const reader = await this.reader();
		if (source === undefined || !reader.ok) return undefined;
		return reader.value.connectionByKey(source.key)?.id;
	}

	async page(request: {
		readonly connectionId?: ConnectionId;
		readonly historyConnectionId?: number;
		readonly topic: string;
		readonly beforeId?: number;
		readonly limit: number;
		readonly previewBytes?: number;
	}): Promise<Result<HistoryPage>> {
		const reader = await this.reader();
		if (!reader.ok) return reader;
		const id = await this.#historyConnection(request);
		if (id === undefined) return ok({ items: [], nextBeforeId: null });
		return ok(
			reader.value.topicPage(
				id,
				request.topic,
				request.beforeId ?? null,
				request.limit,
				request.previewBytes ?? 1024,
			),
		);
	}

	/** The history connection a page or series request names (live or history id), if any. */
	async #historyConnection(request: {
		readonly connectionId?: ConnectionId;
		readonly historyConnectionId?: number;
	}): Promise<number | undefined> {
		return (
			request.historyConnectionId ??
			(request.connectionId === undefined
				? undefined
				: await this.historyConnectionOf(request.connectionId))
		);
	}

	/**
	 * A chart series: a topic's numeric values (the payload or a JSON path) down-sampled to
	 * `buckets` buckets over a range; without a range, the topic's whole span.
	 */
	async series(request: {
		readonly connectionId?: ConnectionId;
		readonly historyConnectionId?: number;
		readonly topic: string;
		readonly path: string;
		readonly sinceUs?: number;
		readonly untilUs?: number;
		readonly buckets: number;
	}): Promise<Result<HistorySeries>> {
		const reader = await this.reader();
		if (!reader.ok) return reader;
		const path = toSqlJsonPath(request.path);
		if (!path.ok) return path;
		const id = await this.#historyConnection(request);
		const topicId = id === undefined ? undefined : reader.value.topicId(id, request.topic);
		const span = topicId === undefined ? null : topicSpan(reader.value, topicId);
		const sinceUs = request.sinceUs ?? span?.firstUs ?? 0;
		const untilUs = Math.max(
			sinceUs + 1,
			request.untilUs ?? (span ? span.lastUs + 1 : sinceUs + 1),
		);
		if (topicId === undefined) {
			return ok({
				sinceUs,
				untilUs,
				bucketUs: untilUs - sinceUs,
				buckets: [],
				points: 0,
				skipped: 0,
			});
		}
		const key = `${topicId} ${path.value}`;
		this.#seriesReads.get(key)?.abort();
		const controller = new AbortController();
		this.#seriesReads.set(key, controller);
		const series = await readSeries(
			reader.value,
			{ topicId, path: path.value, sinceUs, untilUs, buckets: request.buckets },
			{ signal: controller.signal },
		);
		if (this.#seriesReads.get(key) === controller) this.#seriesReads.delete(key);
		return series === null
			? err(
					'not-found',
					'This chart was asked for again before it was read: the newer answer follows.',
				)
			: ok(series);
	}

	/** A stored message whole (payload and all), for decoding it or publishing it again. */
	async wholeMessage(id: number): Promise<
		Result<{
			readonly topic: string;
			readonly payload: Uint8Array;
			readonly qos: QoS;
			readonly retain: boolean;
			readonly properties: MessageProperties | undefined;
			readonly timeUs: number;
		}>
	> {
		const reader = await this.reader();
		if (!reader.ok) return reader;
		const row = reader.value.row(id);
		if (row === undefined) return notStored(id);
		const item = reader.value.toItem(row);
		return ok({
			topic: item.topic,
			payload: reader.value.fullPayload(row),
			qos: item.qos,
			retain: item.retain,
			properties: item.properties,
			timeUs: item.timeUs,
		});
	}

	/**
	 * A page of a finished export's file (browser mode downloads it this way). Only names the
	 * export gave are read, and only from exports/: the renderer never names a path.
	 */
	readExport(
		fileName: string,
		offset: number,
		length: number,
	): Result<{ readonly bytes: Uint8Array; readonly sizeBytes: number; readonly offset: number }> {
		if (!EXPORT_FILE_NAME.test(fileName)) {
			return err('invalid-request', `"${fileName}" is not the name of a history export.`);
		}
		const path = join(this.#options.dataDir, 'exports', fileName);
		let fd: number;
		try {
			fd = openSync(path, 'r');
		} catch {
			return err('not-found', `The export ${fileName} is not there any more: export again.`);
		}
		try {
			const sizeBytes = statSync(path).size;
			const bytes = new Uint8Array(Math.max(0, Math.min(length, sizeBytes - offset)));
			let read = 0;
			while (read < bytes.length) {
				const n = readSync(fd, bytes, read, bytes.length - read, offset + read);
				if (n === 0) break;
				read += n;
			}
			return ok({ bytes: bytes.subarray(0, read), sizeBytes, offset });
		} finally {
			closeSync(fd);
		}
	}

	async message(id: number): Promise<Result<HistoryItem>> {
		const reader = await this.reader();
		if (!reader.ok) return reader;
		const item = reader.value.message(id, MAX_PREVIEW_BYTES);
		return item === undefined ? notStored(id) : ok(item);
	}

	async payload(
		id: number,
		offset: number,
		length: number,
	): Promise<
		Result<{ readonly bytes: Uint8Array; readonly sizeBytes: number; readonly offset: number }>
	> {
		const reader = await this.reader();
		if (!reader.ok) return reader;
		const slice = reader.value.payloadSlice(id, offset, length);
		return slice === undefined ? notStored(id) : ok({ ...slice, offset });
	}

	async searchStart(
		query: HistorySearchQuery,
		limit: number,
		previewBytes = 1024,
	): Promise<Result<{ readonly searchId: string; readonly page: HistorySearchPage }>> {
		const reader = await this.reader();
		if (!reader.ok) return reader;
		const search = new HistorySearch(reader.value, query);
		const searchId = randomUUID();
		// Searches are cheap to keep, but a client that never cancels must not grow this forever.
		if (this.#searches.size >= MAX_SEARCHES) {
			const oldest = this.#searches.keys().next().value;
			if (oldest !== undefined) this.#searches.delete(oldest);
		}
		this.#searches.set(searchId, search);
		return ok({ searchId, page: this.#searchPage(search, null, limit, previewBytes) });
	}

	searchMore(
		searchId: string,
		beforeId: number,
		limit: number,
		previewBytes = 1024,
	): Result<HistorySearchPage> {
		const search = this.#searches.get(searchId);
		if (search === undefined) {
			return err('not-found', 'This search was cancelled or replaced by newer ones: search again.');
		}
		return ok(this.#searchPage(search, beforeId, limit, previewBytes));
	}

	searchCancel(searchId: string): Result<null> {
		this.#searches.delete(searchId);
		return ok(null);
	}

	#searchPage(
		search: HistorySearch,
		beforeId: number | null,
		limit: number,
		previewBytes: number,
	): HistorySearchPage {
		return search.page(beforeId, {
			limit,
			maxScan: SEARCH_MAX_SCAN,
			previewBytes,
			indexedUpTo: this.recorder.stats.indexedUpTo,
		});
	}

	setRetention(policy: RetentionPolicy): Result<RetentionPolicy> {
		this.recorder.setRetention(policy);
		return ok(policy);
	}

	/** Starts an export into the data folder's exports/; follow it with the job stream. */
	async startExport(selection: Selection, format: ExportFormat): Promise<Result<JobHandle>> {
		const reader = await this.reader();
		if (!reader.ok) return reader;
		const dir = join(this.#options.dataDir, 'exports');
		mkdirSync(dir, { recursive: true });
		const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
		const fileName = `history-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}`;
		const job = this.jobs.start('export', async (handle) => {
			handle.update({ fileName });
			const out = createWriteStream(join(dir, fileName));
			const result = await exportHistory(reader.value, selection, format, out, {
				signal: handle.controller.signal,
				onProgress: ({ rows, bytes }) => handle.update({ done: rows, bytes }),
			});
			await new Promise<void>((resolve, reject) =>
				out.end((error?: Error | null) => (error ? reject(error) : resolve())),
			);
			handle.update({
				state: result.isCancelled ? 'cancelled' : 'done',
				done: result.rows,
				bytes: result.bytes,
				message: `${result.rows} messages written to ${join(dir, fileName)}`,
			});
		});
		return ok(job);
	}

	/** Imports NDJSON text (an upload) as connections of its own. */
	async startImport(text: string, label: string): Promise<Result<JobHandle>> {
		const ready = await this.recorder.ready;
		if (!ready.ok) return ready;
		if (this.#importWriter === null) {
			const db = openHistoryDb(this.path, {
				...(this.#options.nativeBinding ? { nativeBinding: this.#options.nativeBinding } : {}),
			});
			if (!db.ok) return db;
			this.#importDb = db.value;
			this.#importWriter = new HistoryWriter(db.value);
		}
		const writer = this.#importWriter;
		const job = this.jobs.start('import', async (handle) => {
			const result = await importNdjson(writer, text.split(/\r?\n/), {
				label,
				onProgress: (rows) => handle.update({ done: rows }),
			});
			if (result.ok) {
				handle.update({
					state: 'done',
					done: result.value.rows,
					message: `${result.value.rows} messages imported.`,
				});
			} else {
				handle.update({ state: 'failed', message: result.error.message });
			}
		});
		return ok(job);
	}

	/**
	 * Saves a stored payload's exact bytes where the user says (the Electron shell's dialog, through
	 * `saveFile`); without one (browser mode) the renderer downloads it, reading `history:payload`
	 * page by page, as it does for a topic's payload.
	 */
	async savePayload(
		id: number,
		saveFile:
			| ((suggestedName: string, bytes: Uint8Array) => Promise<Result<'saved' | 'cancelled'>>)
			| undefined,
	): Promise<
		Result<{
			readonly outcome: 'saved' | 'cancelled' | 'download';
			readonly fileName: string;
			readonly sizeBytes: number;
		}>
	> {
		const reader = await this.reader();
		if (!reader.ok) return reader;
		const row = reader.value.row(id);
		if (row === undefined) return notStored(id);
		const topic = reader.value.topic(row.topic_id)?.name ?? 'payload';
		const fileName = payloadFileName(topic, row.payload);
		if (saveFile === undefined) return ok({ outcome: 'download', fileName, sizeBytes: row.size });
		const saved = await saveFile(fileName, reader.value.fullPayload(row));
		return saved.ok ? ok({ outcome: saved.value, fileName, sizeBytes: row.size }) : saved;
	}

	/** Replays a selection through a live connection (what it sends is stored as outgoing). */
	async startReplay(
		selection: Selection,
		connection: Publisher,
		options: {
			readonly speed: number | 'max';
			readonly rewrite?: { readonly from: string; readonly to: string };
			readonly stripRetain: boolean;
			readonly dryRun: boolean;
		},
	): Promise<Result<JobHandle>> {
		const reader = await this.reader();
		if (!reader.ok) return reader;
		const job = this.jobs.start('replay', async (handle) => {
			const target: ReplayTarget = options.dryRun
				? { publish: () => Promise.resolve(ok(null)) }
				: connectionTarget(connection);
			const result = await replay(reader.value, selection, target, {
				speed: options.speed,
				isTimed: !options.dryRun,
				...(options.rewrite ? { rewrite: options.rewrite } : {}),
				stripRetain: options.stripRetain,
				signal: handle.controller.signal,
				onProgress: (sent) => handle.update({ done: sent }),
			});
			if (!result.ok) {
				handle.update({ state: 'failed', message: result.error.message });
				return;
			}
			const { sent, skipped, isStopped } = result.value;
			handle.update({
				state: isStopped ? 'cancelled' : 'done',
				done: sent,
				message: `${sent} ${sent === 1 ? 'message' : 'messages'} ${options.dryRun ? 'would be sent' : 'sent'}${skipped > 0 ? `, ${skipped} skipped (invalid rewritten topic)` : ''}.`,
			});
		});
		return ok(job);
	}

	cancelJob(jobId: string): Result<null> {
		const job = this.jobs.get(jobId);
		if (job === undefined) return err('not-found', 'There is no such history job.');
		job.controller.abort();
		return ok(null);
	}

	async close(): Promise<void> {
		this.jobs.cancelAll();
		for (const read of this.#seriesReads.values()) read.abort();
		await this.recorder.close();
		if (this.#reader?.ok) this.#reader.value.db.close();
		this.#importDb?.close();
		this.#importDb = null;
		this.#importWriter = null;
	}
}

function notStored(id: number): Result<never> {
	return err('not-found', `Message ${id} is not in the history (retention may have removed it).`);
}
