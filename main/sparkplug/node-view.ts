/**
 * The metrics table of one Sparkplug edge node, streamed while it is on screen: the whole table
 * when the node changed, at most every `minIntervalMs` (a chatty node must not resend a table of
 * thousands of metrics thirty times a second).
 */
import type { SparkplugNodeView } from '../../shared/model/sparkplug';
import type { StreamView } from '../core/stream-view';
import type { SparkplugState } from './state';

export interface SparkplugNodeMessage {
	readonly node: SparkplugNodeView | null;
}

export class SparkplugNodeStreamView implements StreamView<SparkplugNodeMessage, never> {
	#sentVersion = -2;
	#sentAt = 0;

	constructor(
		readonly state: SparkplugState,
		readonly groupId: string,
		readonly edgeNodeId: string,
		readonly minIntervalMs = 250,
		readonly now: () => number = Date.now,
	) {}

	snapshot(): SparkplugNodeMessage {
		this.#sentVersion = this.state.version(this.groupId, this.edgeNodeId);
		this.#sentAt = this.now();
		return { node: this.state.view(this.groupId, this.edgeNodeId) };
	}

	poll(): SparkplugNodeMessage | null {
		const version = this.state.version(this.groupId, this.edgeNodeId);
		if (version === this.#sentVersion) return null;
		if (this.now() - this.#sentAt < this.minIntervalMs) return null;
		return this.snapshot();
	}
}
