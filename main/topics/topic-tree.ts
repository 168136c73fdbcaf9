/**
 * The authoritative topic tree of one connection.
 *
 * Hot path: `ingest` runs once per MQTT message, so it does no sorting, no string building,
 * allocates nothing for a known topic and sends nothing; views read the tree on their own timer.
 * Versions (a counter bumped per change) let a view find what changed without a dirty set.
 *
 * Storage is columnar, for a million topics in a few hundred MB (DESIGN §4: ≤ 2 µs per message,
 * ~600 bytes per topic with its last message): a node is an integer id, its counters, versions and
 * last message's facts are entries in typed arrays, its last payload is a slot in a PayloadSlab,
 * and its children a linked list (first child, next sibling). Every node's path maps to its id
 * (one lookup per message). Display order is built only for nodes a view looks at (ChildOrders).
 * More per-node figures (a rate, a last-change time for sorting) are one more column each.
 *
 * `TopicNode` is a handle (tree + id) with the old object's fields as getters, for code that
 * reads one node at a time (the message view, payload pages, tests).
 */
import type { MessageProperties, MqttMessage } from '../../shared/model/message';
import type { QoS } from '../../shared/mqtt/protocol';
import { ChildOrders, type ChildList } from './child-order';
import { PayloadSlab } from './payload-slab';
import { compareSegments, isFastSegment } from './segment-order';

export interface StoredMessage {
	readonly payload: Uint8Array;
	readonly qos: QoS;
	readonly retain: boolean;
	/** Microseconds since the epoch, as the connection stamped it (the frame log's clock). */
	readonly timeUs: number;
	readonly properties: MessageProperties | undefined;
}

/** The root's id; every other node has a larger one. */
export const ROOT_ID = 0;
const NO_NODE = -1;
const INITIAL_CAPACITY = 1024;

/** Bits of the `flags` column. */
const QOS_MASK = 0b11;
const RETAIN = 0b100;
const HAS_MESSAGE = 0b1000;
/** The segment sorts on segment-order.ts's fast path. */
const FAST_SEGMENT = 0b1_0000;

function grownFloat(source: Float64Array, capacity: number): Float64Array<ArrayBuffer> {
	const target = new Float64Array(capacity);
	target.set(source);
	return target;
}

function grownInt(source: Int32Array, capacity: number, fill = 0): Int32Array<ArrayBuffer> {
	const target = new Int32Array(capacity);
	if (fill !== 0) target.fill(fill, source.length);
	target.set(source);
	return target;
}

export class TopicTree {
	/** Bumped on every change; views compare it with what they last sent. */
	version = 0;
	/** Bumped when a node is added anywhere (or the tree is cleared). */
	structureVersion = 0;
	/** Topics with at least one message. */
	topicCount = 0;
	/** Payload bytes of every message ingested (all-time, like the counters). */
	payloadBytes = 0;
	/** Bumped by `clear`: node ids from before it mean nothing now. */
	generation = 0;

	#size = 1;
	#capacity = INITIAL_CAPACITY;
	// Structure.
	#parent = new Int32Array(INITIAL_CAPACITY).fill(NO_NODE);
	#firstChild = new Int32Array(INITIAL_CAPACITY).fill(NO_NODE);
	#nextSibling = new Int32Array(INITIAL_CAPACITY).fill(NO_NODE);
	#childCount = new Int32Array(INITIAL_CAPACITY);
	/** Depth + 1 (the root is -1). */
	#depth = new Int32Array(INITIAL_CAPACITY);
	/** Place among its siblings in display order; valid once the parent's order is built. */
	#place = new Int32Array(INITIAL_CAPACITY);
	#flags = new Uint8Array(INITIAL_CAPACITY);
	// Counters and versions (doubles: they outgrow 32 bits on a long-running firehose).
	#messageCount = new Float64Array(INITIAL_CAPACITY);
	#totalMessages = new Float64Array(INITIAL_CAPACITY);
	#topicsBelow = new Float64Array(INITIAL_CAPACITY);
	#version = new Float64Array(INITIAL_CAPACITY);
	#messageVersion = new Float64Array(INITIAL_CAPACITY);
	#childrenVersion = new Float64Array(INITIAL_CAPACITY);
	#timeUs = new Float64Array(INITIAL_CAPACITY);
	#segments: string[] = [''];
	#paths: string[] = [''];
	/** MQTT 5 properties of the last message; a plain array, holes where none. */
	#properties: (MessageProperties | undefined)[] = [undefined];
	readonly #payloads = new PayloadSlab(INITIAL_CAPACITY);
	/** Path → id for every node, so a message on a known topic costs one lookup. */
	readonly #byPath = new Map<string, number>();
	readonly #orders: ChildOrders;
	#root: TopicNode;

