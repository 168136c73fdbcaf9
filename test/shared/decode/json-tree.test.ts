import { describe, expect, it } from 'vitest';
import { parseJsonTree } from '../../../shared/decode/json-tree';

function rows(text: string): [number, string | number | null, string, string][] {
	const tree = parseJsonTree(text);
	if (!tree.ok) throw new Error(tree.error.message);
	return tree.value.rows.map((row) => [row.depth, row.key, row.kind, row.text]);
}

describe('JSON as the publisher wrote it', () => {
	it('keeps numbers exactly as written, big integers included', () => {
		expect(rows('68.0')).toEqual([[0, null, 'number', '68.0']]);
		expect(rows('[1e3, -0.50, 12345678901234567890]')).toEqual([
			[0, null, 'array', ''],
			[1, 0, 'number', '1e3'],
			[1, 1, 'number', '-0.50'],
			[1, 2, 'bigint', '12345678901234567890'],
		]);
	});

	it('keeps keys in document order, duplicates included', () => {
		expect(rows('{"b":1,"2":2,"b":3}')).toEqual([
			[0, null, 'object', ''],
			[1, 'b', 'number', '1'],
			[1, '2', 'number', '2'],
			[1, 'b', 'number', '3'],
		]);
	});

	it('reads escapes, including surrogate pairs', () => {
		expect(rows('{"t":"\\u00e9\\n\\ud83d\\ude00\\/"}')[1]).toEqual([1, 't', 'string', '"é\\n😀/"']);
	});

	it('says where a text stops being JSON, by line and column', () => {
		const cases: [string, string][] = [
			['{"a":1,}', 'Unexpected "}", expected a key in quotes at line 1, column 8'],
			['[1 2]', "Unexpected \"2\", expected ',' or ']' at line 1, column 4"],
			['{\n  "a": tru\n}', 'Unexpected "t", expected a value at line 2, column 8'],
			['01', 'Unexpected "1" after the JSON value at line 1, column 2'],
			['"a\tb"', 'A control character in a string must be escaped at line 1, column 3'],
			['"abc', 'Unterminated string at line 1, column 1'],
			['"\\x"', 'Invalid escape \\x at line 1, column 2'],
		];
		for (const [text, message] of cases) {
			expect(parseJsonTree(text)).toEqual({
				ok: false,
				error: { code: 'invalid-request', message },
			});
		}
	});

	it('keeps a budget of rows and counts what it left out', () => {
		const tree = parseJsonTree(
			JSON.stringify({ a: Array.from({ length: 10 }, (_, i) => i), b: { c: 1 } }),
			5,
		);
		expect(tree.ok && tree.value.nodeCount).toBe(14);
		expect(tree.ok && tree.value.rows.map((row) => [row.key, row.size, row.omitted])).toEqual([
			[null, 2, 1],
			['a', 10, 7],
			[0, 0, 0],
			[1, 0, 0],
			[2, 0, 0],
		]);
	});

	it('refuses nesting deeper than its limit in words, not with a stack overflow', () => {
		const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
		expect(parseJsonTree(deep)).toMatchObject({
			ok: false,
			error: { message: 'Nested more than 2000 levels deep at line 1, column 2002' },
		});
	});
});
