/**
 * Long history tasks (export, import, replay) as jobs: started by a request, followed through the
 * `history:job` stream, stopped by `history:job-cancel`.
 */
import { randomUUID } from 'node:crypto';
import type { HistoryJob } from '../../shared/model/history-job';
import type { StreamView } from '../core/stream-view';

type Listener = () => void;

export class JobHandle {
	readonly controller = new AbortController();
	#state: HistoryJob;
	#version = 0;
	readonly #listeners = new Set<Listener>();

	constructor(initial: HistoryJob) {
		this.#state = initial;
	}

	get state(): HistoryJob {
		return this.#state;
	}

	get version(): number {
		return this.#version;
	}

	update(change: Partial<HistoryJob>): void {
		this.#state = { ...this.#state, ...change } as HistoryJob;
		this.#version++;
		for (const listener of this.#listeners) listener();
	}

	listen(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}
}

export class Jobs {
	readonly #jobs = new Map<string, JobHandle>();

	start(kind: HistoryJob['kind'], run: (job: JobHandle) => Promise<void>): JobHandle {
		const id = randomUUID();
		const job = new JobHandle({ id, kind, state: 'running', done: 0, total: null, message: '' });
		this.#jobs.set(id, job);
		run(job).catch((error: unknown) => {
			job.update({
				state: 'failed',
				message: error instanceof Error ? error.message : String(error),
			});
		});
		return job;
	}

	get(id: string): JobHandle | undefined {
		return this.#jobs.get(id);
	}

	cancelAll(): void {
		for (const job of this.#jobs.values()) job.controller.abort();
	}
}

/** The `history:job` stream: the job's state whenever it changed since the last flush. */
export class JobView implements StreamView<HistoryJob, unknown> {
	#sent = -1;
	constructor(readonly job: JobHandle) {}

	snapshot(): HistoryJob {
		this.#sent = this.job.version;
		return this.job.state;
	}

	poll(): HistoryJob | null {
		if (this.job.version === this.#sent) return null;
		return this.snapshot();
	}
}
