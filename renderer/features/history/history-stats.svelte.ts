/**
 * The history writer's counters (written, backlog, shed, failed) from the `history:stats` stream,
 * while something on screen reads them: the settings show them, lists refresh when `written` moves.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { HistoryStats } from '../../../shared/ipc/contract';
import type { AppError } from '../../../shared/result';
import { api } from '../../lib/api';

export class HistoryStatsState {
	#stats = $state.raw<HistoryStats | null>(null);
	#error = $state.raw<AppError | null>(null);
	#listen = createSubscriber(() =>
		api.subscribe(
			'history:stats',
			{},
			(stats) => {
				this.#stats = stats;
				this.#error = null;
			},
			(error) => {
				this.#error = error;
			},
		),
	);

	/** Null until main's first answer. */
	get stats(): HistoryStats | null {
		this.#listen();
		return this.#stats;
	}

	/** Why there are no counters (history is off), if so. */
	get error(): AppError | null {
		this.#listen();
		return this.#error;
	}
}
