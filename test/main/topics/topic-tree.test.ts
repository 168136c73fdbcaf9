import { describe, expect, it } from 'vitest';
import { TopicTree } from '../../../main/topics/topic-tree';
import { TreeView, visibleWindow } from '../../../main/topics/tree-view';
import { applyTreePatch, EMPTY_WINDOW } from '../../../shared/tree/patch';
import { message } from '../../helpers/message';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function treeOf(topics: readonly string[]): TopicTree {
	const tree = new TopicTree();
	topics.forEach((topic, i) =>
		tree.ingest(message(topic, bytes(String(i)), { qos: 0, retain: false, timeMs: i })),
	);
	return tree;
}

describe('TopicTree', () => {
	it('counts messages per topic, totals per subtree and topics below each node', () => {
		const tree = treeOf(['a/b', 'a/b', 'a/c/d', 'a', 'x']);
		const a = tree.find('a');
		expect(a?.messageCount).toBe(1);
		expect(a?.totalMessages).toBe(4);
		expect(a?.topicCount).toBe(2);
		expect(tree.find('a/b')?.messageCount).toBe(2);
		expect(tree.find('a/c')?.last).toBeNull();
		expect(tree.find('a/c')?.topicCount).toBe(1);
		expect(tree.topicCount).toBe(4);
		expect(tree.root.totalMessages).toBe(5);
	});

	it('keeps the last payload, QoS, retain flag and time of each topic', () => {
		const tree = new TopicTree();
		tree.ingest(message('s/t', bytes('one'), { qos: 1, retain: true, timeMs: 10 }));
		tree.ingest(message('s/t', bytes('two'), { qos: 2, retain: false, timeMs: 20 }));
		const last = tree.find('s/t')?.last;
		expect(new TextDecoder().decode(last?.payload)).toBe('two');
		expect([last?.qos, last?.retain, last?.timeUs]).toEqual([2, false, 20_000]);
	});

	it('copies payloads so the sender may reuse its buffer', () => {
		const tree = new TopicTree();
		const buffer = bytes('abc');
		tree.ingest(message('t', buffer, { qos: 0, retain: false, timeMs: 0 }));
		buffer[0] = 0x7a;
		expect(new TextDecoder().decode(tree.find('t')?.last?.payload)).toBe('abc');
	});

	it('treats empty levels as topics of their own', () => {
		const tree = treeOf(['/a', 'a//b']);
		expect(tree.find('/a')?.messageCount).toBe(1);
		expect(tree.find('a//b')?.messageCount).toBe(1);
		expect(tree.find('a/')?.messageCount).toBe(0);
	});
});

describe('visibleWindow', () => {
	const tree = treeOf(['b/2', 'b/10', 'b/1', 'a/x/deep', 'c']);

	it('lists top-level nodes in natural order when nothing is expanded', () => {
		const { totalRows, nodes } = visibleWindow(tree, new Set(), 0, 50);
		expect(totalRows).toBe(3);
		expect(nodes.map((n) => n.path)).toEqual(['a', 'b', 'c']);
	});

	it('flattens expanded nodes depth-first in natural order (2 before 10)', () => {
		const { totalRows, nodes } = visibleWindow(tree, new Set(['a', 'a/x', 'b']), 0, 50);
		expect(nodes.map((n) => n.path)).toEqual([
			'a',
			'a/x',
			'a/x/deep',
			'b',
			'b/1',
			'b/2',
			'b/10',
			'c',
		]);
		expect(totalRows).toBe(8);
	});

	it('ignores expanded nodes whose parent is collapsed', () => {
		const { totalRows } = visibleWindow(tree, new Set(['a/x']), 0, 50);
		expect(totalRows).toBe(3);
	});

	it('cuts the window at offset and limit, skipping whole subtrees before it', () => {
		const { totalRows, nodes } = visibleWindow(tree, new Set(['a', 'a/x', 'b']), 2, 3);
		expect(totalRows).toBe(8);
		expect(nodes.map((n) => n.path)).toEqual(['a/x/deep', 'b', 'b/1']);
	});
});

