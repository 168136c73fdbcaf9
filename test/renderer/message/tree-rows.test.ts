import { describe, expect, it } from 'vitest';
import { parseJsonTree } from '../../../shared/decode/json-tree';
import type { DecodedTree } from '../../../shared/decode/decoder';
import {
	shownRows,
	sizeText,
	valueText,
	type ShownRow,
} from '../../../renderer/features/message/tree-rows';
import {
	decoderLabel,
	formatFromValue,
	valueOfFormat,
} from '../../../renderer/features/message/decoder-options';

function tree(text: string, maxRows?: number): DecodedTree {
	const parsed = parseJsonTree(text, maxRows);
	if (!parsed.ok) throw new Error(parsed.error.message);
	return parsed.value;
}

function describeRows(rows: ShownRow[]): string[] {
	return rows.map((row) =>
		row.kind === 'more'
			? `${'  '.repeat(row.depth)}… ${row.count} more`
			: `${'  '.repeat(row.row.depth)}${row.row.key ?? '$'} ${valueText(row.row, row.isOpen)}`,
	);
}

describe('decoded tree rows on screen', () => {
	const doc = tree('{"a":{"x":1,"y":2},"b":[true,null],"c":"z"}');

	it('shows every row when nothing is collapsed', () => {
		expect(describeRows(shownRows(doc.rows, new Set()))).toEqual([
			'$ {',
			'  a {',
			'    x 1',
			'    y 2',
			'  b [',
			'    0 true',
			'    1 null',
			'  c "z"',
		]);
	});

	it('hides what is below a collapsed container, and only that', () => {
		expect(describeRows(shownRows(doc.rows, new Set([1])))).toEqual([
			'$ {',
			'  a {…}',
			'  b [',
			'    0 true',
			'    1 null',
			'  c "z"',
		]);
		expect(describeRows(shownRows(doc.rows, new Set([0])))).toEqual(['$ {…}']);
	});

	it('ends a container cut short with a row saying how many are not shown', () => {
		const cut = tree(JSON.stringify({ list: [1, 2, 3, 4, 5], after: 1 }), 4);
		expect(describeRows(shownRows(cut.rows, new Set()))).toEqual([
			'$ {',
			'  list [',
			'    0 1',
			'    1 2',
			'    … 3 more',
			'  … 1 more',
		]);
	});

	it('says container sizes in words', () => {
		expect(doc.rows.map(sizeText)).toEqual(['3 keys', '2 keys', '', '', '2 items', '', '', '']);
	});
});

describe('decoder choices as form values', () => {
	it('round-trips formats through the select', () => {
		expect(formatFromValue('protobuf:farm.Silo', 'le')).toEqual({
			kind: 'protobuf',
			messageType: 'farm.Silo',
		});
		expect(formatFromValue('number:uint32', 'be')).toEqual({
			kind: 'number',
			type: 'uint32',
			endian: 'be',
		});
		expect(formatFromValue('auto', 'le')).toBeNull();
		expect(valueOfFormat({ kind: 'number', type: 'uint32', endian: 'be' })).toBe('number:uint32');
	});

	it('names decoders in words', () => {
		expect(decoderLabel({ format: { kind: 'json' }, encoding: 'gzip' })).toBe('gzip → JSON');
		expect(decoderLabel({ format: { kind: 'number', type: 'float64', endian: 'be' } })).toBe(
			'64-bit float, big endian',
		);
		expect(
			decoderLabel({ format: { kind: 'protobuf', messageType: 'a.B' }, encoding: 'none' }),
		).toBe('Protocol Buffers a.B');
	});
});
