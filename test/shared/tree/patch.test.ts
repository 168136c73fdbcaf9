import { describe, expect, it } from 'vitest';
import { applyTreePatch, EMPTY_WINDOW, type TreeRow } from '../../../shared/tree/patch';

function row(id: string, messageCount: number): TreeRow {
	return {
		id,
		segment: id.split('/').at(-1) ?? id,
		depth: id.split('/').length - 1,
		childCount: 0,
		setSize: 1,
		posInSet: 1,
		messageCount,
		totalMessages: messageCount,
		topicCount: 0,
		hasMessage: messageCount > 0,
		preview: String(messageCount),
		isRetained: false,
		updatedAt: messageCount,
		qos: 0,
		sizeBytes: String(messageCount).length,
		messagesPerSecond: null,
	};
}

describe('applyTreePatch', () => {
	it('replaces the whole window on reset', () => {
		const window = applyTreePatch(EMPTY_WINDOW, {
			kind: 'reset',
			totalRows: 10,
			offset: 4,
			rows: [row('a', 1), row('b', 2)],
			totalMessages: 3,
		});
		expect(window).toEqual({
			totalRows: 10,
			offset: 4,
			rows: [row('a', 1), row('b', 2)],
			totalMessages: 3,
			filter: null,
		});
	});

	it("keeps a filter's progress until a patch brings a new one, and drops it on a reset without", () => {
		const progress = { scanned: 5, total: 10, matches: 2, isDone: false };
		const filtered = applyTreePatch(EMPTY_WINDOW, {
			kind: 'reset',
			totalRows: 1,
			offset: 0,
			rows: [row('a', 1)],
			totalMessages: 1,
			filter: progress,
		});
		const updated = applyTreePatch(filtered, { kind: 'update', rows: [], totalMessages: 2 });
		expect(updated.filter).toEqual(progress);
		const done = { scanned: 10, total: 10, matches: 3, isDone: true };
		expect(
			applyTreePatch(updated, { kind: 'update', rows: [], totalMessages: 2, filter: done }).filter,
		).toEqual(done);
		expect(
			applyTreePatch(updated, {
				kind: 'reset',
				totalRows: 0,
				offset: 0,
				rows: [],
				totalMessages: 2,
			}).filter,
		).toBeNull();
	});

	it('replaces only the named rows on update, keeping order and the other rows', () => {
		const before = applyTreePatch(EMPTY_WINDOW, {
			kind: 'reset',
			totalRows: 3,
			offset: 0,
			rows: [row('a', 1), row('b', 2), row('c', 3)],
			totalMessages: 6,
		});
		const after = applyTreePatch(before, {
			kind: 'update',
			rows: [row('b', 7)],
			totalMessages: 11,
		});
		expect(after.rows.map((r) => [r.id, r.messageCount])).toEqual([
			['a', 1],
			['b', 7],
			['c', 3],
		]);
		expect(after.totalMessages).toBe(11);
		expect(after.rows[0]).toBe(before.rows[0]);
		expect(before.rows[1]?.messageCount).toBe(2);
	});
});
