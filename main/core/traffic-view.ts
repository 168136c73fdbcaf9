/**
 * The status bar of a connection: messages and payload bytes per second received, and what the
 * window showing it cost (patches coalesced while it was behind, patches shed, frames evicted).
 *
 * Reads counters the tree, the frame log and the transport keep anyway; sends at most once a
 * second, and only when a figure changed.
 */
import type { TrafficStats } from '../../shared/model/traffic';
import type { FrameLog } from '../frames/frame-log';
import type { ReceiverCounters } from '../ipc/receiver';
import type { TopicTree } from '../topics/topic-tree';
import type { StreamView } from './stream-view';

export const TRAFFIC_INTERVAL_MS = 1_000;

const NO_RECEIVER: ReceiverCounters = {
	coalescedTicks: 0,
	shedMessages: 0,
	sentMessages: 0,
	sentBytes: 0,
};

export class TrafficView implements StreamView<TrafficStats, never> {
	#atMs: number;
	#messages: number;
	#bytes: number;
	#sent: TrafficStats | null = null;

	constructor(
		readonly tree: TopicTree,
		readonly frames: FrameLog | undefined,
		readonly receiver: ReceiverCounters = NO_RECEIVER,
		readonly nowMs: () => number = () => performance.now(),
	) {
		this.#atMs = nowMs();
		this.#messages = tree.root.totalMessages;
		this.#bytes = tree.payloadBytes;
	}

	snapshot(): TrafficStats {
		this.#sent = this.#figures(0, 0);
		return this.#sent;
	}

	poll(): TrafficStats | null {
		const now = this.nowMs();
		const elapsedMs = now - this.#atMs;
		if (elapsedMs < TRAFFIC_INTERVAL_MS) return null;
		const messages = this.tree.root.totalMessages;
		const bytes = this.tree.payloadBytes;
		const perSecond = (count: number): number => Math.round((count / elapsedMs) * 1000);
		const figures = this.#figures(
			perSecond(Math.max(0, messages - this.#messages)),
			perSecond(Math.max(0, bytes - this.#bytes)),
		);
		this.#atMs = now;
		this.#messages = messages;
		this.#bytes = bytes;
		if (this.#sent !== null && sameFigures(this.#sent, figures)) return null;
		this.#sent = figures;
		return figures;
	}

	#figures(messagesPerSecond: number, bytesPerSecond: number): TrafficStats {
		return {
			messagesPerSecond,
			bytesPerSecond,
			totalMessages: this.tree.root.totalMessages,
			totalBytes: this.tree.payloadBytes,
			patchesCoalesced: this.receiver.coalescedTicks,
			patchesShed: this.receiver.shedMessages,
			framesEvicted: this.frames?.evictedCount ?? 0,
		};
	}
}

function sameFigures(a: TrafficStats, b: TrafficStats): boolean {
	return (
		a.messagesPerSecond === b.messagesPerSecond &&
		a.bytesPerSecond === b.bytesPerSecond &&
		a.totalMessages === b.totalMessages &&
		a.patchesCoalesced === b.patchesCoalesced &&
		a.patchesShed === b.patchesShed &&
		a.framesEvicted === b.framesEvicted
	);
}
