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
	return messageViewOf(node.tree, node.id);
}

/** Node `id`'s last message as the renderer gets it (a preview of at most 64 KB), or null. */
export function messageViewOf(tree: TopicTree, id: number): MessageView | null {
	if (!tree.hasMessage(id)) return null;
	const payload = tree.payloadView(id);
	const truncated = payload.length > MAX_PREVIEW_BYTES;
	const timeUs = tree.timeUsOf(id);
	return {
		topic: tree.pathOf(id),
		// A copy: the view is the tree's slot, which the next message overwrites.
		payloadPreview: payload.slice(0, MAX_PREVIEW_BYTES),
		sizeBytes: payload.length,
		truncated,
		qos: tree.qosOf(id),
		retain: tree.isRetained(id),
		receivedAt: Math.floor(timeUs / 1000),
		receivedAtUs: timeUs,
		messageCount: tree.messageCountOf(id),
		properties: tree.lastMessageProperties(id),
	};
}

export class TopicMessageView implements StreamView<TopicMessage, never> {
	#id = -1;
	#generation = -1;
	#sentVersion = -1;

	constructor(
		readonly tree: TopicTree,
		readonly topic: string,
	) {}

	snapshot(): TopicMessage {
		const id = this.#find();
		this.#sentVersion = id < 0 ? 0 : this.tree.messageVersionOf(id);
		return { message: id < 0 ? null : messageViewOf(this.tree, id) };
	}

	poll(): TopicMessage | null {
		const id = this.#find();
		if (id < 0) return null;
		const version = this.tree.messageVersionOf(id);
		if (version === this.#sentVersion) return null;
		this.#sentVersion = version;
		return { message: messageViewOf(this.tree, id) };
	}

	/** The topic's node id, looked up again after the tree was cleared (ids are reused). */
	#find(): number {
		if (this.#id < 0 || this.#generation !== this.tree.generation) {
			this.#id = this.tree.idOf(this.topic);
			this.#generation = this.tree.generation;
		}
		return this.#id;
	}
}
