/**
 * Saving the profiles an import read: validate each, find those already saved, and either ask (no
 * choices given) or write what the user chose in one transaction, then report.
 */
import { ok, type Result } from '../../shared/result';
import { generateClientId } from '../../shared/mqtt/client-id';
import type { ImportChoices, ProfileImportResult } from '../../shared/model/profile';
import { createLogger } from '../log/logger';
import { isObject, type ForeignImport, type ImportProblem } from './import-common';
import {
	findMatches,
	planImport,
	sharedClientIdNotes,
	type IncomingProfile,
} from './import-matching';
import { prepareProfile, splitProfile } from './profile-secrets';
import type { ProfileStore } from './profile-store';

const log = createLogger('profiles');

/**
 * Imports the valid profiles of `foreign` and reports the others.
 *
 * Without `choices`, an import where some profiles are already saved writes nothing and returns
 * the matches, so the user can say what to do; with them (or when nothing matches) it writes
 * every valid profile in one transaction.
 */
export function saveImported(
	store: ProfileStore,
	foreign: ForeignImport,
	choices?: ImportChoices,
): Result<ProfileImportResult> {
	const problems: ImportProblem[] = [...foreign.problems];
	const incoming: IncomingProfile[] = [];
	for (const [index, item] of foreign.profiles.entries()) {
		const secretUpdates = item.secretUpdates ?? {};
		const checked = prepareProfile(item.profile, {}, secretUpdates);
		if (!checked.ok) {
			problems.push({
				name: nameOf(item.profile, index),
				message: checked.error.message,
				isSkipped: true,
			});
			continue;
		}
		incoming.push({
			index,
			profile: splitProfile(checked.value).publicProfile,
			secretUpdates,
			...(item.id === undefined ? {} : { fileId: item.id }),
		});
	}
	const saved = store.list();
	const matches = findMatches(saved, incoming);
	if (matches.length > 0 && choices === undefined) {
		log.info('import waits for a choice', { profiles: incoming.length, matches: matches.length });
		return ok({ kind: 'matches', matches, profileCount: incoming.length, problems });
	}
	const plan = planImport(saved, incoming, matches, choices ?? { action: 'skip' }, {
		hasAllSecrets: foreign.hasAllSecrets ?? false,
		generateClientId,
	});
	const written = store.importMany(plan.creates, plan.replaces);
	if (!written.ok) return written;
	const { created, replaced } = written.value;
	const writtenIds = new Set([...replaced, ...created].map((view) => view.id));
	const after = store.list();
	const importedPositions = new Set(
		after.flatMap((view, position) => (writtenIds.has(view.id) ? [position] : [])),
	);
	const idNotes = sharedClientIdNotes(
		after.map((view) => view.profile),
		importedPositions,
	);
	const invalid = problems.filter((problem) => problem.isSkipped).length;
	return ok({
		kind: 'imported',
		report: {
			imported: created.length,
			replaced: replaced.length,
			skipped: invalid + plan.skipped.length,
			profileIds: [...writtenIds],
			problems: [...problems, ...plan.skipped, ...plan.notes, ...idNotes],
		},
	});
}

function nameOf(profile: unknown, index: number): string {
	const name = isObject(profile) ? profile.name : undefined;
	return typeof name === 'string' && name.trim() !== '' ? name : `Profile ${index + 1}`;
}
