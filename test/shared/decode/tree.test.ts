import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../../shared/decode/base64';
import { firstInvalidUtf8 } from '../../../shared/decode/text';
import { pathOf } from '../../../shared/decode/tree-path';
import { toTree } from '../../../shared/decode/tree';

describe('decoded trees', () => {
	it('lists values in order with depths, keys and JSON text', () => {
		const tree = toTree({ name: 'pump', values: [1, 'a"b', null], big: 2n ** 70n });
		expect(tree.nodeCount).toBe(7);
		expect(tree.rows.map((row) => [row.depth, row.key, row.kind, row.text, row.size])).toEqual([
			[0, null, 'object', '', 3],
			[1, 'name', 'string', '"pump"', 0],
			[1, 'values', 'array', '', 3],
			[2, 0, 'number', '1', 0],
			[2, 1, 'string', '"a\\"b"', 0],
			[2, 2, 'null', 'null', 0],
			[1, 'big', 'bigint', '1180591620717411303424', 0],
		]);
	});

	it('keeps a budget of rows and says how many entries each container left out', () => {
		const tree = toTree(
			{ a: Array.from({ length: 10 }, (_, i) => i), b: { c: 1 } },
			{ maxRows: 5 },
		);
		expect(tree.rows).toHaveLength(5);
		expect(tree.nodeCount).toBe(14);
		expect(tree.rows[0]).toMatchObject({ kind: 'object', size: 2, omitted: 1 });
		expect(tree.rows[1]).toMatchObject({ key: 'a', size: 10, omitted: 7 });
	});

	it('walks a deeply nested document without running out of stack', () => {
		let deep: unknown = 'bottom';
		for (let i = 0; i < 50_000; i++) deep = [deep];
		const tree = toTree(deep, { maxRows: 10 });
		expect(tree.nodeCount).toBe(50_001);
	});

	it('gives JSONPath paths to copy', () => {
		const tree = toTree({ sensors: [{ 'the value': 1 }, { id: 'x' }] });
		const index = tree.rows.findIndex((row) => row.key === 'id');
		expect(pathOf(tree.rows, index)).toBe('$.sensors[1].id');
		const spaced = tree.rows.findIndex((row) => row.key === 'the value');
		expect(pathOf(tree.rows, spaced)).toBe('$.sensors[0]["the value"]');
		expect(pathOf(tree.rows, 0)).toBe('$');
	});
});

describe('text and base64 with reasons', () => {
	it('finds where bytes stop being UTF-8', () => {
		expect(firstInvalidUtf8(new TextEncoder().encode('température €'))).toBe(-1);
		expect(firstInvalidUtf8(Uint8Array.from([0x61, 0xc3, 0x28]))).toBe(1);
		// An overlong '/' and a UTF-16 surrogate are not UTF-8.
		expect(firstInvalidUtf8(Uint8Array.from([0xc0, 0xaf]))).toBe(0);
		expect(firstInvalidUtf8(Uint8Array.from([0x20, 0xed, 0xa0, 0x80]))).toBe(1);
	});

	it('decodes base64 of both alphabets and says where it is not base64', () => {
		expect(decodeBase64('aGVsbG8=')).toEqual({
			ok: true,
			value: new TextEncoder().encode('hello'),
		});
		expect(decodeBase64('aGVs\nbG8')).toEqual({
			ok: true,
			value: new TextEncoder().encode('hello'),
		});
		expect(decodeBase64('-_8')).toEqual({ ok: true, value: Uint8Array.from([0xfb, 0xff]) });
		expect(decodeBase64('aGV*')).toMatchObject({
			ok: false,
			error: { message: 'Not base64: the character "*" at position 3.' },
		});
	});
});
