/**
 * A view's children lists when it sorts other than by name, filters, or hides `$SYS`: built only
 * for the nodes the view walks (the root and the nodes it has open), never for the whole tree.
 *
 * A list starts from the tree's natural order (kept up to date incrementally by ChildOrders),
 * keeps the children the filter shows, and for another order sorts them by their key, ties in
 * natural order. Keys that change with every message (count, last time, rate) would reorder rows
 * under the reader's eyes and cost a sort per tick: such lists are rebuilt at most once per
 * RESORT_MS. A list sorted by name is rebuilt when its children or the filter's matches change.
 */
import type { TreeShape } from '../../shared/tree/patch';
import type { ChildList } from './child-order';
import type { NodeRates } from './node-rates';
import type { TopicTree } from './topic-tree';
import type { FilterScan } from './tree-filter';
import { ROOT, type ChildView } from './visible-rows';

export const RESORT_MS = 1_000;
const SYS = '$SYS';

interface Built {
	ids: Int32Array;
	length: number;
	childrenVersion: number;
	filterVersion: number;
	/** The parent's tree version (bumped by every message below it). */
	version: number;
	builtAtMs: number;
}

export class ShapedChildren implements ChildView {
	readonly #lists = new Map<number, Built>();
	/** Place of each listed node in its parent's list; checked against the list when read. */
	#place = new Int32Array(1024);
	#generation: number;

	constructor(
		readonly tree: TopicTree,
		readonly shape: TreeShape,
		readonly scan: FilterScan | null,
		readonly rates: NodeRates,
		readonly now: () => number = Date.now,
	) {
		this.#generation = tree.generation;
	}

	listOf(parent: number): ChildList {
		const tree = this.tree;
		if (tree.generation !== this.#generation) {
			this.#lists.clear();
			this.#generation = tree.generation;
		}
		// Nothing to change under this parent: the tree's own list, kept up to date incrementally.
		if (this.#isNatural(parent)) return tree.sortedChildren(parent);
		const built = this.#lists.get(parent);
		const filterVersion = this.scan?.version ?? 0;
		if (built !== undefined && this.#isFresh(parent, built, filterVersion)) return built;
		const list = this.#build(parent, filterVersion);
		this.#lists.set(parent, list);
		return list;
	}

	/** Whether `parent`'s children show as the tree has them (no filter, by name, not `$SYS`'s level). */
	#isNatural(parent: number): boolean {
		return (
			this.scan === null && this.shape.sort === 'name' && !(this.shape.hideSys && parent === ROOT)
		);
	}

	#isFresh(parent: number, built: Built, filterVersion: number): boolean {
		const isCurrent =
			built.childrenVersion === this.tree.childrenVersionOf(parent) &&
			built.filterVersion === filterVersion;
		const sort = this.shape.sort;
		if (sort === 'name') return isCurrent;
		if (this.now() - built.builtAtMs < RESORT_MS) return true;
		// Rates fall without messages; counts and times move only with one below.
		return sort !== 'rate' && isCurrent && built.version === this.tree.versionOf(parent);
	}

	placeOf(id: number): number {
		const parent = this.tree.parentOf(id);
		if (parent < 0) return 0;
		if (this.#isNatural(parent)) return this.tree.siblingIndexOf(id);
		const list = this.listOf(parent);
		const place = this.#place[id] ?? -1;
		return place >= 0 && place < list.length && list.ids[place] === id ? place : -1;
	}

	/** Whether `id` shows children (a filter may hide them all). */
	hasShownChildren(id: number): boolean {
		if (this.tree.childCountOf(id) === 0) return false;
		return this.scan === null || this.scan.hasMatchBelow(id);
	}

	#build(parent: number, filterVersion: number): Built {
		const tree = this.tree;
		const natural = tree.sortedChildren(parent);
		const scan = this.scan;
		const hidesSys = this.shape.hideSys && parent === ROOT;
		const kept: number[] = [];
		for (let index = 0; index < natural.length; index++) {
			const id = natural.ids[index] as number;
			if (scan !== null && !scan.isShown(id)) continue;
			if (hidesSys && tree.segmentOf(id) === SYS) continue;
			kept.push(id);
		}
		this.#sort(kept);
		const ids = Int32Array.from(kept);
		if (this.#place.length < tree.nodeCount) {
			const place = new Int32Array(Math.max(tree.nodeCount, this.#place.length * 2));
			place.set(this.#place);
			this.#place = place;
		}
		for (let index = 0; index < ids.length; index++) this.#place[ids[index] as number] = index;
		return {
			ids,
			length: ids.length,
			childrenVersion: tree.childrenVersionOf(parent),
			filterVersion,
			version: tree.versionOf(parent),
			builtAtMs: this.now(),
		};
	}

	/** Sorts by the shape's key, largest first; Array sort is stable, so ties keep natural order. */
	#sort(ids: number[]): void {
		const tree = this.tree;
		switch (this.shape.sort) {
			case 'name':
				return;
			case 'messages':
				ids.sort((a, b) => tree.totalMessagesOf(b) - tree.totalMessagesOf(a));
				return;
			case 'recent':
				// A node's version is the tree's count at the last message on it or below it.
				ids.sort((a, b) => tree.versionOf(b) - tree.versionOf(a));
				return;
			case 'rate':
				this.rates.sample(ids);
				ids.sort((a, b) => (this.rates.rateOf(b) ?? -1) - (this.rates.rateOf(a) ?? -1));
				return;
		}
	}
}
