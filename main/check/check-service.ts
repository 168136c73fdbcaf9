/**
 * Broker checks run from the app: `broker:check` starts one for a connection's broker (its
 * address, TLS and credentials stay in main), `broker:check-progress` follows it to its report.
 * One check per connection at a time; the last few finished ones are kept for late readers.
 */
import { randomUUID } from 'node:crypto';
import type { BrokerCheckView, CheckStep } from '../../shared/model/broker-check';
import type { Profile } from '../../shared/model/profile';
import type { StreamView } from '../core/stream-view';
import { createLogger } from '../log/logger';
import { runBrokerCheck } from './broker-check';

const log = createLogger('check');

/** Finished checks kept for a stream opened after they ended. */
const KEPT_FINISHED = 20;

export class CheckRun {
	#view: BrokerCheckView;
	/** Bumped at every change the view would show. */
	version = 0;
	readonly controller = new AbortController();
	/** Settles when the check has ended and cleaned up. */
	done: Promise<void> = Promise.resolve();

	constructor(
		readonly checkId: string,
		readonly connectionId: string,
	) {
		this.#view = { checkId, state: 'running', steps: [], report: null, error: null };
	}

	get view(): BrokerCheckView {
		return this.#view;
	}

	get isRunning(): boolean {
		return this.#view.state === 'running';
	}

	step(step: CheckStep): void {
		const steps = this.#view.steps.filter((s) => s.name !== step.name);
		this.#update({ steps: [...steps, step] });
	}

	finish(change: Pick<BrokerCheckView, 'state' | 'report' | 'error'>): void {
		this.#update(change);
	}

	#update(change: Partial<BrokerCheckView>): void {
		this.#view = { ...this.#view, ...change };
		this.version += 1;
	}
}

export class BrokerChecks {
	readonly #runs = new Map<string, CheckRun>();

	/** Starts a check of `profile`'s broker for a connection, or answers the one running. */
	start(connectionId: string, profile: Profile): CheckRun {
		const running = [...this.#runs.values()].find(
			(run) => run.connectionId === connectionId && run.isRunning,
		);
		if (running !== undefined) return running;
		const run = new CheckRun(randomUUID(), connectionId);
		this.#runs.set(run.checkId, run);
		this.#evictFinished();
		log.info('broker check started', { connectionId, checkId: run.checkId });
		run.done = runBrokerCheck(profile, {
			signal: run.controller.signal,
			onStep: (step) => run.step(step),
		}).then(
			(result) => {
				log.info('broker check ended', { checkId: run.checkId, ok: result.ok });
				run.finish(
					result.ok
						? { state: 'done', report: result.value, error: null }
						: { state: 'failed', report: null, error: result.error },
				);
			},
			(error: unknown) => {
				// A bug in a probe: logged once, and the card says the check failed.
				log.error('broker check threw', { checkId: run.checkId, error });
				run.finish({
					state: 'failed',
					report: null,
					error: { code: 'internal', message: 'The broker check hit a bug; it has been logged.' },
				});
			},
		);
		return run;
	}

	get(checkId: string): CheckRun | undefined {
		return this.#runs.get(checkId);
	}

	/** Stops the running checks; resolves once each has cleaned up what it published. */
	async close(): Promise<void> {
		const runs = [...this.#runs.values()];
		for (const run of runs) run.controller.abort();
		await Promise.all(runs.map((run) => run.done));
	}

	#evictFinished(): void {
		const finished = [...this.#runs.values()].filter((run) => !run.isRunning);
		for (const run of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) {
			this.#runs.delete(run.checkId);
		}
	}
}

/** The `broker:check-progress` stream: the view whenever a step or the report changed it. */
export class CheckStreamView implements StreamView<BrokerCheckView, unknown> {
	#seen = -1;

	constructor(readonly run: CheckRun) {}

	snapshot(): BrokerCheckView {
		this.#seen = this.run.version;
		return this.run.view;
	}

	poll(): BrokerCheckView | null {
		if (this.run.version === this.#seen) return null;
		return this.snapshot();
	}
}
