import { describe, expect, it } from 'vitest';
import { expandBelow } from '../../../main/topics/expand-below';
import { TopicTree } from '../../../main/topics/topic-tree';
import { scansOf } from '../../../main/topics/tree-filter';
import { FILTER_SCAN_BUDGET, locateRow, TreeView } from '../../../main/topics/tree-view';
import {
	applyTreePatch,
	DEFAULT_TREE_SHAPE,
	EMPTY_WINDOW,
	type TreeShape,
	type TreeWindow,
} from '../../../shared/tree/patch';
import { message } from '../../helpers/message';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function publish(
	tree: TopicTree,
	topic: string,
	options: { retain?: boolean; qos?: 0 | 1 | 2 } = {},
) {
	tree.ingest(
		message(topic, bytes(`v-${topic}`), {
			qos: options.qos ?? 0,
			retain: options.retain ?? false,
			timeMs: tree.version,
		}),
	);
}

function shape(changes: Partial<TreeShape>): TreeShape {
	return { ...DEFAULT_TREE_SHAPE, ...changes };
}

/** A view's rows after its snapshot and as many polls as it takes to finish a scan. */
function rowsOf(
	tree: TopicTree,
	treeShape: TreeShape,
	expanded: readonly string[] = [],
	now: () => number = Date.now,
): { window: TreeWindow; view: TreeView } {
	const view = new TreeView(tree, { expanded, offset: 0, limit: 100, shape: treeShape }, { now });
	let window = applyTreePatch(EMPTY_WINDOW, view.snapshot());
	for (let tick = 0; tick < 100 && window.filter !== null && !window.filter.isDone; tick++) {
		const patch = view.poll();
		if (patch !== null) window = applyTreePatch(window, patch);
	}
	return { window, view };
}

const ids = (window: TreeWindow) => window.rows.map((row) => row.id);

describe('tree view sort', () => {
	function countsTree(): TopicTree {
		const tree = new TopicTree();
		// b: 3 messages, a: 1, c: 3 (ties keep natural order: b before c), d2 before d10.
		for (const topic of ['a', 'b', 'b', 'b', 'c/x', 'c/y', 'c/x', 'd10', 'd2'])
			publish(tree, topic);
		return tree;
	}

	it('orders by name naturally by default', () => {
		expect(ids(rowsOf(countsTree(), DEFAULT_TREE_SHAPE).window)).toEqual([
			'a',
			'b',
			'c',
			'd2',
			'd10',
		]);
	});

	it('orders by messages on the topic and below, most first, ties by name', () => {
		const { window } = rowsOf(countsTree(), shape({ sort: 'messages' }));
		expect(window.rows.map((row) => [row.id, row.totalMessages])).toEqual([
			['b', 3],
			['c', 3],
			['a', 1],
			['d2', 1],
			['d10', 1],
		]);
		// aria-posinset follows the shown order.
		expect(window.rows.map((row) => row.posInSet)).toEqual([1, 2, 3, 4, 5]);
	});

	it('orders by the most recent message on the topic or below', () => {
		const tree = countsTree();
		publish(tree, 'a');
		publish(tree, 'c/y/deep');
		expect(ids(rowsOf(tree, shape({ sort: 'recent' })).window)).toEqual([
			'c',
			'a',
			'd2',
			'd10',
			'b',
		]);
	});

	it('re-sorts a changing key at most once a second, not at every tick', () => {
		const tree = countsTree();
		let nowMs = 1_000_000;
		const { view } = rowsOf(tree, shape({ sort: 'messages' }), [], () => nowMs);
		for (let i = 0; i < 5; i++) publish(tree, 'a');
		let window = applyTreePatch(EMPTY_WINDOW, view.snapshot());
		expect(ids(window)[0]).toBe('b');
		nowMs += 1_000;
		const patch = view.poll();
		window = applyTreePatch(window, patch ?? { kind: 'update', rows: [], totalMessages: 0 });
		expect(ids(window)).toEqual(['a', 'b', 'c', 'd2', 'd10']);
	});

	it('orders by messages per second measured between two readings', () => {
		const tree = countsTree();
		let nowMs = 5_000_000;
		const { view } = rowsOf(tree, shape({ sort: 'rate' }), [], () => nowMs);
		let window = applyTreePatch(EMPTY_WINDOW, view.snapshot());
		// Before a second reading nobody has a rate.
		expect(window.rows.every((row) => row.messagesPerSecond === null)).toBe(true);
		for (let i = 0; i < 4; i++) publish(tree, 'd10');
		publish(tree, 'c/x');
		nowMs += 2_000;
		let patch = view.poll();
		// The first poll after the interval reads the rates; the list follows them.
		for (let tick = 0; tick < 3 && patch !== null; tick++) {
			window = applyTreePatch(window, patch);
			patch = view.poll();
		}
		expect(window.rows.map((row) => [row.id, row.messagesPerSecond])).toEqual([
			['d10', 2],
			['c', 0.5],
			['a', 0],
			['b', 0],
			['d2', 0],
		]);
	});
});

