import { describe, expect, it } from 'vitest';
import { diffJson, diffLines, formatDelta, MAX_JSON_CHANGES } from '../../../shared/history/diff';

describe('structural JSON diff by path', () => {
	it.each([
		['same documents', { a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }, []],
		[
			'a changed number carries its delta',
			{ data: { temp: 21.5 } },
			{ data: { temp: 23 } },
			[{ kind: 'changed', path: '$.data.temp', before: '21.5', after: '23', delta: 1.5 }],
		],
		[
			'a decrease has a negative delta',
			{ n: 10 },
			{ n: 7 },
			[{ kind: 'changed', path: '$.n', before: '10', after: '7', delta: -3 }],
		],
		[
			'added and removed keys, in document order',
			{ a: 1, gone: 'x', c: 3 },
			{ a: 1, c: 3, fresh: true },
			[
				{ kind: 'removed', path: '$.gone', before: '"x"' },
				{ kind: 'added', path: '$.fresh', after: 'true' },
			],
		],
		[
			'arrays index by index; a longer array adds its tail',
			{ list: [1, 2] },
			{ list: [1, 5, 9] },
			[
				{ kind: 'changed', path: '$.list[1]', before: '2', after: '5', delta: 3 },
				{ kind: 'added', path: '$.list[2]', after: '9' },
			],
		],
		[
			'a type change is one change, no delta',
			{ v: { x: 1 } },
			{ v: 1 },
			[{ kind: 'changed', path: '$.v', before: '{"x":1}', after: '1' }],
		],
		[
			'a string changed, keys with spaces quoted',
			{ 'a b': 'on' },
			{ 'a b': 'off' },
			[{ kind: 'changed', path: '$["a b"]', before: '"on"', after: '"off"' }],
		],
		[
			'the root itself when both are scalars',
			1,
			'1',
			[{ kind: 'changed', path: '$', before: '1', after: '"1"' }],
		],
	])('%s', (_name, before, after, expected) => {
		expect(diffJson(before, after).changes).toEqual(expected);
	});

	it('keeps document order across levels', () => {
		const diff = diffJson({ a: { x: 1, y: 2 }, b: 1 }, { a: { x: 2, y: 3 }, b: 2 });
		expect(diff.changes.map((change) => change.path)).toEqual(['$.a.x', '$.a.y', '$.b']);
	});

	it('lists a bounded number of changes and counts the rest', () => {
		const before = Array.from({ length: MAX_JSON_CHANGES + 10 }, (_, i) => i);
		const after = before.map((n) => n + 1);
		const diff = diffJson(before, after);
		expect(diff.changes).toHaveLength(MAX_JSON_CHANGES);
		expect(diff.omitted).toBe(10);
	});

	it('walks a deeply nested document without overflowing the stack', () => {
		let before: unknown = 1;
		let after: unknown = 2;
		for (let i = 0; i < 20_000; i++) {
			before = { d: before };
			after = { d: after };
		}
		const diff = diffJson(before, after);
		expect(diff.changes).toHaveLength(1);
		expect(diff.changes[0]?.kind).toBe('changed');
	});
});

describe('deltas are written with their sign', () => {
	it.each([
		[1.5, '+1.5'],
		[-3, '−3'],
		[0.1 + 0.2, '+0.3'],
		[0, '+0'],
	])('%s → %s', (delta, text) => {
		expect(formatDelta(delta)).toBe(text);
	});
});

describe('line diff of text', () => {
	const signs = (before: string, after: string): string[] =>
		diffLines(before, after).lines.map(
			(line) => `${line.kind === 'same' ? ' ' : line.kind === 'added' ? '+' : '-'}${line.text}`,
		);

	it.each([
		['equal texts', 'a\nb', 'a\nb', [' a', ' b']],
		['a changed line is removed, then added', 'a\nb\nc', 'a\nB\nc', [' a', '-b', '+B', ' c']],
		['an inserted line', 'a\nc', 'a\nb\nc', [' a', '+b', ' c']],
		['a deleted line', 'a\nb\nc', 'a\nc', [' a', '-b', ' c']],
		['everything new', 'x', 'y\nz', ['-x', '+y', '+z']],
		['CRLF reads as LF', 'a\r\nb', 'a\nb', [' a', ' b']],
	])('%s', (_name, before, after, expected) => {
		expect(signs(before, after)).toEqual(expected);
	});

	it('numbers lines on each side', () => {
		expect(diffLines('a\nb\nc', 'a\nx\nb\nc').lines).toEqual([
			{ kind: 'same', text: 'a', beforeLine: 1, afterLine: 1 },
			{ kind: 'added', text: 'x', afterLine: 2 },
			{ kind: 'same', text: 'b', beforeLine: 2, afterLine: 3 },
			{ kind: 'same', text: 'c', beforeLine: 3, afterLine: 4 },
		]);
	});

	it('turns coarse, not slow, when too many lines differ', () => {
		const before = Array.from({ length: 3_000 }, (_, i) => `a${i}`).join('\n');
		const after = Array.from({ length: 3_000 }, (_, i) => `b${i}`).join('\n');
		const diff = diffLines(`head\n${before}\ntail`, `head\n${after}\ntail`);
		expect(diff.isCoarse).toBe(true);
		expect(diff.lines).toHaveLength(6_002);
		expect(diff.lines[0]).toEqual({ kind: 'same', text: 'head', beforeLine: 1, afterLine: 1 });
		expect(diff.lines.at(-1)).toEqual({
			kind: 'same',
			text: 'tail',
			beforeLine: 3_002,
			afterLine: 3_002,
		});
	});
});