describe('TreeView', () => {
	it('starts with a reset, then sends only rows in its window that changed', () => {
		const tree = treeOf(['a/1', 'b/1', 'c/1']);
		const view = new TreeView(tree, { expanded: [], offset: 0, limit: 2 });
		const first = view.snapshot();
		expect(first.kind).toBe('reset');
		expect(view.poll()).toBeNull();
		tree.ingest(message('c/1', bytes('z'), { qos: 0, retain: false, timeMs: 1 }));
		// 'c' is outside the two-row window: only the total changes.
		expect(view.poll()).toEqual({ kind: 'update', rows: [], totalMessages: 4 });
		tree.ingest(message('b/1', bytes('y'), { qos: 0, retain: false, timeMs: 2 }));
		const patch = view.poll();
		expect(patch?.kind).toBe('update');
		expect(patch?.rows.map((r) => [r.id, r.totalMessages])).toEqual([['b', 2]]);
	});

	it('moves the window when a new node appears in view, resending only new and changed rows', () => {
		const tree = treeOf(['a/1', 'b']);
		const view = new TreeView(tree, { expanded: ['a'], offset: 0, limit: 10 });
		view.snapshot();
		tree.ingest(message('a/0', bytes('new'), { qos: 0, retain: false, timeMs: 1 }));
		const patch = view.poll();
		if (patch?.kind !== 'window') throw new Error(`expected a window patch, got ${patch?.kind}`);
		expect(patch.ids).toEqual(['a', 'a/0', 'a/1', 'b']);
		// 'a' changed (its totals), 'a/0' is new, 'a/1' has a new place among its siblings (now 2
		// of 2): each is sent whole. 'b' is held by the receiver as it was.
		expect(patch.rows.map((r) => r.id)).toEqual(['a', 'a/0', 'a/1']);
		expect(patch.totalRows).toBe(4);
	});

	it('moves on update without a snapshot: a scroll sends only the rows that came into view', () => {
		const topics = Array.from({ length: 50 }, (_, i) => `n/${String(i).padStart(2, '0')}`);
		const tree = treeOf(topics);
		const view = new TreeView(tree, { expanded: ['n'], offset: 0, limit: 10 });
		let window = applyTreePatch(EMPTY_WINDOW, view.snapshot());
		const moved = view.update({ expanded: ['n'], offset: 5, limit: 10 });
		if (moved?.kind !== 'window') throw new Error(`expected a window patch, got ${moved?.kind}`);
		// Rows 5..9 were held; rows 10..14 are new.
		expect(moved.rows.map((r) => r.id)).toEqual(['n/09', 'n/10', 'n/11', 'n/12', 'n/13']);
		window = applyTreePatch(window, moved);
		expect(window.offset).toBe(5);
		expect(window.rows.map((r) => r.id)).toEqual(topics.slice(4, 14));
		expect(view.poll()).toBeNull();
		// Collapsing 'n' through an update leaves one row.
		window = applyTreePatch(window, view.update({ expanded: [], offset: 0, limit: 10 }) ?? moved);
		expect(window.rows.map((r) => [r.id, r.totalMessages])).toEqual([['n', 50]]);
		expect(window.totalRows).toBe(1);
	});

	it('a mirror fed snapshot, moves and updates equals a fresh snapshot', () => {
		const tree = treeOf(['a/1', 'a/2', 'b/1']);
		const view = new TreeView(tree, { expanded: ['a', 'b'], offset: 0, limit: 4 });
		let window = applyTreePatch(EMPTY_WINDOW, view.snapshot());
		const steps: (() => void)[] = [
			() => tree.ingest(message('a/0', 'x')),
			() => tree.ingest(message('a/2', 'y')),
			() =>
				(window = applyTreePatch(
					window,
					view.update({ expanded: ['a', 'b'], offset: 2, limit: 4 }) ?? {
						kind: 'update',
						rows: [],
						totalMessages: window.totalMessages,
					},
				)),
			() => tree.ingest(message('b/2', 'z')),
			() => tree.ingest(message('0/first', 'w')),
		];
		for (const step of steps) {
			step();
			const patch = view.poll();
			if (patch) window = applyTreePatch(window, patch);
			const fresh = applyTreePatch(
				EMPTY_WINDOW,
				new TreeView(tree, { expanded: ['a', 'b'], offset: window.offset, limit: 4 }).snapshot(),
			);
			expect(window).toEqual(fresh);
		}
	});

	it('coalesces many messages into one patch per poll', () => {
		const tree = treeOf(['t']);
		const view = new TreeView(tree, { expanded: [], offset: 0, limit: 10 });
		view.snapshot();
		for (let i = 0; i < 1000; i++)
			tree.ingest(message('t', bytes(String(i)), { qos: 0, retain: false, timeMs: i }));
		const patch = view.poll();
		expect(patch?.rows).toHaveLength(1);
		expect(patch?.rows[0]?.messageCount).toBe(1001);
		expect(patch?.rows[0]?.preview).toBe('999');
		expect(view.poll()).toBeNull();
	});
});
