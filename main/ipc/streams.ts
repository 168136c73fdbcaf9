/**
 * Main's side of every stream. A handler emits a full snapshot first, then registers a poller on
 * the flush ticker that emits coalesced changes; it returns the function that stops it.
 */
import type { ParamsOf, StreamChannel, StreamMessages } from '../../shared/ipc/contract';
import type { Result } from '../../shared/result';
import { MAX_PREVIEW_BYTES, type MessageView } from '../../shared/model/message';
import type { Core } from '../core/core';
import { TreeView } from '../topics/tree-view';
import type { TopicNode } from '../topics/topic-tree';

/** How often a frames view is refreshed without news, so overdue acks get flagged. */
const ACK_RECHECK_MS = 1_000;

export type StreamHandlers = {
	readonly [S in StreamChannel]: (
		params: ParamsOf<S>,
		core: Core,
		emit: (data: StreamMessages[S]) => void,
	) => Result<() => void>;
};

function messageView(node: TopicNode): MessageView | null {
	const last = node.last;
	if (last === null) return null;
	const truncated = last.payload.length > MAX_PREVIEW_BYTES;
	return {
		topic: node.path,
		payloadPreview: truncated ? last.payload.slice(0, MAX_PREVIEW_BYTES) : last.payload,
		sizeBytes: last.payload.length,
		truncated,
		qos: last.qos,
		retain: last.retain,
		receivedAt: last.receivedAt,
		messageCount: node.messageCount,
	};
}

function unknownConnection(connectionId: string): Result<never> {
	return {
		ok: false,
		error: {
			code: 'not-found',
			message: `No connection with id ${connectionId}: it may have been closed.`,
		},
	};
}

export const streamHandlers = {
	'connections:state': (_params, core, emit) => {
		emit({ connections: core.connections.list() });
		let isDirty = false;
		const stopListening = core.connections.onChange(() => {
			isDirty = true;
		});
		let lastCounts = '';
		const stopPolling = core.ticker.add(() => {
			// Counters change with every message: send them at flush pace, not per message.
			const list = core.connections.list();
			const counts = list.map((c) => `${c.messageCount}/${c.topicCount}`).join(',');
			if (!isDirty && counts === lastCounts) return;
			isDirty = false;
			lastCounts = counts;
			emit({ connections: list });
		});
		return {
			ok: true,
			value: () => {
				stopListening();
				stopPolling();
			},
		};
	},
	'tree:patch': (params, core, emit) => {
		const connection = core.connections.get(params.connectionId);
		if (!connection) return unknownConnection(params.connectionId);
		const view = new TreeView(connection.tree, params);
		emit(view.snapshot());
		const stop = core.ticker.add(() => {
			const patch = view.poll();
			if (patch) emit(patch);
		});
		return { ok: true, value: stop };
	},
	'topic:message': ({ connectionId, topic }, core, emit) => {
		const connection = core.connections.get(connectionId);
		if (!connection) return unknownConnection(connectionId);
		const tree = connection.tree;
		let node = tree.find(topic);
		let sentVersion = node?.messageVersion ?? 0;
		emit({ message: node ? messageView(node) : null });
		const stop = core.ticker.add(() => {
			node ??= tree.find(topic);
			if (node === null || node.messageVersion === sentVersion) return;
			sentVersion = node.messageVersion;
			emit({ message: messageView(node) });
		});
		return { ok: true, value: stop };
	},
	'frames:window': (params, core, emit) => {
		const log = core.frames.get(params.connectionId);
		if (!log) return unknownConnection(params.connectionId);
		const filter = params.filter;
		const send = (): void => {
			const offset = params.follow
				? Math.max(0, log.window(0, 0, filter).totalMatching - params.limit)
				: params.offset;
			emit({
				...log.window(offset, params.limit, filter),
				totalCount: log.totalCount,
				evictedCount: log.evictedCount,
				capacity: log.capacity,
				capabilities: log.capabilities() ?? null,
			});
		};
		send();
		let sentVersion = log.version;
		let sentAt = Date.now();
		const stop = core.ticker.add(() => {
			const now = Date.now();
			// Also once a second without news: an ack that is now overdue changes a row's flags.
			if (log.version === sentVersion && now - sentAt < ACK_RECHECK_MS) return;
			sentVersion = log.version;
			sentAt = now;
			send();
		});
		return { ok: true, value: stop };
	},
} satisfies StreamHandlers;
