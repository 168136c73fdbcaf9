/**
 * Every topic seen with a retained message on one connection, with that message: a listener on
 * the message path beside the topic tree.
 *
 * A message counts as retained when it arrives with the RETAIN flag (a retained message sent on
 * subscribing, or a live one under Retain As Published) or when we publish it with the flag. A
 * zero-byte retained message removes the topic: that is how a broker is told to forget it. A live
 * message without the flag changes nothing: the broker keeps its retained one. On MQTT 3.1.1 live
 * messages never carry the flag, so a retained value replaced while we watch shows as it was when
 * we subscribed (the view says "seen", not "held by the broker").
 *
 * Received messages are the tree's last message as `tree.find(topic).last` gives it: the tree
 * rewrites small payloads in place, so that is a copy of those (up to 64 KB each); larger ones
 * are the tree's own array, shared.
 */
import type { MqttMessage } from '../../shared/model/message';
import type { StoredMessage, TopicTree } from '../topics/topic-tree';

export interface RetainedEntry {
	readonly topic: string;
	readonly message: StoredMessage;
}

/** Whether `topic` is `below` or under it ('' is above every topic). */
export function isAtOrBelow(topic: string, below: string): boolean {
	if (below === '') return true;
	return topic === below || (topic.startsWith(below) && topic.charCodeAt(below.length) === 0x2f);
}

export class RetainedIndex {
	readonly #entries = new Map<string, StoredMessage>();
	#sorted: string[] | null = null;
	/** Bumped on every change a view would show. */
	version = 0;

	constructor(readonly tree: TopicTree) {}

	/** The message path's listener: call after the tree has ingested the message. */
	ingest(message: MqttMessage): void {
		if (!message.retain) return;
		if (message.payload.length === 0) {
			this.delete(message.topic);
			return;
		}
		const stored = message.direction === 'in' ? this.tree.find(message.topic)?.last : undefined;
		this.set(
			message.topic,
			stored ?? {
				payload: message.payload.slice(),
				qos: message.qos,
				retain: true,
				timeUs: message.timeUs,
				properties: message.properties,
			},
		);
	}

	set(topic: string, message: StoredMessage): void {
		if (!this.#entries.has(topic)) this.#sorted = null;
		this.#entries.set(topic, message);
		this.version += 1;
	}

	delete(topic: string): void {
		if (!this.#entries.delete(topic)) return;
		this.#sorted = null;
		this.version += 1;
	}

	get(topic: string): StoredMessage | undefined {
		return this.#entries.get(topic);
	}

	get size(): number {
		return this.#entries.size;
	}

	/** Topics at or below `below`, sorted. */
	topicsBelow(below: string): string[] {
		const sorted = this.#sortedTopics();
		if (below === '') return sorted;
		// Sorted by code unit, the subtree is one run starting at `below` itself.
		const out: string[] = [];
		let index = lowerBound(sorted, below);
		for (; index < sorted.length; index++) {
			const topic = sorted[index] as string;
			if (!topic.startsWith(below)) break;
			if (isAtOrBelow(topic, below)) out.push(topic);
		}
		return out;
	}

	/** Entries of `topicsBelow(below)` from `offset`, at most `limit`. */
	window(
		below: string,
		offset: number,
		limit: number,
	): { total: number; entries: RetainedEntry[] } {
		const topics = this.topicsBelow(below);
		const entries: RetainedEntry[] = [];
		for (const topic of topics.slice(offset, offset + limit)) {
			const message = this.#entries.get(topic);
			if (message !== undefined) entries.push({ topic, message });
		}
		return { total: topics.length, entries };
	}

	#sortedTopics(): string[] {
		// Plain code-unit order: a subtree's topics are then contiguous (see topicsBelow).
		this.#sorted ??= [...this.#entries.keys()].sort();
		return this.#sorted;
	}
}

function lowerBound(sorted: readonly string[], value: string): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if ((sorted[middle] as string) < value) low = middle + 1;
		else high = middle;
	}
	return low;
}
