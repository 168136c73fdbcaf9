/**
 * A filter over a topic tree ("which topics does the user want to see"), evaluated in main in
 * chunks so a million topics never block the loop.
 *
 * A scan walks node ids in creation order (ids only grow, so nodes added while it runs, or after
 * it finished, are simply the next ids) and marks each node in a byte mask: MATCH when it
 * matches, BELOW on every ancestor of a match. A view shows a node when it has either bit. The
 * scan advances when a view polls (`advance(budget)`), so it stops by itself when no view holds
 * it: `FilterScans.release` is the cancel.
 *
 * Path predicates (text, topic filter) never change for a node, so one pass plus the new ids is
 * exact. "Retained only" depends on each topic's last message, which changes: then a finished
 * scan starts again (at most every `RESCAN_MS`) into a second mask, swapped in when complete, so
 * rows do not flicker while it runs.
 */
import { matchTopic } from '../../shared/mqtt/topic';
import type { TreeFilterProgress, TreeShape } from '../../shared/tree/patch';
import { ROOT_ID, type TopicTree } from './topic-tree';

export const MATCH = 1;
export const BELOW = 2;
/** Ancestors of matches a view is asked to open, per filter (a bound: the renderer's set). */
export const MAX_AUTO_EXPAND = 2_000;
const RESCAN_MS = 2_000;

export type FilterSpec = Pick<TreeShape, 'filter' | 'retainedOnly'>;

/** Whether a shape filters at all (else every node is shown). */
export function isFiltering(shape: FilterSpec): boolean {
	return shape.retainedOnly || (shape.filter !== null && shape.filter.text !== '');
}

/** A string naming what the spec matches, to share one scan between views. */
export function filterKey(shape: FilterSpec): string {
	const filter = shape.filter;
	const text = filter === null || filter.text === '' ? '' : `${filter.kind}:${filter.text}`;
	return `${shape.retainedOnly ? 'r' : '-'}|${text}`;
}

/**
 * The path predicate of a filter: substring ignoring case, or MQTT topic filter matching (the `$`
 * rule included: `#` and `+/…` do not match `$SYS/…`, [MQTT-4.7.2-1]).
 */
export function pathPredicate(shape: FilterSpec): ((path: string) => boolean) | null {
	const filter = shape.filter;
	if (filter === null || filter.text === '') return null;
	if (filter.kind === 'topic-filter') {
		const text = filter.text;
		return (path) => matchTopic(text, path);
	}
	const needle = filter.text.toLowerCase();
	// Most needles and paths are ASCII lower case: look without lowering first.
	return (path) => path.includes(needle) || path.toLowerCase().includes(needle);
}

export class FilterScan {
	/** Bumped whenever the shown set may have changed. */
	version = 0;
	matches = 0;
	/** Ancestors marked, in order, up to MAX_AUTO_EXPAND: what views ask the renderer to open. */
	readonly opened: number[] = [];
	isCancelled = false;
	#mask: Uint8Array = new Uint8Array(1024);
	/** The mask being built by a rescan (retained only), or null. */
	#next: Uint8Array | null = null;
	#nextMatches = 0;
	#cursor = 1;
	#generation: number;
	#scanStartedMs = 0;
	#scanVersion = 0;
	readonly #predicate: ((path: string) => boolean) | null;

	constructor(
		readonly tree: TopicTree,
		readonly spec: FilterSpec,
		readonly now: () => number = Date.now,
	) {
		this.#predicate = pathPredicate(spec);
		this.#generation = tree.generation;
		this.#scanStartedMs = now();
		this.#scanVersion = tree.version;
	}

