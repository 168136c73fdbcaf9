/** The words and choices of the import question and its report: pure, so tested in Node. */
import type {
	ImportAction,
	ImportChoices,
	ImportMatch,
	ImportMatchReason,
	ProfileImportReport,
} from '../../../shared/model/profile';

export type Notice = {
	readonly kind: 'info' | 'warning' | 'error';
	readonly text: string;
	/** One line per profile the user should know about. */
	readonly details?: readonly string[];
} | null;

export const ACTION_NAMES: Readonly<Record<ImportAction, string>> = {
	skip: 'Skip',
	replace: 'Replace',
	'keep-both': 'Keep both',
};

export const REASON_TEXT: Readonly<Record<ImportMatchReason, string>> = {
	'same-id': 'the same profile, exported from here',
	'same-name-and-address': 'same name and address',
	'same-name': 'same name, another address',
};

/** The choices to send: every match named with its action, so nothing rides on a default. */
export function choicesFrom(
	matches: readonly ImportMatch[],
	actions: Readonly<Record<number, ImportAction>>,
): ImportChoices {
	return {
		action: 'skip',
		byIndex: matches.map((match) => ({
			index: match.index,
			action: actions[match.index] ?? 'skip',
		})),
	};
}

/** "Imported 2 profiles, replaced 1, skipped 1." with a line per problem or note. */
export function describeImport(report: ProfileImportReport, chosenSkips: number): Notice {
	const { imported, replaced, skipped, problems } = report;
	const parts = [`Imported ${imported} profile${imported === 1 ? '' : 's'}`];
	if (replaced > 0) parts.push(`replaced ${replaced}`);
	if (skipped > 0) parts.push(`skipped ${skipped}`);
	// Skips the user chose are no trouble; profiles skipped because they are invalid are.
	const isRefused = skipped > chosenSkips;
	const hasNotes = problems.some((problem) => !problem.isSkipped);
	return {
		kind: isRefused ? 'error' : hasNotes ? 'warning' : 'info',
		text: `${parts.join(', ')}.`,
		details: problems.map((problem) => `${problem.name}: ${problem.message}`),
	};
}

/** "2 of the 5 profiles in this file are already saved." and what happens to the rest. */
export function describeMatches(matchCount: number, profileCount: number): string {
	const saved =
		matchCount === profileCount
			? `${profileCount === 1 ? 'The profile' : `All ${profileCount} profiles`} in this file ${profileCount === 1 ? 'is' : 'are'} already saved.`
			: `${matchCount} of the ${profileCount} profiles in this file ${matchCount === 1 ? 'is' : 'are'} already saved; the other ${profileCount - matchCount} will be added.`;
	return `${saved} Choose what happens to each; nothing is written until you press Import.`;
}
