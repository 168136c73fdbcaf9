/**
 * The authoritative topic tree of one connection.
 *
 * Hot path: `ingest` runs once per MQTT message, so it does no sorting, no string building and
 * sends nothing; views read the tree on their own timer. Versions (a counter bumped per change)
 * let a view find what changed without a per-message dirty set.
 */
import type { MessageProperties, MqttMessage } from '../../shared/model/message';
import type { QoS } from '../../shared/mqtt/protocol';

export interface StoredMessage {
	readonly payload: Uint8Array;
	readonly qos: QoS;
	readonly retain: boolean;
	/** Microseconds since the epoch, as the connection stamped it (the frame log's clock). */
	readonly timeUs: number;
	readonly properties: MessageProperties | undefined;
}

export class TopicNode {
	readonly children = new Map<string, TopicNode>();
	/** Children in display order; rebuilt lazily after a child is added. */
	sortedChildren: TopicNode[] | null = null;
	/** Position among its siblings in display order; valid once the parent's order is built. */
	siblingIndex = 0;
	/** Tree structure version of the last child added here (its children's places changed). */
	childrenVersion = 0;
	messageCount = 0;
	totalMessages = 0;
	/** Topics with a message strictly below this node. */
	topicCount = 0;
	last: StoredMessage | null = null;
	/** Tree version of the last change to this node's counters or message. */
	version = 0;
	/** Tree version of the last message on exactly this topic. */
	messageVersion = 0;

	constructor(
		readonly segment: string,
		readonly path: string,
		readonly parent: TopicNode | null,
		readonly depth: number,
	) {}
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

export function sortedChildrenOf(node: TopicNode): readonly TopicNode[] {
	if (node.sortedChildren === null) {
		const sorted = [...node.children.values()].sort((a, b) =>
			collator.compare(a.segment, b.segment),
		);
		// Rows carry their position (aria-posinset): remembering it here makes that a field read.
		sorted.forEach((child, i) => (child.siblingIndex = i));
		node.sortedChildren = sorted;
	}
	return node.sortedChildren;
}

export class TopicTree {
	readonly root = new TopicNode('', '', null, -1);
	/** Bumped on every change; views compare it with what they last sent. */
	version = 0;
	/** Bumped when a node is added anywhere. */
	structureVersion = 0;
	topicCount = 0;

	/**
	 * Topic → node for every topic seen, so a message on a known topic costs one map lookup and a
	 * walk up its ancestors, with no string splitting (the common case under a firehose).
	 */
	readonly #byTopic = new Map<string, TopicNode>();

	/** Records one message. Copies the payload so socket buffers are not pinned by the tree. */
	ingest(message: MqttMessage): void {
		const { topic, payload, qos, retain, properties } = message;
		const version = ++this.version;
		let node = this.#byTopic.get(topic);
		if (node === undefined) {
			node = this.#create(topic);
			this.#byTopic.set(topic, node);
		}
		for (let up: TopicNode | null = node; up !== null; up = up.parent) {
			up.totalMessages += 1;
			up.version = version;
		}
		if (node.messageCount === 0) {
			this.topicCount += 1;
			for (let up = node.parent; up !== null; up = up.parent) up.topicCount += 1;
		}
		node.messageCount += 1;
		node.messageVersion = version;
		node.last = {
			payload: payload.slice(),
			qos,
			retain,
			timeUs: message.timeUs,
			properties,
		};
	}

	/** Creates the nodes of a topic's path that do not exist yet; returns the topic's node. */
	#create(topic: string): TopicNode {
		const levels = topic.split('/');
		let node = this.root;
		for (let i = 0; i < levels.length; i++) {
			const segment = levels[i] as string;
			let child = node.children.get(segment);
			if (child === undefined) {
				child = new TopicNode(segment, i === 0 ? segment : `${node.path}/${segment}`, node, i);
				node.children.set(segment, child);
				node.sortedChildren = null;
				this.structureVersion += 1;
				node.childrenVersion = this.structureVersion;
			}
			node = child;
		}
		return node;
	}

	/** Finds a node by its topic path, or null. */
	find(path: string): TopicNode | null {
		const known = this.#byTopic.get(path);
		if (known !== undefined) return known;
		let node: TopicNode | undefined = this.root;
		for (const segment of path.split('/')) {
			node = node.children.get(segment);
			if (node === undefined) return null;
		}
		return node;
	}

	clear(): void {
		this.#byTopic.clear();
		this.root.children.clear();
		this.root.sortedChildren = null;
		this.root.totalMessages = 0;
		this.root.topicCount = 0;
		this.topicCount = 0;
		this.version += 1;
		this.structureVersion += 1;
	}
}
