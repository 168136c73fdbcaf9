import { describe, expect, it } from 'vitest';
import { seriesLabel, toSqlJsonPath } from '../../../shared/history/chart-path';

describe('chart paths as people write them, as SQLite reads them', () => {
	it.each([
		['', '$'],
		['$', '$'],
		['data.temp', '$.data.temp'],
		['$.data.temp', '$.data.temp'],
		['sensors[0].value', '$.sensors[0].value'],
		['[2]', '$[2]'],
		['$[1][0]', '$[1][0]'],
		['data["a b"]', '$.data."a b"'],
		['  data.temp  ', '$.data.temp'],
	])('%j → %s', (input, path) => {
		expect(toSqlJsonPath(input)).toEqual({ ok: true, value: path });
	});

	it.each([
		['data..temp', 'a key after "." is a name'],
		['data[x]', 'must hold an index'],
		['data temp', 'expected "." or "["'],
		['data["a\\"b"]', 'double quote'],
	])('refuses %j, saying why', (input, words) => {
		const result = toSqlJsonPath(input);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.error.message).toContain(words);
	});

	it('labels a series by topic and path', () => {
		expect(seriesLabel('plant/temp', '$')).toBe('plant/temp');
		expect(seriesLabel('plant/x', '$.data.temp')).toBe('plant/x data.temp');
		expect(seriesLabel('plant/x', '$[0]')).toBe('plant/x [0]');
	});
});
