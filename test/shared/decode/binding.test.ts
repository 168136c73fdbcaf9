import { describe, expect, it } from 'vitest';
import {
	compareSpecificity,
	findBinding,
	validateBindingFilter,
	type Binding,
} from '../../../shared/decode/binding';

const json = { format: { kind: 'json' } } as const;
const binding = (filter: string): Binding => ({ filter, decoder: json });

describe('most specific binding', () => {
	// Rows: topic, the filters bound, the one that must win.
	const rows: [string, string[], string][] = [
		['plant/line1/temp', ['plant/#', 'plant/+/temp', 'plant/line1/+'], 'plant/line1/+'],
		['plant/line1/temp', ['plant/#', 'plant/+/temp'], 'plant/+/temp'],
		['plant/line1/temp', ['#', 'plant/#'], 'plant/#'],
		['plant/line1/temp', ['+/line1/temp', 'plant/+/+'], 'plant/+/+'],
		['plant/line1/temp', ['plant/line1/temp', 'plant/line1/+'], 'plant/line1/temp'],
		['plant', ['plant/#', 'plant'], 'plant'],
		['plant/a', ['plant/#', 'plant/+'], 'plant/+'],
		['a/b/c', ['a/+/#', 'a/#'], 'a/+/#'],
	];
	it.each(rows)('for %s among %j, %s wins', (topic, filters, winner) => {
		expect(findBinding(filters.map(binding), topic)?.filter).toBe(winner);
		// The order the bindings were made in does not matter.
		expect(findBinding([...filters].reverse().map(binding), topic)?.filter).toBe(winner);
	});

	it('is a total order: no two different filters compare equal', () => {
		expect(compareSpecificity('a/+', 'a/+')).toBe(0);
		expect(Math.sign(compareSpecificity('a/b', 'a/+'))).toBe(-1);
		expect(Math.sign(compareSpecificity('a/+', 'a/b'))).toBe(1);
	});

	it('finds nothing when no filter matches, and keeps the $ rule', () => {
		expect(findBinding([binding('plant/#')], 'office/x')).toBeNull();
		// [MQTT-4.7.2-1] '#' does not match topics that start with '$'.
		expect(findBinding([binding('#')], '$SYS/broker/uptime')).toBeNull();
		expect(findBinding([binding('$SYS/#')], '$SYS/broker/uptime')?.filter).toBe('$SYS/#');
	});

	it('refuses invalid and shared filters in words', () => {
		expect(validateBindingFilter('a/#/b')).toMatchObject({
			ok: false,
			error: { code: 'invalid-topic-filter' },
		});
		const shared = validateBindingFilter('$share/g/a/#');
		expect(shared.ok).toBe(false);
		if (!shared.ok) expect(shared.error.message).toContain("leave out '$share/<name>/'");
		expect(validateBindingFilter('sensors/+/raw')).toEqual({ ok: true, value: 'sensors/+/raw' });
	});
});
