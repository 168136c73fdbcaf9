import { describe, expect, it } from 'vitest';
import { decodeFrame, encodePacket } from '../../../shared/mqtt/codec';
import type { Field } from '../../../shared/mqtt/codec/types';
import {
	ancestorPaths,
	fieldLabel,
	formatFieldValue,
	formatBits,
	formatRange,
	innermostField,
	pathOf,
	visibleFieldRows,
} from '../../../renderer/lib/field-path';

function v5Publish(): Uint8Array {
	const encoded = encodePacket(
		{
			type: 'PUBLISH',
			dup: false,
			qos: 1,
			retain: false,
			topicName: 'a/b',
			packetId: 7,
			properties: { contentType: 'text/plain', userProperties: [['unit', 'C']] },
			payload: Uint8Array.from([0x68, 0x69]),
		},
		{ protocolLevel: 5 },
	);
	if (!encoded.ok) throw new Error(encoded.error.message);
	return encoded.value;
}

const fields = decodeFrame(v5Publish(), { protocolLevel: 5 }).fields;

function named(list: readonly Field[], name: string): Field {
	const found = list.find((field) => field.name === name);
	if (found === undefined) throw new Error(`no field ${name}`);
	return found;
}

describe('innermostField', () => {
	it('finds the field holding a byte, going into children', () => {
		const topic = named(fields, 'topicName');
		expect(innermostField(fields, topic.start)).toBe(topic);
		expect(innermostField(fields, topic.end - 1)).toBe(topic);
		const properties = named(fields, 'properties');
		const userProperty = named(properties.children ?? [], 'userProperty');
		expect(innermostField(fields, userProperty.start + 1)).toBe(userProperty);
	});

	it('prefers the first of fields sharing a byte: packet type before flags', () => {
		expect(innermostField(fields, 0)?.name).toBe('packetType');
	});

	it('gives null past the end of every field', () => {
		const last = fields.at(-1);
		expect(innermostField(fields, (last?.end ?? 0) + 5)).toBeNull();
		expect(innermostField([], 0)).toBeNull();
	});
});

describe('visibleFieldRows', () => {
	it('lists fields depth-first with depths and paths, hiding collapsed children', () => {
		const rows = visibleFieldRows(fields);
		const properties = rows.find((row) => row.field.name === 'properties');
		expect(properties).toMatchObject({ depth: 0, hasChildren: true });
		const child = rows[rows.indexOf(properties as (typeof rows)[number]) + 1];
		expect(child?.field.name).toBe('propertyLength');
		expect(child?.depth).toBe(1);
		expect(child?.path).toBe(`${properties?.path}/0`);

		const collapsed = visibleFieldRows(fields, new Set([properties?.path ?? '']));
		expect(collapsed.some((row) => row.field.name === 'propertyLength')).toBe(false);
		expect(collapsed.length).toBe(rows.length - (properties?.field.children?.length ?? 0));
	});

	it('gives each row a distinct path', () => {
		const rows = visibleFieldRows(fields);
		expect(new Set(rows.map((row) => row.path)).size).toBe(rows.length);
	});
});

describe('pathOf and ancestorPaths', () => {
	it('finds a nested field by identity', () => {
		const properties = named(fields, 'properties');
		const contentType = named(properties.children ?? [], 'contentType');
		const path = pathOf(fields, contentType);
		expect(path).toBe(`${fields.indexOf(properties)}/1`);
		expect(pathOf(fields, { name: 'contentType', start: 0, end: 1 })).toBeNull();
		expect(ancestorPaths('5/1/2')).toEqual(['5', '5/1']);
		expect(ancestorPaths('3')).toEqual([]);
	});
});

describe('formatFieldValue', () => {
	it.each([
		['a string, quoted', 'a/b', '"a/b"'],
		['a control character, escaped', 'a\u0000', '"a\\u0000"'],
		['a number', 321, '321'],
		['a boolean', false, 'false'],
		['bytes as spaced hex', Uint8Array.from([0xca, 0xfe, 0x01]), 'ca fe 01'],
		['no bytes', new Uint8Array(0), '(empty)'],
		['a string pair', ['unit', 'C'] as const, '"unit" = "C"'],
		['nothing', undefined, ''],
	])('shows %s', (_, value, expected) => {
		expect(formatFieldValue(value)).toBe(expected);
	});

	it('cuts long values and says how many bytes there are', () => {
		const text = formatFieldValue(new Uint8Array(500));
		expect(text.endsWith('… (500 bytes)')).toBe(true);
		expect(formatFieldValue('x'.repeat(1000)).length).toBeLessThan(210);
	});
});

describe('labels', () => {
	it('shows ranges end-exclusive and list items by index', () => {
		expect(formatRange({ start: 2, end: 7 })).toBe('[2–7)');
		expect(fieldLabel('0')).toBe('#0');
		expect(fieldLabel('topicName')).toBe('topicName');
	});
});

describe('bits', () => {
	it('writes the bits of a flag field as Wireshark does, dots for the other bits', () => {
		// CONNECT flags 0xee: user name, password, will retain, will QoS 1, will, clean session.
		const byte = Uint8Array.from([0x10, 0x00, 0xee]);
		const field = (mask: number) => ({ name: 'x', start: 2, end: 3, mask });
		expect(formatBits(field(0x80), byte)).toBe('1... ....');
		expect(formatBits(field(0x18), byte)).toBe('...0 1...');
		expect(formatBits(field(0x01), byte)).toBe('.... ...0');
		expect(formatBits({ name: 'keepAlive', start: 0, end: 2 }, byte)).toBeUndefined();
	});
});
