import { describe, expect, it } from 'vitest';
import {
	formsToPolicy,
	formToLimits,
	limitsToForm,
	NO_LIMITS,
} from '../../../renderer/features/history/retention-form';

describe('retention as the settings form writes it', () => {
	it('reads durations, sizes and counts; blank is no limit', () => {
		expect(
			formToLimits({ maxAge: '30d', maxBytes: '2G', maxRows: '1000000', keepPerTopic: '10' }, 'x'),
		).toEqual({
			ok: true,
			value: {
				maxAgeMs: 30 * 86_400_000,
				maxBytes: 2 * 1024 ** 3,
				maxRows: 1_000_000,
				keepPerTopic: 10,
			},
		});
		expect(formToLimits(NO_LIMITS, 'x')).toEqual({ ok: true, value: {} });
	});

	it('writes limits back the way people write them', () => {
		expect(
			limitsToForm({ maxAgeMs: 7 * 86_400_000, maxBytes: 500 * 1024 ** 2, keepPerTopic: 0 }),
		).toEqual({ maxAge: '1w', maxBytes: '500M', maxRows: '', keepPerTopic: '0' });
	});

	it.each([
		[{ maxAge: 'forever' }, 'plant, maximum age'],
		[{ maxAge: '500ms' }, 'maximum age'],
		[{ maxBytes: 'lots' }, 'maximum size'],
		[{ maxRows: '0' }, 'maximum messages'],
		[{ keepPerTopic: '-1' }, 'keep per topic'],
	])('refuses %j, naming the field', (fields, words) => {
		const limits = formToLimits({ ...NO_LIMITS, ...fields }, 'plant');
		expect(limits.ok).toBe(false);
		if (!limits.ok) expect(limits.error.message).toContain(words);
	});

	it('keeps per-connection limits only where some are set', () => {
		const policy = formsToPolicy({ ...NO_LIMITS, maxAge: '7d' }, [
			{ key: 'profile:a', name: 'a', form: { ...NO_LIMITS, maxRows: '100' } },
			{ key: 'profile:b', name: 'b', form: NO_LIMITS },
		]);
		expect(policy).toEqual({
			ok: true,
			value: {
				global: { maxAgeMs: 7 * 86_400_000 },
				connections: { 'profile:a': { maxRows: 100 } },
			},
		});
	});
});