	/** Whether node `id` is shown (matches, or has a match below). */
	isShown(id: number): boolean {
		return id === ROOT_ID || (this.#mask[id] ?? 0) !== 0;
	}

	/** Whether a match lies below `id` (its children are worth showing). */
	hasMatchBelow(id: number): boolean {
		return id === ROOT_ID || ((this.#mask[id] ?? 0) & BELOW) !== 0;
	}

	get progress(): TreeFilterProgress {
		const total = this.tree.nodeCount - 1;
		const scanned = Math.min(this.#cursor - 1, total);
		return {
			scanned,
			total,
			matches: this.matches,
			isDone: scanned >= total && this.#next === null,
		};
	}

	/** Scans up to `budget` more nodes. Cheap when there is nothing left. */
	advance(budget: number): void {
		if (this.isCancelled) return;
		const tree = this.tree;
		if (tree.generation !== this.#generation) this.#restart(false);
		const size = tree.nodeCount;
		if (this.#cursor >= size) {
			if (this.#next !== null) this.#swap();
			else if (this.#shouldRescan()) this.#restart(true);
			if (this.#cursor >= size) return;
		}
		let mask: Uint8Array;
		if (this.#next === null) mask = this.#grown(size);
		else {
			if (this.#next.length < size) this.#next = this.#grownNext(size);
			mask = this.#next;
		}
		const end = Math.min(size, this.#cursor + budget);
		const predicate = this.#predicate;
		const retainedOnly = this.spec.retainedOnly;
		let changed = false;
		for (let id = this.#cursor; id < end; id++) {
			if (retainedOnly && !(tree.hasMessage(id) && tree.isRetained(id))) continue;
			if (predicate !== null && !predicate(tree.pathOf(id))) continue;
			changed = true;
			mask[id] = (mask[id] as number) | MATCH;
			if (this.#next === null) this.matches += 1;
			else this.#nextMatches += 1;
			this.#markAncestors(mask, id);
		}
		this.#cursor = end;
		if (this.#next !== null && end >= size) this.#swap();
		else if (changed && this.#next === null) this.version += 1;
	}

	#markAncestors(mask: Uint8Array, id: number): void {
		const tree = this.tree;
		const isLive = mask === this.#mask;
		for (let up = tree.parentOf(id); up > ROOT_ID; up = tree.parentOf(up)) {
			const bits = mask[up] as number;
			if ((bits & BELOW) !== 0) return;
			mask[up] = bits | BELOW;
			if (isLive && this.opened.length < MAX_AUTO_EXPAND) this.opened.push(up);
		}
	}

	#shouldRescan(): boolean {
		return (
			this.spec.retainedOnly &&
			this.tree.version !== this.#scanVersion &&
			this.now() - this.#scanStartedMs >= RESCAN_MS
		);
	}

	/** Starts over: into a second mask (`quietly`), or into a fresh one (the tree was cleared). */
	#restart(quietly: boolean): void {
		this.#cursor = 1;
		this.#scanStartedMs = this.now();
		this.#scanVersion = this.tree.version;
		if (quietly) {
			this.#next = new Uint8Array(Math.max(1024, this.tree.nodeCount));
			this.#nextMatches = 0;
			return;
		}
		this.#generation = this.tree.generation;
		this.#mask = new Uint8Array(1024);
		this.#next = null;
		this.matches = 0;
		this.opened.length = 0;
		this.version += 1;
	}

	#swap(): void {
		if (this.#next === null) return;
		this.#mask = this.#next;
		this.matches = this.#nextMatches;
		this.#next = null;
		this.version += 1;
	}

	#grown(size: number): Uint8Array {
		if (this.#mask.length < size) {
			const mask = new Uint8Array(Math.max(size, this.#mask.length * 2));
			mask.set(this.#mask);
			this.#mask = mask;
		}
		return this.#mask;
	}

	#grownNext(size: number): Uint8Array {
		const next = this.#next ?? new Uint8Array(0);
		const grown = new Uint8Array(Math.max(size, next.length * 2));
		grown.set(next);
		return grown;
	}
}

/**
 * The scans of one tree, shared by the views (and the locate requests) that filter the same way,
 * counted so the last view to let go stops the scan.
 */
export class FilterScans {
	readonly #scans = new Map<string, { scan: FilterScan; holders: number }>();

	constructor(readonly tree: TopicTree) {}

	/** The scan for `spec`, shared; `now` is the clock of a new one (tests pass their own). */
	acquire(spec: FilterSpec, now: () => number = Date.now): FilterScan {
		const key = filterKey(spec);
		const held = this.#scans.get(key);
		if (held !== undefined) {
			held.holders += 1;
			return held.scan;
		}
		const scan = new FilterScan(this.tree, spec, now);
		this.#scans.set(key, { scan, holders: 1 });
		return scan;
	}

	release(scan: FilterScan): void {
		const key = filterKey(scan.spec);
		const held = this.#scans.get(key);
		if (held === undefined || held.scan !== scan) return;
		held.holders -= 1;
		if (held.holders > 0) return;
		this.#scans.delete(key);
		scan.isCancelled = true;
	}

	/** The running scan for `spec`, if a view holds one. */
	find(spec: FilterSpec): FilterScan | undefined {
		return this.#scans.get(filterKey(spec))?.scan;
	}

	get size(): number {
		return this.#scans.size;
	}
}

const registry = new WeakMap<TopicTree, FilterScans>();

/** The scans of `tree` (one registry per tree, made on first use). */
export function scansOf(tree: TopicTree): FilterScans {
	let scans = registry.get(tree);
	if (scans === undefined) {
		scans = new FilterScans(tree);
		registry.set(tree, scans);
	}
	return scans;
}
