/** The `history:stats` stream: the writer's counters whenever one changed since the last flush. */
import type { HistoryStats } from '../../shared/ipc/contract';
import type { StreamView } from '../core/stream-view';
import type { HistoryRecorder } from './recorder';

export class HistoryStatsView implements StreamView<HistoryStats, unknown> {
	#last = '';
	constructor(readonly recorder: HistoryRecorder) {}

	snapshot(): HistoryStats {
		const { written, backlogMessages, backlogBytes, shed, failed } = this.recorder.stats;
		const stats = { written, backlogMessages, backlogBytes, shed, failed };
		this.#last = JSON.stringify(stats);
		return stats;
	}

	poll(): HistoryStats | null {
		const { written, backlogMessages, backlogBytes, shed, failed } = this.recorder.stats;
		const key = JSON.stringify({ written, backlogMessages, backlogBytes, shed, failed });
		return key === this.#last ? null : this.snapshot();
	}
}
