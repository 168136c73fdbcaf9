/**
 * One long history task (export, import, replay) followed on the `history:job` stream until it
 * ends, with a stop button (`history:job-cancel`).
 */
import type { HistoryJob } from '../../../shared/model/history-job';
import type { AppError } from '../../../shared/result';
import { api } from '../../lib/api';

export class JobState {
	job = $state.raw<HistoryJob | null>(null);
	error = $state.raw<AppError | null>(null);
	#close: (() => void) | null = null;
	#onEnd: ((job: HistoryJob) => void) | null = null;

	get isRunning(): boolean {
		return this.job?.state === 'running';
	}

	/** Follows a job just started; `onEnd` hears how it ended. */
	follow(jobId: string, onEnd?: (job: HistoryJob) => void): void {
		this.#close?.();
		this.job = null;
		this.error = null;
		this.#onEnd = onEnd ?? null;
		// Streams are a side channel the job's owner ends: closed when the job ends.
		this.#close = api.subscribe(
			'history:job',
			{ jobId },
			(job) => {
				this.job = job;
				if (job.state !== 'running') {
					this.#close?.();
					this.#close = null;
					this.#onEnd?.(job);
				}
			},
			(error) => {
				this.error = error;
			},
		);
	}

	/** Answers a failed start as this job's error. */
	failed(error: AppError): void {
		this.#close?.();
		this.#close = null;
		this.job = null;
		this.error = error;
	}

	async stop(): Promise<void> {
		const job = this.job;
		if (job === null || job.state !== 'running') return;
		const stopped = await api.invoke('history:job-cancel', { jobId: job.id });
		if (!stopped.ok) this.error = stopped.error;
	}
}
