/**
 * The selected topic's last message as a renderer sees it: sent when that topic receives one,
 * never because another topic did.
 */
import { MAX_PREVIEW_BYTES, type MessageView } from '../../shared/model/message';
import type { StreamView } from '../core/stream-view';
import type { TopicNode, TopicTree } from './topic-tree';

export interface TopicMessage {
	readonly message: MessageView | null;
}

export function toMessageView(node: TopicNode): MessageView | null {
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
		receivedAt: Math.floor(last.timeUs / 1000),
		receivedAtUs: last.timeUs,
		messageCount: node.messageCount,
		properties: last.properties,
	};
}

export class TopicMessageView implements StreamView<TopicMessage, never> {
	#node: TopicNode | null;
	#sentVersion: number;

	constructor(
		readonly tree: TopicTree,
		readonly topic: string,
	) {
		this.#node = tree.find(topic);
		this.#sentVersion = -1;
	}

	snapshot(): TopicMessage {
		this.#node ??= this.tree.find(this.topic);
		this.#sentVersion = this.#node?.messageVersion ?? 0;
		return { message: this.#node ? toMessageView(this.#node) : null };
	}

	poll(): TopicMessage | null {
		// A cleared tree drops its nodes: look the topic up again.
		if (this.#node !== null && this.tree.find(this.topic) !== this.#node) this.#node = null;
		this.#node ??= this.tree.find(this.topic);
		const node = this.#node;
		if (node === null || node.messageVersion === this.#sentVersion) return null;
		this.#sentVersion = node.messageVersion;
		return { message: toMessageView(node) };
	}
}