describe('tree view filter', () => {
	function sysTree(): TopicTree {
		const tree = new TopicTree();
		for (const topic of [
			'$SYS/broker/uptime',
			'$SYS/broker/clients/connected',
			'$SYSTEM/x',
			'home/kitchen/temp',
			'home/Kitchen/light',
			'home/hall/temp',
			'office/$SYS/temp',
		]) {
			publish(tree, topic, {
				retain: topic.endsWith('light') || topic.split('/')[0] === '$SYS',
			});
		}
		return tree;
	}
	const all = [
		'$SYS',
		'$SYS/broker',
		'$SYSTEM',
		'home',
		'home/hall',
		'home/kitchen',
		'home/Kitchen',
		'office',
		'office/$SYS',
	];

	it('shows text matches (ignoring case) with their ancestors, and opens those ancestors', () => {
		const tree = sysTree();
		const { window } = rowsOf(tree, shape({ filter: { kind: 'text', text: 'KITCHEN' } }), []);
		expect(window.filter).toMatchObject({ matches: 4, isDone: true });
		expect(ids(window)).toEqual(['home']);
		const view = new TreeView(tree, {
			expanded: [],
			offset: 0,
			limit: 100,
			shape: shape({ filter: { kind: 'text', text: 'kitchen' } }),
		});
		const first = view.snapshot();
		// The ancestors of matches, to open (home/kitchen is a match with a match below it).
		expect([...(first.expand ?? [])].sort()).toEqual(['home', 'home/Kitchen', 'home/kitchen']);
		const opened = rowsOf(tree, shape({ filter: { kind: 'text', text: 'kitchen' } }), [
			'home',
			'home/kitchen',
			'home/Kitchen',
		]).window;
		expect(ids(opened)).toEqual([
			'home',
			'home/kitchen',
			'home/kitchen/temp',
			'home/Kitchen',
			'home/Kitchen/light',
		]);
		// home/hall is not shown: home's set size counts the shown children only.
		expect(opened.rows[1]?.setSize).toBe(2);
	});

	it("matches topic filters with the '$' rule: '#' and '+/…' leave $SYS out", () => {
		const tree = sysTree();
		const expanded = all;
		const everything = rowsOf(
			tree,
			shape({ filter: { kind: 'topic-filter', text: '#' } }),
			expanded,
		);
		expect(ids(everything.window)).not.toContain('$SYS');
		expect(ids(everything.window)).not.toContain('$SYSTEM');
		expect(ids(everything.window)).toContain('office/$SYS/temp');
		const sys = rowsOf(tree, shape({ filter: { kind: 'topic-filter', text: '$SYS/#' } }), expanded);
		expect(ids(sys.window)).toEqual([
			'$SYS',
			'$SYS/broker',
			'$SYS/broker/clients',
			'$SYS/broker/uptime',
		]);
		const plus = rowsOf(
			tree,
			shape({ filter: { kind: 'topic-filter', text: '+/+/temp' } }),
			expanded,
		);
		expect(ids(plus.window)).toEqual([
			'home',
			'home/hall',
			'home/hall/temp',
			'home/kitchen',
			'home/kitchen/temp',
			'office',
			'office/$SYS',
			'office/$SYS/temp',
		]);
	});

	it('hides the top-level $SYS only (not $SYSTEM, not a deeper $SYS level)', () => {
		const tree = sysTree();
		const { window } = rowsOf(tree, shape({ hideSys: true }), ['office']);
		expect(ids(window)).toEqual(['$SYSTEM', 'home', 'office', 'office/$SYS']);
		expect(window.totalRows).toBe(4);
	});

	it('shows retained topics only, and follows a topic whose last message stops being retained', () => {
		const tree = sysTree();
		let nowMs = 0;
		const { window, view } = rowsOf(
			tree,
			shape({ retainedOnly: true, hideSys: true }),
			['home', 'home/Kitchen'],
			() => nowMs,
		);
		expect(ids(window)).toEqual(['home', 'home/Kitchen', 'home/Kitchen/light']);
		publish(tree, 'home/Kitchen/light', { retain: false });
		nowMs += 5_000;
		let mirror = window;
		for (let tick = 0; tick < 10; tick++) {
			const patch = view.poll();
			if (patch !== null) mirror = applyTreePatch(mirror, patch);
		}
		expect(ids(mirror)).toEqual([]);
	});

	it('scans a large tree in chunks, streaming progress, and a new filter cancels the old scan', () => {
		const tree = new TopicTree();
		const count = FILTER_SCAN_BUDGET * 2 + 100;
		for (let i = 0; i < count; i++) publish(tree, `dev/${i}`);
		const view = new TreeView(tree, {
			expanded: ['dev'],
			offset: 0,
			limit: 5,
			shape: shape({ filter: { kind: 'text', text: '7' } }),
		});
		const first = applyTreePatch(EMPTY_WINDOW, view.snapshot());
		expect(first.filter?.isDone).toBe(false);
		expect(first.filter?.scanned).toBe(FILTER_SCAN_BUDGET);
		const oldScan = view.scan;
		const moved = view.update({
			expanded: ['dev'],
			offset: 0,
			limit: 5,
			shape: shape({ filter: { kind: 'topic-filter', text: 'dev/42' } }),
		});
		expect(oldScan?.isCancelled).toBe(true);
		const stoppedAt = oldScan?.progress.scanned;
		oldScan?.advance(FILTER_SCAN_BUDGET);
		expect(oldScan?.progress.scanned).toBe(stoppedAt);
		let window = applyTreePatch(first, moved ?? { kind: 'update', rows: [], totalMessages: 0 });
		for (let tick = 0; tick < 10 && !(window.filter?.isDone ?? false); tick++) {
			const patch = view.poll();
			if (patch !== null) window = applyTreePatch(window, patch);
		}
		expect(window.filter).toEqual({
			scanned: count + 1,
			total: count + 1,
			matches: 1,
			isDone: true,
		});
		expect(ids(window)).toEqual(['dev', 'dev/42']);
		view.dispose();
		expect(scansOf(tree).size).toBe(0);
	});

	it('takes topics that arrive after the scan into the filter', () => {
		const tree = sysTree();
		const { view, window } = rowsOf(tree, shape({ filter: { kind: 'text', text: 'garage' } }), [
			'garage',
		]);
		expect(ids(window)).toEqual([]);
		publish(tree, 'garage/door');
		let mirror = window;
		for (let tick = 0; tick < 3; tick++) {
			const patch = view.poll();
			if (patch !== null) mirror = applyTreePatch(mirror, patch);
		}
		expect(ids(mirror)).toEqual(['garage', 'garage/door']);
		expect(mirror.filter?.matches).toBe(2);
	});

	it('locates a row among the filtered rows of a running view', () => {
		const tree = sysTree();
		const filtered = shape({ filter: { kind: 'text', text: 'temp' } });
		const { view } = rowsOf(tree, filtered, ['home']);
		const expanded = new Set(['home', 'home/kitchen']);
		// Shown: home, home/hall, home/kitchen, home/kitchen/temp, office.
		expect(locateRow(tree, expanded, 'home/kitchen/temp', filtered)?.index).toBe(3);
		// Unfiltered, $SYS and $SYSTEM come first.
		expect(locateRow(tree, expanded, 'home/kitchen/temp')?.index).toBe(5);
		expect(locateRow(tree, expanded, 'home/Kitchen', filtered)).toBeNull();
		view.dispose();
	});
});

