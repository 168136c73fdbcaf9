/**
 * Decoding on request: small payloads at once in main (a few microseconds to a millisecond),
 * large ones in a worker thread so that main keeps taking messages meanwhile. The settings
 * (bindings, .proto files) are read here and handed to the pipeline with each payload.
 */
import type { Worker } from 'node:worker_threads';
import type { DecodeChoice, DecodedPayload } from '../../shared/decode/decoder';
import type { MessageProperties } from '../../shared/model/message';
import { startWorker } from '../core/worker-entry';
import { createLogger } from '../log/logger';
import type { DecoderSettingsStore } from './decoder-settings';
import type { FromDecodeWorker, ToDecodeWorker } from './decode-worker-protocol';
import { decodePayload, type DecodeInput } from './pipeline';

const log = createLogger('decoders');

/** Payloads from this size on are decoded in the worker thread. */
export const WORKER_THRESHOLD_BYTES = 256 * 1024;

export interface DecodeRequest {
	readonly topic: string;
	readonly payload: Uint8Array;
	readonly properties: MessageProperties | undefined;
	readonly choice: DecodeChoice;
}

interface Pending {
	readonly input: Omit<DecodeInput, 'schemas'>;
	readonly resolve: (result: DecodedPayload) => void;
}

export class DecodeService {
	#worker: Worker | null = null;
	#workerProtoVersion = -1;
	#nextId = 0;
	readonly #pending = new Map<number, Pending>();
	/** How many payloads went to the worker (the tests and the log read it). */
	workerDecodes = 0;

	constructor(
		readonly settings: DecoderSettingsStore,
		readonly options: { readonly workerThresholdBytes?: number } = {},
	) {}

	decode(request: DecodeRequest): Promise<DecodedPayload> {
		const input = { ...request, bindings: this.settings.bindings };
		const threshold = this.options.workerThresholdBytes ?? WORKER_THRESHOLD_BYTES;
		if (request.payload.length < threshold) {
			return Promise.resolve(decodePayload({ ...input, schemas: this.settings.schemas }));
		}
		return this.#inWorker(input);
	}

	#inWorker(input: Omit<DecodeInput, 'schemas'>): Promise<DecodedPayload> {
		const worker = this.#startWorker();
		const id = this.#nextId++;
		const protoVersion = this.settings.protoVersion;
		const message: ToDecodeWorker = {
			id,
			input,
			protoVersion,
			...(protoVersion !== this.#workerProtoVersion
				? { protoSources: this.settings.protoSources() }
				: {}),
		};
		this.#workerProtoVersion = protoVersion;
		this.workerDecodes += 1;
		return new Promise((resolve) => {
			this.#pending.set(id, { input, resolve });
			worker.postMessage(message);
		});
	}

	#startWorker(): Worker {
		if (this.#worker !== null) return this.#worker;
		const worker = startWorker('decoders', 'decode-worker');
		// An idle worker must not keep the process alive.
		worker.unref();
		worker.on('message', (reply: FromDecodeWorker) => {
			const pending = this.#pending.get(reply.id);
			if (pending === undefined) return;
			this.#pending.delete(reply.id);
			if ('result' in reply) {
				pending.resolve(reply.result);
				return;
			}
			log.error('decode worker failed on a payload', { error: reply.error });
			pending.resolve(decodePayload({ ...pending.input, schemas: this.settings.schemas }));
		});
		worker.on('error', (error) => this.#lost(worker, error));
		worker.on('exit', (code) => this.#lost(worker, new Error(`exited with code ${code}`)));
		this.#worker = worker;
		return worker;
	}

	/** The worker died: what it held is decoded here instead, and the next large payload starts a new one. */
	#lost(worker: Worker, error: Error): void {
		if (this.#worker !== worker) return;
		this.#worker = null;
		this.#workerProtoVersion = -1;
		if (this.#pending.size > 0) log.warn('decode worker lost', { error: error.message });
		const pending = [...this.#pending.values()];
		this.#pending.clear();
		for (const item of pending) {
			item.resolve(decodePayload({ ...item.input, schemas: this.settings.schemas }));
		}
	}

	async close(): Promise<void> {
		const worker = this.#worker;
		this.#worker = null;
		if (worker !== null) await worker.terminate();
	}
}
