/**
 * The main thread's side of history: a bounded queue the message path hands messages to, drained
 * to the writer worker in batches (one transaction per batch there).
 *
 * `enqueue` is the hot path: it packs the message into the current batch (batch-codec.ts) and
 * returns; nothing waits on the disk. The queue is bounded in messages and bytes not yet committed
 * (the backlog); past either bound a message is shed and counted, per source and in total, never
 * silently. A flush timer posts the batch; the worker acknowledges each commit.
 */
import type { Worker } from 'node:worker_threads';
import type { MqttMessage } from '../../shared/model/message';
import { NO_RETENTION, type RetentionPolicy } from '../../shared/model/history';
import { err, ok, type Result } from '../../shared/result';
import { createLogger } from '../log/logger';
import { BatchEncoder, type HistorySource } from './batch-codec';
import type { FromWorker, ToWorker } from './worker-protocol';
import { startWorker } from '../core/worker-entry';

const log = createLogger('history');

export interface RecorderOptions {
	readonly path: string;
	readonly nativeBinding?: string;
	readonly retention?: RetentionPolicy;
	/** Messages handed over and not yet committed before new ones are shed. */
	readonly maxBacklogMessages?: number;
	/** Payload bytes handed over and not yet committed before new ones are shed. */
	readonly maxBacklogBytes?: number;
	readonly flushIntervalMs?: number;
	readonly pruneIntervalMs?: number;
	readonly indexIntervalMs?: number;
}

export interface RecorderStats {
	readonly backlogMessages: number;
	readonly backlogBytes: number;
	readonly shed: number;
	readonly written: number;
	/** Messages in batches the worker could not commit (a full disk…). */
	readonly failed: number;
	readonly lastId: number;
	readonly indexedUpTo: number;
}

/** A source's handle: what a connection's listener calls. */
export interface HistorySink {
	readonly source: HistorySource;
	/** Hands one message over; never blocks. Returns false when it was shed. */
	enqueue(message: MqttMessage): boolean;
	/** Messages of this source shed so far. */
	readonly shed: number;
}

export const DEFAULT_MAX_BACKLOG_MESSAGES = 500_000;
export const DEFAULT_MAX_BACKLOG_BYTES = 256 * 1024 * 1024;

export class HistoryRecorder {
	readonly #worker: Worker;
	readonly #encoder = new BatchEncoder();
	readonly #maxMessages: number;
	readonly #maxBytes: number;
	readonly #flushIntervalMs: number;
	#timer: NodeJS.Timeout | null = null;
	#backlogMessages = 0;
	#backlogBytes = 0;
	#shed = 0;
	#written = 0;
	#failed = 0;
	#lastId = 0;
	#indexedUpTo = 0;
	#retention: RetentionPolicy;
	#isClosed = false;
	readonly #drainWaiters: (() => void)[] = [];
	#onClosed: (() => void) | null = null;
	#onReady: ((result: Result<null>) => void) | null = null;
	/** Why the history is unusable, once it is. */
	#failure: string | null = null;
	/** Called after every commit (the info view refreshes on it). */
	onWritten: (() => void) | null = null;

