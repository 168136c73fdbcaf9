import { describe, expect, it } from 'vitest';
import {
	EMPTY_REPLAY,
	EMPTY_SELECTION,
	toReplayRequest,
	toSelection,
} from '../../../renderer/features/history/transfer-form';

const NOW = Date.UTC(2024, 4, 1, 12);

describe('export and replay forms as requests', () => {
	it('selects everything by default, or what is asked', () => {
		expect(toSelection(EMPTY_SELECTION, NOW)).toEqual({ ok: true, value: {} });
		expect(
			toSelection({ topicFilter: 'plant/#', since: '1h', until: '', connectionIds: [2, 3] }, NOW),
		).toEqual({
			ok: true,
			value: { topicFilter: 'plant/#', connectionIds: [2, 3], sinceUs: (NOW - 3_600_000) * 1000 },
		});
	});

	it('replays at the original timing, ×N, or as fast as possible', () => {
		const base = { ...EMPTY_REPLAY, connectionId: 'c1' };
		expect(toReplayRequest(base, NOW)).toEqual({
			ok: true,
			value: { selection: {}, connectionId: 'c1', speed: 1, stripRetain: false, dryRun: true },
		});
		const fast = toReplayRequest({ ...base, timing: 'scaled', factor: '2.5' }, NOW);
		expect(fast.ok && fast.value.speed).toBe(2.5);
		const max = toReplayRequest({ ...base, timing: 'max' }, NOW);
		expect(max.ok && max.value.speed).toBe('max');
	});

	it('rewrites a prefix and strips retain when asked', () => {
		const request = toReplayRequest(
			{
				...EMPTY_REPLAY,
				connectionId: 'c1',
				fromPrefix: 'plant/',
				toPrefix: 'staging/plant/',
				stripRetain: true,
				dryRun: false,
			},
			NOW,
		);
		expect(request).toMatchObject({
			ok: true,
			value: {
				rewrite: { from: 'plant/', to: 'staging/plant/' },
				stripRetain: true,
				dryRun: false,
			},
		});
	});

	it.each([
		[{ connectionId: '' }, 'Choose the connection'],
		[{ timing: 'scaled' as const, factor: 'fast' }, 'Speed'],
		[{ toPrefix: 'x/' }, 'which prefix to replace'],
		[{ selection: { ...EMPTY_SELECTION, topicFilter: '#/a' } }, "'#'"],
	])('refuses %j, saying why', (fields, words) => {
		const request = toReplayRequest({ ...EMPTY_REPLAY, connectionId: 'c1', ...fields }, NOW);
		expect(request.ok).toBe(false);
		if (!request.ok) expect(request.error.message).toContain(words);
	});
});
