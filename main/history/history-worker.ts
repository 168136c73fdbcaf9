/**
 * The history writer thread: opens the database, writes each batch the recorder posts in one
 * transaction, and between batches fills the full-text index and prunes by retention, each in
 * small chunks. Entry point of its own bundle (dist/main/history-worker.cjs, see
 * scripts/build-main.mjs); under vitest and tsx it runs from source (main/core/worker-entry.ts).
 */
import { parentPort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { NO_RETENTION, type RetentionPolicy } from '../../shared/model/history';
import { FtsIndexer } from './fts-indexer';
import { openHistoryDb } from './history-db';
import { HistoryWriter } from './history-writer';
import { loadRetention, Pruner, saveRetention } from './retention';
import type { FromWorker, ToWorker } from './worker-protocol';

const port = parentPort;
if (port === null) throw new Error('history-worker.ts runs as a worker thread');

/** Rows indexed per step; a step runs between batches and takes a few milliseconds. */
const INDEX_STEP_ROWS = 500;
/** Indexing time per tick while batches keep coming, and when ingest is quiet. */
const INDEX_BUSY_MS = 4;
const INDEX_IDLE_MS = 25;
/** Ingest counts as busy this long after a batch. */
const BUSY_AFTER_BATCH_MS = 250;
let lastBatchAt = 0;
const PRUNE_STEP_ROWS = 1000;

let db: Database.Database | null = null;
let writer: HistoryWriter | null = null;
let indexer: FtsIndexer | null = null;
let pruner: Pruner | null = null;
let policy: RetentionPolicy = NO_RETENTION;
const timers: NodeJS.Timeout[] = [];

function post(message: FromWorker): void {
	port?.postMessage(message);
}

function open(message: Extract<ToWorker, { type: 'open' }>): void {
	const opened = openHistoryDb(message.path, {
		...(message.nativeBinding ? { nativeBinding: message.nativeBinding } : {}),
	});
	if (!opened.ok) {
		post({ type: 'open-failed', message: opened.error.message, code: opened.error.code });
		return;
	}
	db = opened.value;
	writer = new HistoryWriter(db);
	indexer = new FtsIndexer(db);
	pruner = new Pruner(db);
	policy = loadRetention(db) ?? message.retention;
	timers.push(setInterval(guarded(indexStep), message.indexIntervalMs));
	timers.push(setInterval(guarded(pruneStep), message.pruneIntervalMs));
	post({ type: 'opened', retention: policy });
}

/** Runs a background step; a failure (a busy file, a full disk) is reported and retried next tick. */
function guarded(step: () => void): () => void {
	return () => {
		try {
			step();
		} catch (error) {
			post({ type: 'problem', message: error instanceof Error ? error.message : String(error) });
		}
	};
}

function indexStep(): void {
	if (indexer === null) return;
	let indexed = 0;
	// While messages pour in, the index takes a small share of the thread (the cores are shared
	// with the broker and the app); it catches up when ingest quiets down. Searches scan what it
	// has not reached, so results never depend on it.
	const isBusy = Date.now() - lastBatchAt < BUSY_AFTER_BATCH_MS;
	const deadline = Date.now() + (isBusy ? INDEX_BUSY_MS : INDEX_IDLE_MS);
	// A few steps per tick while behind, bounded in time so batches never wait long.
	while (Date.now() < deadline) {
		const count = indexer.indexSome(INDEX_STEP_ROWS);
		indexed += count;
		if (count < INDEX_STEP_ROWS) break;
	}
	if (indexed > 0) post({ type: 'indexed', indexedUpTo: indexer.indexedUpTo });
}

function pruneStep(): void {
	if (pruner === null) return;
	const deleted = pruner.pruneSome(policy, Date.now() * 1000, PRUNE_STEP_ROWS);
	if (deleted > 0) post({ type: 'pruned', deleted });
}

function write(message: Extract<ToWorker, { type: 'batch' }>): void {
	const { messages, payloadBytes } = message;
	if (writer === null || indexer === null) {
		post({ type: 'write-failed', messages, payloadBytes, message: 'The history is not open.' });
		return;
	}
	lastBatchAt = Date.now();
	try {
		writer.writeBatch(message.buffer, message.byteLength);
		post({
			type: 'written',
			messages,
			payloadBytes,
			lastId: writer.lastId,
			indexedUpTo: indexer.indexedUpTo,
		});
	} catch (error) {
		// A full disk or a damaged file: count the batch as lost (the recorder shows it) and go on.
		post({
			type: 'write-failed',
			messages,
			payloadBytes,
			message: error instanceof Error ? error.message : String(error),
		});
	}
}

function close(): void {
	for (const timer of timers) clearInterval(timer);
	if (db !== null) {
		// Fold the WAL into the main file so the file alone is the whole history.
		db.pragma('wal_checkpoint(TRUNCATE)');
		db.close();
	}
	db = null;
	writer = null;
	post({ type: 'closed' });
}

port.on('message', (message: ToWorker) => {
	switch (message.type) {
		case 'open':
			open(message);
			break;
		case 'batch':
			write(message);
			break;
		case 'retention':
			policy = message.policy;
			if (db !== null) saveRetention(db, policy);
			break;
		case 'close':
			close();
			break;
	}
});
