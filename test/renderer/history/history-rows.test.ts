import { describe, expect, it } from 'vitest';
import {
	appendOlder,
	asMessageView,
	diffPair,
	listboxTarget,
	needsMore,
	prependNewer,
	previewLine,
	timeOfDay,
} from '../../../renderer/features/history/history-rows';
import type { HistoryItem } from '../../../shared/model/history';

function item(id: number, text = `m${id}`): HistoryItem {
	const payload = new TextEncoder().encode(text);
	return {
		id,
		connectionId: 1,
		connectionName: 'c',
		topic: 't',
		timeUs: 1_700_000_000_000_000 + id,
		qos: 0,
		retain: false,
		dup: false,
		direction: 'in',
		sizeBytes: payload.length,
		payloadPreview: payload,
		truncated: false,
		properties: undefined,
	};
}
const ids = (items: readonly HistoryItem[]) => items.map((i) => i.id);

describe('pages merged by key', () => {
	it('appends older pages and ignores a page fetched twice', () => {
		const first = [item(9), item(7)];
		const more = appendOlder(first, [item(5), item(3)]);
		expect(ids(more)).toEqual([9, 7, 5, 3]);
		expect(appendOlder(more, [item(5), item(3)])).toBe(more);
	});

	it('puts only what is newer than the head in front', () => {
		const held = [item(9), item(7)];
		expect(ids(prependNewer(held, [item(12), item(10), item(9), item(7)]))).toEqual([12, 10, 9, 7]);
		expect(prependNewer(held, [item(9)])).toBe(held);
		expect(ids(prependNewer([], [item(2), item(1)]))).toEqual([2, 1]);
	});

	it('asks for more only near the end and while there is more', () => {
		expect(needsMore(0, 30, 200, true)).toBe(false);
		expect(needsMore(130, 30, 200, true)).toBe(true);
		expect(needsMore(130, 30, 200, false)).toBe(false);
		expect(needsMore(49_990, 30, 50_000, true)).toBe(false);
	});
});

describe('the two messages a diff compares', () => {
	const items = [item(9), item(7), item(5), item(3)];
	it('is the selected one and the one before it when none is marked', () => {
		expect(ids(Object.values(diffPair(items, 7, null) ?? {}))).toEqual([5, 7]);
	});
	it('is the selected and the marked one, older first, whichever was picked first', () => {
		expect(ids(Object.values(diffPair(items, 3, 9) ?? {}))).toEqual([3, 9]);
		expect(ids(Object.values(diffPair(items, 9, 3) ?? {}))).toEqual([3, 9]);
	});
	it('is nothing for the oldest row alone, or a message compared with itself', () => {
		expect(diffPair(items, 3, null)).toBeNull();
		expect(diffPair(items, 5, 5)).toBeNull();
		expect(diffPair(items, null, null)).toBeNull();
	});
});

describe('listbox keys', () => {
	it.each([
		['ArrowDown', 3, 4],
		['ArrowUp', 3, 2],
		['ArrowUp', 0, 0],
		['ArrowDown', 9, 9],
		['Home', 5, 0],
		['End', 2, 9],
		['PageDown', 2, 7],
		['PageUp', 2, 0],
		['ArrowDown', null, 0],
		['a', 3, null],
	])('%s from %s → %s', (key, from, to) => {
		expect(listboxTarget(key, from, 10, 5)).toBe(to);
	});
	it('does nothing in an empty list', () => {
		expect(listboxTarget('ArrowDown', null, 0, 5)).toBeNull();
	});
});

describe('what a row says', () => {
	it('folds whitespace, cuts long text, names binary by size', () => {
		expect(previewLine(item(1, '{\n  "a": 1\n}'))).toBe('{ "a": 1 }');
		expect(previewLine(item(1, 'x'.repeat(200)), 10)).toBe(`${'x'.repeat(9)}…`);
		const binary = { ...item(1), payloadPreview: new Uint8Array([0, 0xff, 0xfe]), sizeBytes: 3 };
		expect(previewLine(binary)).toBe('binary, 3 bytes');
	});
	it('writes microseconds', () => {
		expect(timeOfDay(1_700_000_000_123_456)).toMatch(/^\d\d:\d\d:\d\d\.123456$/);
	});
	it('makes each history row a distinct message for the message view', () => {
		const view = asMessageView(item(42));
		expect(view).toMatchObject({ messageCount: 42, receivedAtUs: 1_700_000_000_000_042 });
		expect(view.receivedAt).toBe(1_700_000_000_000);
	});
});
