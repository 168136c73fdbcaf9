/**
 * The broker panel's stream: the model's figures with the ranking the panel asked for, sent when
 * the model changed and at most once a second (the model samples once a second anyway).
 */
import type { BrokerStatsView } from '../../shared/model/broker';
import type { StreamView } from '../core/stream-view';
import { SAMPLE_INTERVAL_MS, type BrokerStats, type RankingParams } from './broker-stats';

export class BrokerStatsStreamView implements StreamView<BrokerStatsView, RankingParams> {
	#params: RankingParams;
	#sentVersion = -1;
	#sentAtMs = 0;
	#sentSilence: number | null = null;

	constructor(
		readonly stats: BrokerStats,
		params: RankingParams,
		readonly nowMs: () => number = () => performance.now(),
	) {
		this.#params = params;
	}

	snapshot(): BrokerStatsView {
		return this.#send();
	}

	poll(): BrokerStatsView | null {
		if (this.nowMs() - this.#sentAtMs < SAMPLE_INTERVAL_MS) return null;
		const silence = this.stats.sysSilentSeconds();
		if (this.stats.version === this.#sentVersion && silence === this.#sentSilence) return null;
		return this.#send();
	}

	update(params: RankingParams): BrokerStatsView {
		this.#params = params;
		return this.#send();
	}

	#send(): BrokerStatsView {
		this.#sentVersion = this.stats.version;
		this.#sentAtMs = this.nowMs();
		this.#sentSilence = this.stats.sysSilentSeconds();
		return this.stats.view(this.#params);
	}
}
