/**
 * The retained view of one connection: a window of the sorted topics at or below a prefix, and
 * the clears that can be undone. Sent again when the index or the snapshots change, at most once
 * per flush.
 */
import type { RetainedListView, RetainedRow } from '../../shared/model/retained';
import type { StreamView } from '../core/stream-view';
import { previewText } from '../topics/preview';
import type { RetainedManager } from './retained-manager';

export interface RetainedWindowParams {
	readonly below: string;
	readonly offset: number;
	readonly limit: number;
}

export class RetainedStreamView implements StreamView<RetainedListView, RetainedWindowParams> {
	#params: RetainedWindowParams;
	#sentIndexVersion = -1;
	#sentSnapshotsVersion = -1;

	constructor(
		readonly manager: RetainedManager,
		params: RetainedWindowParams,
	) {
		this.#params = params;
	}

	snapshot(): RetainedListView {
		const { index } = this.manager;
		this.#sentIndexVersion = index.version;
		this.#sentSnapshotsVersion = this.manager.snapshotsVersion;
		const { below, offset, limit } = this.#params;
		const { total, entries } = index.window(below, offset, limit);
		const rows: RetainedRow[] = entries.map(({ topic, message }) => ({
			topic,
			sizeBytes: message.payload.length,
			preview: previewText(message.payload, 80),
			qos: message.qos,
			receivedAt: Math.floor(message.timeUs / 1000),
		}));
		return {
			below,
			totalMatching: total,
			totalCount: index.size,
			offset,
			rows,
			snapshots: this.manager.snapshots(),
		};
	}

	poll(): RetainedListView | null {
		const isSame =
			this.manager.index.version === this.#sentIndexVersion &&
			this.manager.snapshotsVersion === this.#sentSnapshotsVersion;
		return isSame ? null : this.snapshot();
	}

	update(params: RetainedWindowParams): RetainedListView {
		this.#params = params;
		return this.snapshot();
	}
}
