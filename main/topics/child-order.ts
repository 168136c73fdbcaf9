/**
 * Each node's children in display order, built when a view first asks and kept up to date as
 * children arrive, without sorting a node's children again.
 *
 * A node nobody looks at costs nothing. Once looked at, a new child waits in a pending list; the
 * next look sorts the pending children (k log k) and places each by binary search in the sorted
 * list (k log n comparisons, one block move each), so a node with 100,000 children gaining a few
 * per tick costs a few comparisons per tick, not a new sort. Each child's place (aria-posinset)
 * is written back through `setPlace` for the children whose place moved.
 */

export interface ChildSource {
	/** Calls `visit` for every child of `parent`, in any order. */
	forEachChild(parent: number, visit: (child: number) => void): void;
	/** Display order of two siblings: negative, zero or positive. A total order. */
	compare(a: number, b: number): number;
	/** A child's place among its siblings changed to `place` (0-based). */
	setPlace(child: number, place: number): void;
}

/** A node's children in display order: the first `length` entries of `ids`. */
export interface ChildList {
	readonly ids: Int32Array;
	readonly length: number;
}

interface Order {
	ids: Int32Array;
	length: number;
	pending: number[];
}

export class ChildOrders {
	readonly #orders = new Map<number, Order>();

	constructor(readonly source: ChildSource) {}

	/** A child was added under `parent` (a list built already takes it in at the next look). */
	added(parent: number, child: number): void {
		this.#orders.get(parent)?.pending.push(child);
	}

	/** `parent`'s children in display order, up to date. */
	of(parent: number): ChildList {
		let order = this.#orders.get(parent);
		if (order === undefined) {
			order = this.#build(parent);
			this.#orders.set(parent, order);
		} else if (order.pending.length > 0) {
			this.#merge(order);
		}
		return order;
	}

	/** Whether `parent`'s list is built (a child's place is known only then). */
	isBuilt(parent: number): boolean {
		return this.#orders.has(parent);
	}

	clear(): void {
		this.#orders.clear();
	}

	#build(parent: number): Order {
		const children: number[] = [];
		this.source.forEachChild(parent, (child) => children.push(child));
		const compare = this.source.compare;
		children.sort(compare);
		const ids = new Int32Array(Math.max(4, children.length));
		ids.set(children);
		for (let place = 0; place < children.length; place++) {
			this.source.setPlace(children[place] as number, place);
		}
		return { ids, length: children.length, pending: [] };
	}

	/** Takes the pending children in: each binary-searched into place, blocks moved once. */
	#merge(order: Order): void {
		const compare = this.source.compare;
		const pending = order.pending.sort(compare);
		order.pending = [];
		const total = order.length + pending.length;
		if (total > order.ids.length) {
			const ids = new Int32Array(Math.max(total, order.ids.length * 2));
			ids.set(order.ids.subarray(0, order.length));
			order.ids = ids;
		}
		const ids = order.ids;
		// From the largest pending child down: find its place among the sorted ones not yet
		// passed, shift the block after that place right by the number still to insert.
		let end = order.length;
		let firstMoved = total;
		for (let j = pending.length - 1; j >= 0; j--) {
			const child = pending[j] as number;
			let low = 0;
			let high = end;
			while (low < high) {
				const middle = (low + high) >>> 1;
				if (compare(ids[middle] as number, child) < 0) low = middle + 1;
				else high = middle;
			}
			// ids[low, end) move to the right by j + 1, the child goes just before them.
			ids.copyWithin(low + j + 1, low, end);
			ids[low + j] = child;
			end = low;
			firstMoved = low + j;
		}
		order.length = total;
		for (let place = Math.min(firstMoved, total); place < total; place++) {
			this.source.setPlace(ids[place] as number, place);
		}
	}
}
