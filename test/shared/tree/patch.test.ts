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
		});
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
