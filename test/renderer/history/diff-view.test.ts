import { describe, expect, it } from 'vitest';
import { diffMessages } from '../../../renderer/features/history/diff-view';

const side = (text: string, truncated = false) => ({
	bytes: new TextEncoder().encode(text),
	truncated,
});

describe('what the diff view compares', () => {
	it('two JSON payloads by path', () => {
		const diff = diffMessages(side('{"t":20,"s":"ok"}'), side('{"t":21.5,"s":"ok"}'));
		expect(diff).toEqual({
			kind: 'json',
			diff: {
				changes: [{ kind: 'changed', path: '$.t', before: '20', after: '21.5', delta: 1.5 }],
				omitted: 0,
			},
		});
	});

	it('text line by line', () => {
		const diff = diffMessages(side('a\nb'), side('a\nc'));
		expect(diff.kind).toBe('text');
		if (diff.kind === 'text') {
			expect(diff.diff.lines.map((line) => line.kind)).toEqual(['same', 'removed', 'added']);
			expect(diff.isCut).toBe(false);
		}
	});

	it('JSON and text: pretty-printed lines, one value a line', () => {
		const diff = diffMessages(side('{"a":1,"b":2}'), side('plain'));
		expect(diff.kind).toBe('text');
		if (diff.kind === 'text') expect(diff.diff.lines).toHaveLength(5);
	});

	it('a cut preview as text, saying so', () => {
		const diff = diffMessages(side('{"a":1,', true), side('{"a":2}'));
		expect(diff.kind).toBe('text');
		if (diff.kind === 'text') expect(diff.isCut).toBe(true);
	});

	it('binary payloads not at all', () => {
		expect(diffMessages({ bytes: new Uint8Array([0xff, 0]), truncated: false }, side('x'))).toEqual(
			{
				kind: 'binary',
			},
		);
	});
});
