import { describe, expect, it } from 'vitest';
import {
	choicesFrom,
	describeImport,
	describeMatches,
} from '../../../renderer/features/connections/import-report';
import type { ImportMatch } from '../../../shared/model/profile';

function match(index: number): ImportMatch {
	const summary = { name: `P${index}`, folder: '', address: 'mqtt://h:1883' };
	return {
		index,
		incoming: summary,
		existing: { ...summary, id: `id-${index}` },
		reason: 'same-id',
	};
}

describe('choicesFrom', () => {
	it('names every match with its action, skip when none was chosen', () => {
		expect(choicesFrom([match(0), match(2), match(5)], { 2: 'replace', 5: 'keep-both' })).toEqual({
			action: 'skip',
			byIndex: [
				{ index: 0, action: 'skip' },
				{ index: 2, action: 'replace' },
				{ index: 5, action: 'keep-both' },
			],
		});
	});
});

describe('describeImport', () => {
	const report = { imported: 1, replaced: 1, skipped: 1, profileIds: ['a', 'b'], problems: [] };

	it('counts what happened, and is plain info when nothing needs saying', () => {
		expect(describeImport(report, 1)).toEqual({
			kind: 'info',
			text: 'Imported 1 profile, replaced 1, skipped 1.',
			details: [],
		});
		expect(describeImport({ ...report, imported: 3, replaced: 0, skipped: 0 }, 0)?.text).toBe(
			'Imported 3 profiles.',
		);
	});

	it('is a warning with notes, and an error when profiles were refused as invalid', () => {
		const note = { name: 'Gateway', message: 'Shares the client id …', isSkipped: false };
		expect(describeImport({ ...report, problems: [note] }, 1)).toMatchObject({
			kind: 'warning',
			details: ['Gateway: Shares the client id …'],
		});
		const refused = { name: 'Bad', message: 'port: Invalid', isSkipped: true };
		expect(describeImport({ ...report, skipped: 2, problems: [refused] }, 1)?.kind).toBe('error');
	});
});

describe('describeMatches', () => {
	it('says how many are already saved and what happens to the others', () => {
		expect(describeMatches(3, 3)).toMatch(/^All 3 profiles in this file are already saved\./);
		expect(describeMatches(1, 1)).toMatch(/^The profile in this file is already saved\./);
		expect(describeMatches(2, 5)).toMatch(
			/^2 of the 5 profiles in this file are already saved; the other 3 will be added\./,
		);
	});
});
