/**
 * The tree at sizes a firehose brings (bounded here so CI stays fast; the million-topic runs are
 * in `npm run bench`): a node with tens of thousands of children, windows anywhere in it, children
 * arriving between looks, and the display order kept without sorting again.
 */
import { describe, expect, it } from 'vitest';
import { ChildOrders } from '../../../main/topics/child-order';
import { TopicTree } from '../../../main/topics/topic-tree';
import { locateRow, rowOf, TreeView, visibleWindow } from '../../../main/topics/tree-view';
import { applyTreePatch, EMPTY_WINDOW } from '../../../shared/tree/patch';
import { message } from '../../helpers/message';

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });
const natural = (a: string, b: string): number =>
	collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
	const out = items.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[out[i], out[j]] = [out[j] as T, out[i] as T];
	}
	return out;
}

const CHILDREN = 20_000;
const names = (from: number, to: number): string[] =>
	Array.from({ length: to - from }, (_, i) => {
		const n = from + i;
		// Mixed shapes: numbers, prefixed numbers, an upper-case letter now and then.
		return n % 3 === 0
			? String(n)
			: n % 3 === 1
				? `dev-${n}`
				: n % 97 === 0
					? `Dev-${n}`
					: `s_${n}`;
	});

describe('a node with many children', () => {
	const next = random(3);
	const tree = new TopicTree();
	const first = names(0, CHILDREN);
	for (const name of shuffled(first, next)) tree.ingest(message(`site/${name}`, name));
	tree.ingest(message('other', 'x'));

	it('shows any window of its children in natural order with their places', () => {
		const sorted = first.slice().sort(natural);
		const expanded = new Set(['site']);
		for (const offset of [0, 1, 9_970, CHILDREN - 30, CHILDREN]) {
			const { totalRows, nodes } = visibleWindow(tree, expanded, offset, 30);
			expect(totalRows).toBe(CHILDREN + 2);
			// 'other' sorts before 'site', whose children follow it.
			const want = ['other', 'site', ...sorted.map((name) => `site/${name}`)].slice(
				offset,
				offset + 30,
			);
			expect(nodes.map((node) => node.path)).toEqual(want);
			for (const node of nodes) {
				if (node.path === 'site' || node.path === 'other') continue;
				expect(rowOf(tree, node.id).posInSet).toBe(sorted.indexOf(node.segment) + 1);
			}
		}
	});

	it('takes children arriving between looks into place, and a mirror stays equal to a snapshot', () => {
		const expanded = ['site', `site/${first[5]}`];
		tree.ingest(message(`site/${first[5]}/inner/a`, 'deep'));
		const view = new TreeView(tree, { expanded, offset: 10_000, limit: 40 });
		let window = applyTreePatch(EMPTY_WINDOW, view.snapshot());
		const later = names(CHILDREN, CHILDREN + 2_000);
		let batch = 0;
		for (const name of shuffled(later, next)) {
			tree.ingest(message(`site/${name}`, name));
			if (++batch % 400 !== 0) continue;
			const patch = view.poll();
			if (patch !== null) window = applyTreePatch(window, patch);
			const fresh = applyTreePatch(
				EMPTY_WINDOW,
				new TreeView(tree, { expanded, offset: 10_000, limit: 40 }).snapshot(),
			);
			expect(window).toEqual(fresh);
		}
		const all = [...first, ...later].sort(natural);
		const openAt = all.indexOf(first[5] as string);
		// Rows: 'other', 'site', its children up to the open one, the open one's child, the rest.
		const rows = [
			'other',
			'site',
			...all.slice(0, openAt + 1).map((name) => `site/${name}`),
			`site/${first[5]}/inner`,
			...all.slice(openAt + 1).map((name) => `site/${name}`),
		];
		expect(window.rows.map((row) => row.id)).toEqual(rows.slice(10_000, 10_040));
		expect(window.totalRows).toBe(rows.length);
		const target = all[all.length - 1] as string;
		expect(locateRow(tree, new Set(expanded), `site/${target}`)?.index).toBe(
			rows.indexOf(`site/${target}`),
		);
	});
});

describe('ChildOrders', () => {
	it('keeps each node’s children sorted through batches of additions, as a full sort would', () => {
		const next = random(5);
		const values: number[] = [];
		const place = new Map<number, number>();
		const children: number[] = [];
		const orders = new ChildOrders({
			forEachChild: (_parent, visit) => children.forEach(visit),
			compare: (a, b) => (values[a] as number) - (values[b] as number) || a - b,
			setPlace: (child, at) => place.set(child, at),
		});
		for (let batch = 0; batch < 30; batch++) {
			const count = 1 + Math.floor(next() * (batch < 5 ? 3 : 300));
			for (let i = 0; i < count; i++) {
				const id = values.length;
				values.push(Math.floor(next() * 1_000));
				children.push(id);
				orders.added(0, id);
			}
			const { ids, length } = orders.of(0);
			const want = children
				.slice()
				.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
			expect(Array.from(ids.subarray(0, length))).toEqual(want);
			expect(want.every((id, at) => place.get(id) === at)).toBe(true);
		}
	});
});
