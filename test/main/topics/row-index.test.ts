/**
 * Row indexes computed in main for the renderer's keyboard focus: where a topic is among the
 * visible rows, type-ahead over rows the renderer does not hold, and each row's place among its
 * siblings.
 */
import { describe, expect, it } from 'vitest';
import { TopicTree } from '../../../main/topics/topic-tree';
import {
	findRowByPrefix,
	locateRow,
	toRow,
	TreeView,
	visibleWindow,
} from '../../../main/topics/tree-view';
import { applyTreePatch, EMPTY_WINDOW, type TreeWindow } from '../../../shared/tree/patch';
import { message } from '../../helpers/message';

function treeOf(topics: readonly string[]): TopicTree {
	const tree = new TopicTree();
	topics.forEach((topic, i) => tree.ingest(message(topic, String(i), { timeMs: i })));
	return tree;
}

/** Every visible row's path in order, by the window function the stream uses. */
function allRows(tree: TopicTree, expanded: ReadonlySet<string>): string[] {
	return visibleWindow(tree, expanded, 0, Number.MAX_SAFE_INTEGER).nodes.map((n) => n.path);
}

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state / 2_147_483_648;
	};
}

describe('locateRow', () => {
	const tree = treeOf(['b/2', 'b/10', 'b/1', 'a/x/deep', 'a/y', 'c', 'b/10/z']);

	it('counts earlier siblings and the rows their open subtrees show', () => {
		const expanded = new Set(['a', 'a/x', 'b', 'b/10']);
		// a, a/x, a/x/deep, a/y, b, b/1, b/2, b/10, b/10/z, c
		expect(locateRow(tree, expanded, 'a')).toEqual({ index: 0, topic: 'a' });
		expect(locateRow(tree, expanded, 'a/y')?.index).toBe(3);
		expect(locateRow(tree, expanded, 'b/2')?.index).toBe(6);
		expect(locateRow(tree, expanded, 'b/10/z')?.index).toBe(8);
		expect(locateRow(tree, expanded, 'c')?.index).toBe(9);
	});

	it('answers null for a topic under a collapsed node, an unknown topic and the root', () => {
		expect(locateRow(tree, new Set(['b']), 'a/x')).toBeNull();
		// Expanded below a collapsed ancestor does not make a row visible.
		expect(locateRow(tree, new Set(['a/x']), 'a/x/deep')).toBeNull();
		expect(locateRow(tree, new Set(['a']), 'a/nope')).toBeNull();
		expect(locateRow(tree, new Set(), '')).toBeNull();
	});

	it('agrees with the flattened rows on random trees and expanded sets', () => {
		const next = random(8);
		for (let round = 0; round < 40; round++) {
			const topics: string[] = [];
			const count = 1 + Math.floor(next() * 60);
			for (let i = 0; i < count; i++) {
				const depth = 1 + Math.floor(next() * 4);
				const levels: string[] = [];
				for (let d = 0; d < depth; d++) levels.push(`n${Math.floor(next() * 5)}`);
				topics.push(levels.join('/'));
			}
			const randomTree = treeOf(topics);
			const expanded = new Set<string>();
			for (const topic of topics) {
				const levels = topic.split('/');
				for (let d = 1; d < levels.length; d++) {
					if (next() < 0.6) expanded.add(levels.slice(0, d).join('/'));
				}
			}
			const rows = allRows(randomTree, expanded);
			rows.forEach((path, index) => {
				expect(locateRow(randomTree, expanded, path), `${path} in round ${round}`).toEqual({
					index,
					topic: path,
				});
			});
		}
	});

	it('finds a row thousands of rows down without listing the rows before it', () => {
		const big = treeOf(Array.from({ length: 3_000 }, (_, i) => `fleet/device-${i}/status`));
		const expanded = new Set(['fleet', 'fleet/device-2999']);
		// Natural order: device-2999 is the last device; its child is the last row.
		expect(locateRow(big, expanded, 'fleet/device-2999/status')).toEqual({
			index: 3_001,
			topic: 'fleet/device-2999/status',
		});
		expect(locateRow(big, expanded, 'fleet/device-10')?.index).toBe(11);
	});
});

