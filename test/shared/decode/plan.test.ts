import { describe, expect, it } from 'vitest';
import type { Binding } from '../../../shared/decode/binding';
import { planDecode } from '../../../shared/decode/plan';

const auto = { kind: 'auto' } as const;
const bindings: Binding[] = [
	{ filter: 'spBv1.0/#', decoder: { format: { kind: 'hex' } } },
	{
		filter: 'sensors/+/raw',
		decoder: { format: { kind: 'number', type: 'int16', endian: 'be' }, encoding: 'gzip' },
	},
];

describe('the choice order', () => {
	it('takes the content type before a binding', () => {
		const plan = planDecode({
			topic: 'sensors/a/raw',
			properties: { contentType: 'application/cbor' },
			choice: auto,
			bindings,
		});
		expect(plan.format).toEqual({
			value: { kind: 'cbor' },
			because: 'content type "application/cbor"',
		});
		// The binding still gives the compression the content type left open.
		expect(plan.encoding).toEqual({ value: 'gzip', because: 'bound to sensors/+/raw' });
	});

	it('takes a binding before the Sparkplug topic grammar', () => {
		const plan = planDecode({
			topic: 'spBv1.0/G/NDATA/E',
			properties: undefined,
			choice: auto,
			bindings,
		});
		expect(plan.format?.value).toEqual({ kind: 'hex' });
		expect(plan.binding).toBe('spBv1.0/#');
	});

	it('knows a Sparkplug B topic without a binding', () => {
		const plan = planDecode({
			topic: 'spBv1.0/Plant1/DDATA/Edge1/Pump',
			properties: undefined,
			choice: auto,
			bindings: [],
		});
		expect(plan.format).toEqual({
			value: { kind: 'sparkplug' },
			because: 'Sparkplug B topic (DDATA of Plant1/Edge1)',
		});
		// STATE messages are JSON in Sparkplug 3.0: left to the bytes.
		expect(
			planDecode({ topic: 'spBv1.0/STATE/host', properties: undefined, choice: auto, bindings: [] })
				.format,
		).toBeNull();
	});

	it('says an unknown content type was looked at and left', () => {
		const plan = planDecode({
			topic: 'x',
			properties: { contentType: 'application/x-acme' },
			choice: auto,
			bindings: [],
		});
		expect(plan.format).toBeNull();
		expect(plan.notes).toEqual(['The content type "application/x-acme" names no decoder here.']);
	});

	it('lets the payload format indicator decide over a binary binding, not over a text one', () => {
		const utf8 = planDecode({
			topic: 'sensors/a/raw',
			properties: { payloadFormatIndicator: 1 },
			choice: auto,
			bindings,
		});
		expect(utf8.isUtf8Declared).toBe(true);
		expect(utf8.format).toBeNull();
		const base64: Binding[] = [{ filter: 'cam/#', decoder: { format: { kind: 'base64' } } }];
		const bound = planDecode({
			topic: 'cam/1',
			properties: { payloadFormatIndicator: 1 },
			choice: auto,
			bindings: base64,
		});
		expect(bound.format?.value).toEqual({ kind: 'base64' });
		expect(bound.isUtf8Declared).toBe(false);
	});

	it("puts the user's choice first, compression left to the bytes unless chosen", () => {
		const plan = planDecode({
			topic: 'sensors/a/raw',
			properties: { contentType: 'application/json' },
			choice: { kind: 'decoder', decoder: { format: { kind: 'msgpack' } } },
			bindings,
		});
		expect(plan).toMatchObject({
			format: { value: { kind: 'msgpack' }, because: 'you chose it' },
			encoding: null,
			binding: null,
		});
	});
});
