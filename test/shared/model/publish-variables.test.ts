import { describe, expect, it } from 'vitest';
import {
	expandVariables,
	hasVariables,
	withSampleValues,
} from '../../../shared/model/publish-variables';

const values = { nowMs: Date.UTC(2025, 4, 1, 12, 0, 0, 7), uuid: () => 'u-u-i-d', counter: 42 };

describe('expandVariables', () => {
	it.each([
		['{{now}}', '2025-05-01T12:00:00.007Z'],
		['{{timestamp}}', String(Date.UTC(2025, 4, 1, 12, 0, 0, 7))],
		['{{uuid}}', 'u-u-i-d'],
		['{{counter}}', '42'],
		['a/{{counter}}/b/{{counter}}', 'a/42/b/42'],
		['{{Counter}} {{ counter }} {{other}}', '{{Counter}} {{ counter }} {{other}}'],
		['no variables', 'no variables'],
	])('%s → %s', (text, expected) => {
		expect(expandVariables(text, values)).toBe(expected);
	});

	it('draws a fresh UUID for each occurrence', () => {
		let n = 0;
		expect(expandVariables('{{uuid}} {{uuid}}', { ...values, uuid: () => `id${++n}` })).toBe(
			'id1 id2',
		);
	});

	it('says whether a text uses variables, and makes JSON templates checkable', () => {
		expect(hasVariables('x {{now}}')).toBe(true);
		expect(hasVariables('x {{later}}')).toBe(false);
		expect(JSON.parse(withSampleValues('{"n": {{counter}}, "at": "{{now}}"}'))).toEqual({
			n: 1,
			at: '1970-01-01T00:00:00.000Z',
		});
	});
});