	constructor() {
		this.#orders = new ChildOrders({
			forEachChild: (parent, visit) => {
				for (let child = this.#firstChild[parent] as number; child !== NO_NODE;) {
					visit(child);
					child = this.#nextSibling[child] as number;
				}
			},
			compare: (a, b) =>
				compareSegments(
					this.#segments[a] as string,
					this.#segments[b] as string,
					((this.#flags[a] as number) & FAST_SEGMENT) !== 0,
					((this.#flags[b] as number) & FAST_SEGMENT) !== 0,
				),
			setPlace: (child, place) => {
				this.#place[child] = place;
			},
		});
		this.#depth[ROOT_ID] = 0;
		this.#root = new TopicNode(this, ROOT_ID);
	}

	get root(): TopicNode {
		return this.#root;
	}

	/** Nodes held, the root included. */
	get nodeCount(): number {
		return this.#size;
	}

	/** Records one message. Copies the payload so socket buffers are not pinned by the tree. */
	ingest(message: MqttMessage): void {
		const topic = message.topic;
		const version = ++this.version;
		let id = this.#byPath.get(topic);
		if (id === undefined) id = this.#create(topic);
		const parent = this.#parent;
		const total = this.#totalMessages;
		const versions = this.#version;
		for (let up = id; up !== NO_NODE; up = parent[up] as number) {
			total[up] = (total[up] as number) + 1;
			versions[up] = version;
		}
		const flags = this.#flags[id] as number;
		if ((flags & HAS_MESSAGE) === 0) {
			this.topicCount += 1;
			const below = this.#topicsBelow;
			for (let up = parent[id] as number; up !== NO_NODE; up = parent[up] as number) {
				below[up] = (below[up] as number) + 1;
			}
		}
		this.#messageCount[id] = (this.#messageCount[id] as number) + 1;
		this.#messageVersion[id] = version;
		this.#flags[id] =
			(flags & FAST_SEGMENT) | HAS_MESSAGE | (message.retain ? RETAIN : 0) | message.qos;
		this.#timeUs[id] = message.timeUs;
		// Most messages carry no properties: only write when there is something to set or clear.
		const properties = message.properties;
		if (properties !== undefined || this.#properties[id] !== undefined) {
			this.#properties[id] = properties;
		}
		this.#payloads.store(id, message.payload);
		this.payloadBytes += message.payload.length;
	}

	/**
	 * Creates the nodes of a topic's path that do not exist yet; returns the topic's id. Looks for
	 * the deepest existing ancestor from the end (a new topic usually has a known parent: one
	 * lookup), then adds the missing levels downwards.
	 */
	#create(topic: string): number {
		let parent = ROOT_ID;
		let start = 0;
		for (let end = topic.lastIndexOf('/'); end >= 0; end = topic.lastIndexOf('/', end - 1)) {
			const known = this.#byPath.get(topic.slice(0, end));
			if (known !== undefined) {
				parent = known;
				start = end + 1;
				break;
			}
			if (end === 0) break;
		}
		for (;;) {
			const slash = topic.indexOf('/', start);
			if (slash < 0) return this.#add(parent, topic.slice(start), topic);
			parent = this.#add(parent, topic.slice(start, slash), topic.slice(0, slash));
			start = slash + 1;
		}
	}

	#add(parent: number, segment: string, path: string): number {
		if (this.#size === this.#capacity) this.#grow();
		const id = this.#size++;
		this.#parent[id] = parent;
		this.#depth[id] = (this.#depth[parent] as number) + 1;
		this.#flags[id] = isFastSegment(segment) ? FAST_SEGMENT : 0;
		// Newest first in the list: display order is the ChildOrders' business.
		this.#nextSibling[id] = this.#firstChild[parent] as number;
		this.#firstChild[parent] = id;
		this.#childCount[parent] = (this.#childCount[parent] as number) + 1;
		this.#segments.push(segment);
		this.#paths.push(path);
		this.#properties.push(undefined);
		this.#byPath.set(path, id);
		this.structureVersion += 1;
		this.#childrenVersion[parent] = this.structureVersion;
		this.#orders.added(parent, id);
		return id;
	}

	#grow(): void {
		const capacity = this.#capacity * 2;
		this.#parent = grownInt(this.#parent, capacity, NO_NODE);
		this.#firstChild = grownInt(this.#firstChild, capacity, NO_NODE);
		this.#nextSibling = grownInt(this.#nextSibling, capacity, NO_NODE);
		this.#childCount = grownInt(this.#childCount, capacity);
		this.#depth = grownInt(this.#depth, capacity);
		this.#place = grownInt(this.#place, capacity);
		const flags = new Uint8Array(capacity);
		flags.set(this.#flags);
		this.#flags = flags;
		this.#messageCount = grownFloat(this.#messageCount, capacity);
		this.#totalMessages = grownFloat(this.#totalMessages, capacity);
		this.#topicsBelow = grownFloat(this.#topicsBelow, capacity);
		this.#version = grownFloat(this.#version, capacity);
		this.#messageVersion = grownFloat(this.#messageVersion, capacity);
		this.#childrenVersion = grownFloat(this.#childrenVersion, capacity);
		this.#timeUs = grownFloat(this.#timeUs, capacity);
		this.#payloads.grow(capacity);
		this.#capacity = capacity;
	}

	/** The id of the node at `path`, or -1. */
	idOf(path: string): number {
		return this.#byPath.get(path) ?? NO_NODE;
	}

	/** Finds a node by its topic path, or null. */
	find(path: string): TopicNode | null {
		const id = this.#byPath.get(path);
		return id === undefined ? null : new TopicNode(this, id);
	}

	/** A handle on node `id` (which must exist). */
	node(id: number): TopicNode {
		return id === ROOT_ID ? this.#root : new TopicNode(this, id);
	}

	// Reading one node by id: the views' way in, no allocation.
	parentOf(id: number): number {
		return this.#parent[id] ?? NO_NODE;
	}
	depthOf(id: number): number {
		return (this.#depth[id] ?? 0) - 1;
	}
	segmentOf(id: number): string {
		return this.#segments[id] ?? '';
	}
	pathOf(id: number): string {
		return this.#paths[id] ?? '';
	}
	childCountOf(id: number): number {
		return this.#childCount[id] ?? 0;
	}
	messageCountOf(id: number): number {
		return this.#messageCount[id] ?? 0;
	}
	totalMessagesOf(id: number): number {
		return this.#totalMessages[id] ?? 0;
	}
	topicsBelowOf(id: number): number {
		return this.#topicsBelow[id] ?? 0;
	}
	versionOf(id: number): number {
		return this.#version[id] ?? 0;
	}
	messageVersionOf(id: number): number {
		return this.#messageVersion[id] ?? 0;
	}
	/** Structure version of the last child added under `id` (its children's places changed). */
	childrenVersionOf(id: number): number {
		return this.#childrenVersion[id] ?? 0;
	}
	hasMessage(id: number): boolean {
		return ((this.#flags[id] ?? 0) & HAS_MESSAGE) !== 0;
	}
	isRetained(id: number): boolean {
		return ((this.#flags[id] ?? 0) & RETAIN) !== 0;
	}
	qosOf(id: number): QoS {
		return ((this.#flags[id] ?? 0) & QOS_MASK) as QoS;
	}
	timeUsOf(id: number): number {
		return this.#timeUs[id] ?? 0;
	}
	payloadSizeOf(id: number): number {
		return this.#payloads.length(id);
	}
	/** The last payload in place: read it at once (the next message on the topic overwrites it). */
	payloadView(id: number): Uint8Array {
		return this.#payloads.view(id);
	}

	/** The MQTT 5 properties of the last message on `id`, if it had any. */
	lastMessageProperties(id: number): MessageProperties | undefined {
		return this.#properties[id];
	}

	/** The last message, its bytes a copy the caller may keep; null before the first. */
	lastMessage(id: number): StoredMessage | null {
		if (!this.hasMessage(id)) return null;
		return {
			payload: this.#payloads.copy(id),
			qos: this.qosOf(id),
			retain: this.isRetained(id),
			timeUs: this.timeUsOf(id),
			properties: this.#properties[id],
		};
	}

	/** `id`'s children in display order (the first `length` entries of `ids`). */
	sortedChildren(id: number): ChildList {
		return this.#orders.of(id);
	}

	/** Position of `id` among its siblings in display order. */
	siblingIndexOf(id: number): number {
		const parent = this.#parent[id] ?? NO_NODE;
		if (parent === NO_NODE) return 0;
		this.#orders.of(parent);
		return this.#place[id] ?? 0;
	}

	/** Children in creation order, newest first (cheap; for code that does not need display order). */
	forEachChild(id: number, visit: (child: number) => void): void {
		for (let child = this.#firstChild[id] ?? NO_NODE; child !== NO_NODE;) {
			visit(child);
			child = this.#nextSibling[child] ?? NO_NODE;
		}
	}

	clear(): void {
		this.#size = 1;
		this.#capacity = INITIAL_CAPACITY;
		this.#parent = new Int32Array(INITIAL_CAPACITY).fill(NO_NODE);
		this.#firstChild = new Int32Array(INITIAL_CAPACITY).fill(NO_NODE);
		this.#nextSibling = new Int32Array(INITIAL_CAPACITY).fill(NO_NODE);
		this.#childCount = new Int32Array(INITIAL_CAPACITY);
		this.#depth = new Int32Array(INITIAL_CAPACITY);
		this.#place = new Int32Array(INITIAL_CAPACITY);
		this.#flags = new Uint8Array(INITIAL_CAPACITY);
		this.#messageCount = new Float64Array(INITIAL_CAPACITY);
		this.#totalMessages = new Float64Array(INITIAL_CAPACITY);
		this.#topicsBelow = new Float64Array(INITIAL_CAPACITY);
		this.#version = new Float64Array(INITIAL_CAPACITY);
		this.#messageVersion = new Float64Array(INITIAL_CAPACITY);
		this.#childrenVersion = new Float64Array(INITIAL_CAPACITY);
		this.#timeUs = new Float64Array(INITIAL_CAPACITY);
		this.#segments = [''];
		this.#paths = [''];
		this.#properties = [undefined];
		this.#payloads.clear();
		this.#byPath.clear();
		this.#orders.clear();
		this.#depth[ROOT_ID] = 0;
		this.topicCount = 0;
		this.payloadBytes = 0;
		this.generation += 1;
		this.version += 1;
		this.structureVersion += 1;
		this.#root = new TopicNode(this, ROOT_ID);
	}
}

/**
 * One node of a tree, read through the tree's columns. A handle is cheap and short-lived: two
 * handles on one node are equal by `id`, not by identity; after `clear` it reads the new tree.
 */
export class TopicNode {
	constructor(
		readonly tree: TopicTree,
		readonly id: number,
	) {}

	get segment(): string {
		return this.tree.segmentOf(this.id);
	}
	get path(): string {
		return this.tree.pathOf(this.id);
	}
	get depth(): number {
		return this.tree.depthOf(this.id);
	}
	get parent(): TopicNode | null {
		const parent = this.tree.parentOf(this.id);
		return parent === NO_NODE ? null : this.tree.node(parent);
	}
	get childCount(): number {
		return this.tree.childCountOf(this.id);
	}
	/** Children by segment. Builds a map: prefer `childCount` or the tree's id methods. */
	get children(): ReadonlyMap<string, TopicNode> {
		const children = new Map<string, TopicNode>();
		this.tree.forEachChild(this.id, (child) =>
			children.set(this.tree.segmentOf(child), this.tree.node(child)),
		);
		return children;
	}
	/** Messages on exactly this topic. */
	get messageCount(): number {
		return this.tree.messageCountOf(this.id);
	}
	/** Messages on this topic and every topic below it. */
	get totalMessages(): number {
		return this.tree.totalMessagesOf(this.id);
	}
	/** Topics with a message strictly below this node. */
	get topicCount(): number {
		return this.tree.topicsBelowOf(this.id);
	}
	/** The last message on this topic (its payload a copy), or null. */
	get last(): StoredMessage | null {
		return this.tree.lastMessage(this.id);
	}
	/** Tree version of the last change to this node's counters or message. */
	get version(): number {
		return this.tree.versionOf(this.id);
	}
	/** Tree version of the last message on exactly this topic. */
	get messageVersion(): number {
		return this.tree.messageVersionOf(this.id);
	}
	get siblingIndex(): number {
		return this.tree.siblingIndexOf(this.id);
	}
}