describe('tree rows', () => {
	it('carry the last message QoS, retain flag and size, and the counters', () => {
		const tree = new TopicTree();
		publish(tree, 'a/b', { qos: 2, retain: true });
		publish(tree, 'a/b', { qos: 1, retain: true });
		publish(tree, 'a/c');
		const { window } = rowsOf(tree, DEFAULT_TREE_SHAPE, ['a']);
		const [a, b] = window.rows;
		expect(a).toMatchObject({ id: 'a', messageCount: 0, totalMessages: 3, topicCount: 2 });
		expect(b).toMatchObject({
			id: 'a/b',
			qos: 1,
			isRetained: true,
			sizeBytes: 'v-a/b'.length,
			preview: 'v-a/b',
		});
	});
});

describe('expandBelow', () => {
	it('opens the nodes with children under a node, breadth first, up to a bound', () => {
		const tree = new TopicTree();
		for (const topic of ['a/b/c/d', 'a/b/e', 'a/f/g', 'a/h', 'z/y']) publish(tree, topic);
		expect(expandBelow(tree, 'a', 100)).toEqual({
			paths: ['a', 'a/b', 'a/f', 'a/b/c'],
			isComplete: true,
		});
		expect(expandBelow(tree, 'a', 2)).toEqual({ paths: ['a', 'a/b'], isComplete: false });
		expect(expandBelow(tree, '', 100).paths).toEqual(['a', 'z', 'a/b', 'a/f', 'a/b/c']);
		expect(expandBelow(tree, 'nope', 100)).toEqual({ paths: [], isComplete: true });
	});

	it('opens a node with 100,000 leaf children as one path', () => {
		const tree = new TopicTree();
		for (let i = 0; i < 100_000; i++) publish(tree, `big/${i}`);
		expect(expandBelow(tree, 'big', 10_000)).toEqual({ paths: ['big'], isComplete: true });
	});
});
