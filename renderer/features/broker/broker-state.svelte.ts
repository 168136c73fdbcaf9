/**
 * The broker panel of one connection: the live figures streamed from main (`$SYS` tiles, rates,
 * the busiest topics and subtrees), the `$SYS/#` subscription it asks for when opened, and a past
 * time range read from history.
 */
import type { StreamHandle } from '../../../shared/ipc/client';
import type { ParamsOf } from '../../../shared/ipc/contract';
import type { BrokerPast, BrokerStatsView, RankBy, SysWatch } from '../../../shared/model/broker';
import type { AppError } from '../../../shared/result';
import { api } from '../../lib/api';
import { LiveStream } from '../../lib/live-stream.svelte';
import { toLocalInput } from './broker-format';

const HOUR_MS = 3_600_000;

export class BrokerState {
	view = $state.raw<BrokerStatsView | null>(null);
	depth = $state(1);
	rankBy = $state<RankBy>('messages');
	limit = 15;
	/** What main answered when the panel asked for `$SYS`, or why it could not ask. */
	watch = $state.raw<SysWatch | null>(null);
	watchError = $state.raw<AppError | null>(null);
	pastFrom = $state(toLocalInput(Date.now() - HOUR_MS));
	pastTo = $state(toLocalInput(Date.now() + 60_000));
	past = $state.raw<BrokerPast | null>(null);
	pastError = $state<string | null>(null);
	isLoadingPast = $state(false);
	readonly #stream = new LiveStream<'broker:stats'>(
		(params) => this.#open(params),
		() => ({
			connectionId: this.connectionId,
			depth: this.depth,
			rankBy: this.rankBy,
			limit: this.limit,
		}),
	);

	constructor(readonly connectionId: string) {}

	get current(): BrokerStatsView | null {
		this.#stream.track();
		return this.view;
	}

	/** The panel opened: `$SYS/#` is subscribed unless the connection already receives it. */
	async watchSys(): Promise<void> {
		const result = await api.invoke('broker:watch-sys', { connectionId: this.connectionId });
		this.watch = result.ok ? result.value : null;
		this.watchError = result.ok ? null : result.error;
	}

	setDepth(depth: number): void {
		this.depth = depth;
		this.#stream.move();
	}

	setRankBy(rankBy: RankBy): void {
		this.rankBy = rankBy;
		this.#stream.move();
	}

	/** The last hour up to a minute from now: the range offered when the panel opens. */
	offerLastHour(): void {
		if (this.past !== null) return;
		this.pastFrom = toLocalInput(Date.now() - HOUR_MS);
		this.pastTo = toLocalInput(Date.now() + 60_000);
	}

	async loadPast(): Promise<void> {
		// A `datetime-local` value has no offset: Date.parse reads it as local time.
		const fromMs = Date.parse(this.pastFrom);
		const toMs = Date.parse(this.pastTo);
		if (!Number.isFinite(fromMs) || !Number.isFinite(toMs)) {
			this.pastError = 'Give both a start and an end time.';
			return;
		}
		if (fromMs > toMs) {
			this.pastError = 'The start is after the end: swap them.';
			return;
		}
		this.isLoadingPast = true;
		const result = await api.invoke('broker:past', {
			connectionId: this.connectionId,
			fromMs: Math.max(0, Math.floor(fromMs)),
			toMs: Math.floor(toMs),
		});
		this.isLoadingPast = false;
		this.past = result.ok ? result.value : null;
		this.pastError = result.ok ? null : result.error.message;
	}

	#open(params: ParamsOf<'broker:stats'>): StreamHandle<'broker:stats'> {
		return api.open('broker:stats', params, (view) => {
			this.view = view;
		});
	}
}