describe('findRowByPrefix', () => {
	const tree = treeOf(['alpha/one', 'alpha/two', 'Beta', 'bravo/x', 'charlie', 'alpine']);
	const expanded = new Set(['alpha', 'bravo']);
	// alpha, alpha/one, alpha/two, alpine, Beta, bravo, bravo/x, charlie

	it('finds the next visible row whose segment starts with the prefix, ignoring case', () => {
		expect(findRowByPrefix(tree, expanded, 0, 'b')).toEqual({ index: 4, topic: 'Beta' });
		expect(findRowByPrefix(tree, expanded, 5, 'B')).toEqual({ index: 5, topic: 'bravo' });
		expect(findRowByPrefix(tree, expanded, 0, 'alpi')).toEqual({ index: 3, topic: 'alpine' });
		expect(findRowByPrefix(tree, expanded, 0, 'tw')).toEqual({ index: 2, topic: 'alpha/two' });
	});

	it('wraps to the top after the last row', () => {
		expect(findRowByPrefix(tree, expanded, 6, 'a')).toEqual({ index: 0, topic: 'alpha' });
		expect(findRowByPrefix(tree, expanded, 99, 'charlie')).toEqual({
			index: 7,
			topic: 'charlie',
		});
	});

	it('skips rows under collapsed nodes and answers null when nothing matches', () => {
		expect(findRowByPrefix(tree, new Set(), 0, 'one')).toBeNull();
		expect(findRowByPrefix(tree, expanded, 0, 'zulu')).toBeNull();
		expect(findRowByPrefix(tree, expanded, 0, '')).toBeNull();
	});

	it('reaches a row far below the first window of a large node', () => {
		const big = treeOf([
			...Array.from({ length: 3_000 }, (_, i) => `fleet/device-${i}/status`),
			'fleet/zz-gateway',
		]);
		expect(findRowByPrefix(big, new Set(['fleet']), 1, 'zz')).toEqual({
			index: 3_001,
			topic: 'fleet/zz-gateway',
		});
		expect(findRowByPrefix(big, new Set(['fleet']), 1, 'device-2500')?.index).toBe(2_501);
	});
});

describe('toRow', () => {
	it('gives each row its sibling count and 1-based position in display order', () => {
		const tree = treeOf(['b/2', 'b/10', 'b/1', 'a', 'c']);
		const rows = visibleWindow(tree, new Set(['b']), 0, 50).nodes.map(toRow);
		expect(rows.map((r) => [r.id, r.posInSet, r.setSize])).toEqual([
			['a', 1, 3],
			['b', 2, 3],
			['b/1', 1, 3],
			['b/2', 2, 3],
			['b/10', 3, 3],
			['c', 3, 3],
		]);
	});

	it('keeps positions right after a sibling is added before a row', () => {
		const tree = treeOf(['m/2', 'm/3']);
		const node = tree.find('m/3');
		tree.ingest(message('m/1', 'x'));
		expect(node && toRow(node)).toMatchObject({ posInSet: 3, setSize: 3 });
	});
});

describe('TreeView', () => {
	it('resends the rows whose siblings changed, so the mirror keeps sizes and positions right', () => {
		const tree = treeOf(['m/2', 'm/3', 'n']);
		const view = new TreeView(tree, { expanded: ['m'], offset: 0, limit: 10 });
		let mirror: TreeWindow = applyTreePatch(EMPTY_WINDOW, view.snapshot());
		// A new sibling before m/2 and m/3: their own messages did not change, their places did.
		tree.ingest(message('m/1', 'x'));
		const patch = view.poll();
		expect(patch?.kind).toBe('window');
		if (patch) mirror = applyTreePatch(mirror, patch);
		expect(mirror.rows.map((row) => [row.id, row.posInSet, row.setSize])).toEqual([
			['m', 1, 2],
			['m/1', 1, 3],
			['m/2', 2, 3],
			['m/3', 3, 3],
			['n', 2, 2],
		]);
	});
});