	private constructor(worker: Worker, options: RecorderOptions) {
		this.#worker = worker;
		this.#maxMessages = options.maxBacklogMessages ?? DEFAULT_MAX_BACKLOG_MESSAGES;
		this.#maxBytes = options.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
		this.#flushIntervalMs = options.flushIntervalMs ?? 25;
		this.#retention = options.retention ?? NO_RETENTION;
		this.ready = new Promise((resolve) => {
			this.#onReady = resolve;
		});
		worker.on('message', (message: FromWorker) => this.#onMessage(message));
		worker.on('error', (error) => {
			log.error('history writer failed', { error });
			this.#failure = `The history writer stopped: ${error.message}`;
			this.#onReady?.(err('internal', this.#failure));
			this.#onClosed?.();
			// Nothing will acknowledge what is queued: count it as failed, release the waiters.
			this.#failed += this.#backlogMessages;
			this.#settle(this.#backlogMessages, this.#backlogBytes);
		});
		const open: ToWorker = {
			type: 'open',
			path: options.path,
			...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
			retention: this.#retention,
			pruneIntervalMs: options.pruneIntervalMs ?? 1000,
			indexIntervalMs: options.indexIntervalMs ?? 100,
		};
		worker.postMessage(open);
	}

	/**
	 * Starts the writer worker on the database at `options.path` (created or migrated). Messages
	 * may be handed over at once: they queue behind the opening. `ready` says whether it opened.
	 */
	static create(options: RecorderOptions): HistoryRecorder {
		return new HistoryRecorder(startWorker('history', 'history-worker'), options);
	}

	/** Starts a recorder and waits for its database to open. */
	static async start(options: RecorderOptions): Promise<Result<HistoryRecorder>> {
		const recorder = HistoryRecorder.create(options);
		const ready = await recorder.ready;
		if (ready.ok) return ok(recorder);
		await recorder.close();
		return ready;
	}

	/** Resolves once the worker opened (or failed to open) the database. */
	readonly ready: Promise<Result<null>>;

	/** Declares where a connection's messages are filed; returns its sink. */
	sink(source: HistorySource): HistorySink {
		const id = this.#encoder.addSource(source);
		let shed = 0;
		const enqueue = (message: MqttMessage): boolean => {
			if (this.#enqueue(id, message)) return true;
			shed++;
			return false;
		};
		return {
			source,
			enqueue,
			get shed() {
				return shed;
			},
		};
	}

	#enqueue(source: number, message: MqttMessage): boolean {
		const size = message.payload.length;
		// Over a bound, shed; one oversized message still goes when nothing else waits.
		if (
			this.#isClosed ||
			this.#backlogMessages >= this.#maxMessages ||
			(this.#backlogBytes + size > this.#maxBytes && this.#backlogMessages > 0)
		) {
			this.#shed++;
			return false;
		}
		this.#encoder.add(source, message);
		this.#backlogMessages++;
		this.#backlogBytes += size;
		if (this.#timer === null) this.#timer = setTimeout(() => this.flush(), this.#flushIntervalMs);
		return true;
	}

	/** Posts what is packed to the worker now (the timer does this every flush interval). */
	flush(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
		for (const batch of this.#encoder.take()) {
			const message: ToWorker = { type: 'batch', ...batch };
			this.#worker.postMessage(message, [batch.buffer]);
		}
	}

	get stats(): RecorderStats {
		return {
			backlogMessages: this.#backlogMessages,
			backlogBytes: this.#backlogBytes,
			shed: this.#shed,
			written: this.#written,
			failed: this.#failed,
			lastId: this.#lastId,
			indexedUpTo: this.#indexedUpTo,
		};
	}

	/** Why nothing can be written, once the database failed to open or the worker stopped. */
	get failure(): string | null {
		return this.#failure;
	}

	get retention(): RetentionPolicy {
		return this.#retention;
	}

	setRetention(policy: RetentionPolicy): void {
		this.#retention = policy;
		const message: ToWorker = { type: 'retention', policy };
		this.#worker.postMessage(message);
	}

	/** Resolves when everything handed over so far is committed (or failed). */
	drain(): Promise<void> {
		this.flush();
		if (this.#backlogMessages === 0) return Promise.resolve();
		return new Promise((resolve) => this.#drainWaiters.push(resolve));
	}

	/** Commits what is queued, checkpoints and closes the file, and stops the worker. */
	async close(): Promise<void> {
		if (this.#isClosed) return;
		await this.drain();
		this.#isClosed = true;
		if (this.#failure === null)
			await new Promise<void>((resolve) => {
				this.#onClosed = resolve;
				const message: ToWorker = { type: 'close' };
				this.#worker.postMessage(message);
			});
		await this.#worker.terminate();
		log.info('history closed', { written: this.#written, shed: this.#shed });
	}

	#onMessage(message: FromWorker): void {
		switch (message.type) {
			case 'written':
				this.#settle(message.messages, message.payloadBytes);
				this.#written += message.messages;
				this.#lastId = message.lastId;
				this.#indexedUpTo = message.indexedUpTo;
				this.onWritten?.();
				break;
			case 'write-failed':
				log.error('history batch not written', {
					messages: message.messages,
					problem: message.message,
				});
				this.#settle(message.messages, message.payloadBytes);
				this.#failed += message.messages;
				break;
			case 'indexed':
				this.#indexedUpTo = message.indexedUpTo;
				break;
			case 'pruned':
				this.onWritten?.();
				break;
			case 'closed':
				this.#onClosed?.();
				break;
			case 'problem':
				log.warn('history background step failed; retrying', { problem: message.message });
				break;
			case 'opened':
				this.#retention = message.retention;
				this.#onReady?.(ok(null));
				break;
			case 'open-failed':
				this.#failure = message.message;
				this.#onReady?.(
					err(message.code === 'not-found' ? 'not-found' : 'invalid-request', message.message),
				);
				break;
		}
	}

	#settle(messages: number, payloadBytes: number): void {
		this.#backlogMessages -= messages;
		this.#backlogBytes -= payloadBytes;
		if (this.#backlogMessages === 0) for (const resolve of this.#drainWaiters.splice(0)) resolve();
	}
}
