/**
 * A connection's message and topic counters for the screen reader's activity summary: sent when
 * they changed, at most every `minIntervalMs` (the renderer announces even less often), so a
 * firehose costs one small message every two seconds.
 */
import type { ActivitySample } from '../../shared/model/desktop';
import type { StreamView } from '../core/stream-view';
import type { TopicTree } from '../topics/topic-tree';

export class ActivityView implements StreamView<ActivitySample, never> {
	#sent: ActivitySample | null = null;

	constructor(
		readonly tree: TopicTree,
		readonly minIntervalMs = 2_000,
		readonly now: () => number = Date.now,
	) {}

	snapshot(): ActivitySample {
		const sample = {
			totalMessages: this.tree.root.totalMessages,
			topicCount: this.tree.topicCount,
			atMs: this.now(),
		};
		this.#sent = sample;
		return sample;
	}

	poll(): ActivitySample | null {
		const sent = this.#sent;
		if (sent !== null && this.now() - sent.atMs < this.minIntervalMs) return null;
		if (
			sent !== null &&
			sent.totalMessages === this.tree.root.totalMessages &&
			sent.topicCount === this.tree.topicCount
		) {
			return null;
		}
		return this.snapshot();
	}
}
