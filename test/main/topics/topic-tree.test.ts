import { describe, expect, it } from 'vitest';
import { TopicTree } from '../../../main/topics/topic-tree';
import { TreeView, visibleWindow } from '../../../main/topics/tree-view';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function treeOf(topics: readonly string[]): TopicTree {
	const tree = new TopicTree();
	topics.forEach((topic, i) => tree.ingest(topic, bytes(String(i)), 0, false, i));
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
		tree.ingest('s/t', bytes('one'), 1, true, 10);
		tree.ingest('s/t', bytes('two'), 2, false, 20);
		const last = tree.find('s/t')?.last;
		expect(new TextDecoder().decode(last?.payload)).toBe('two');
		expect([last?.qos, last?.retain, last?.receivedAt]).toEqual([2, false, 20]);
	});

	it('copies payloads so the sender may reuse its buffer', () => {
		const tree = new TopicTree();
		const buffer = bytes('abc');
		tree.ingest('t', buffer, 0, false, 0);
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
		tree.ingest('c/1', bytes('z'), 0, false, 1);
		// 'c' is outside the two-row window: only the total changes.
		expect(view.poll()).toEqual({ kind: 'update', rows: [], totalMessages: 4 });
		tree.ingest('b/1', bytes('y'), 0, false, 2);
		const patch = view.poll();
		expect(patch?.kind).toBe('update');
		expect(patch?.rows.map((r) => [r.id, r.totalMessages])).toEqual([['b', 2]]);
	});

	it('sends a reset when a new node appears in view', () => {
		const tree = treeOf(['a/1']);
		const view = new TreeView(tree, { expanded: ['a'], offset: 0, limit: 10 });
		view.snapshot();
		tree.ingest('a/0', bytes('new'), 0, false, 1);
		const patch = view.poll();
		expect(patch?.kind).toBe('reset');
		expect(patch?.rows.map((r) => r.id)).toEqual(['a', 'a/0', 'a/1']);
	});

	it('coalesces many messages into one patch per poll', () => {
		const tree = treeOf(['t']);
		const view = new TreeView(tree, { expanded: [], offset: 0, limit: 10 });
		view.snapshot();
		for (let i = 0; i < 1000; i++) tree.ingest('t', bytes(String(i)), 0, false, i);
		const patch = view.poll();
		expect(patch?.rows).toHaveLength(1);
		expect(patch?.rows[0]?.messageCount).toBe(1001);
		expect(patch?.rows[0]?.preview).toBe('999');
		expect(view.poll()).toBeNull();
	});
});
