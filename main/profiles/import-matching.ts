/**
 * Which incoming profiles are already saved, and what an import does with them: pure functions of
 * the saved profiles, the file's profiles and the user's choices, so every rule is tested in tables
 * and the store only writes the plan.
 */
import {
	SECRET_FIELDS,
	type ImportAction,
	type ImportChoices,
	type ImportMatch,
	type ImportMatchReason,
	type ImportProfileSummary,
	type Profile,
	type ProfileId,
	type ProfileView,
	type SecretUpdates,
} from '../../shared/model/profile';
import { compareText, normalizeFolder } from './folders';
import type { ImportProblem } from './import-common';
import type { NewProfile, Replacement } from './profile-store';

/** A valid profile from the file. */
export interface IncomingProfile {
	/** Its position among the file's profiles: what matches and choices name. */
	readonly index: number;
	/** The profile, public fields validated; secrets travel in `secretUpdates`. */
	readonly profile: Profile;
	readonly secretUpdates: SecretUpdates;
	/** The id it had where it was exported (Topicscope exports only). */
	readonly fileId?: string;
}

export interface ImportPlan {
	readonly creates: readonly NewProfile[];
	readonly replaces: readonly Replacement[];
	/** Profiles the user chose to skip. */
	readonly skipped: readonly ImportProblem[];
	/** What the user should know about profiles that are imported (renamed copies, client ids). */
	readonly notes: readonly ImportProblem[];
}

export interface PlanOptions {
	readonly hasAllSecrets: boolean;
	readonly generateClientId: () => string;
}

const COPY_SUFFIX = ' (imported)';
const MAX_NAME_LENGTH = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `transport://host:port`, as the UI shows an address. */
export function addressOf(profile: Pick<Profile, 'transport' | 'host' | 'port'>): string {
	return `${profile.transport}://${profile.host}:${profile.port}`;
}

export function summaryOf(profile: ProfileView['profile'] | Profile): ImportProfileSummary {
	return { name: profile.name, folder: profile.folder, address: addressOf(profile) };
}

/**
 * The saved profile each incoming one is taken for, strongest reason first.
 *
 * A saved profile is matched at most once (the first incoming profile to claim it wins, in file
 * order), so a file listing one profile twice cannot replace it twice. Among several equally
 * matching saved profiles the oldest is chosen.
 */
export function findMatches(
	saved: readonly ProfileView[],
	incoming: readonly IncomingProfile[],
): ImportMatch[] {
	const candidates = [...saved].sort((a, b) => a.createdAt - b.createdAt);
	const claimed = new Set<ProfileId>();
	const found = new Map<number, ImportMatch>();
	const rules: [ImportMatchReason, (item: IncomingProfile, view: ProfileView) => boolean][] = [
		['same-id', (item, view) => item.fileId === view.id],
		['same-name-and-address', (item, view) => isSameName(item, view) && isSameAddress(item, view)],
		['same-name', isSameName],
	];
	for (const [reason, isMatch] of rules) {
		for (const item of incoming) {
			if (found.has(item.index)) continue;
			const view = candidates.find((each) => !claimed.has(each.id) && isMatch(item, each));
			if (view === undefined) continue;
			claimed.add(view.id);
			found.set(item.index, {
				index: item.index,
				incoming: summaryOf(item.profile),
				existing: { id: view.id, ...summaryOf(view.profile) },
				reason,
			});
		}
	}
	return [...found.values()].sort((a, b) => a.index - b.index);
}

function isSameName(item: IncomingProfile, view: ProfileView): boolean {
	return (
		folderKey(item.profile.folder) === folderKey(view.profile.folder) &&
		compareText(item.profile.name.trim(), view.profile.name.trim()) === 0
	);
}

function isSameAddress(item: IncomingProfile, view: ProfileView): boolean {
	const a = item.profile;
	const b = view.profile;
	return a.transport === b.transport && isSameHost(a.host, b.host) && a.port === b.port;
}

function isSameHost(a: string, b: string): boolean {
	return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function folderKey(folder: string): string {
	const normal = normalizeFolder(folder);
	return (normal.ok ? normal.value : folder).toLowerCase();
}

/** What each match's action is: its own choice, else the choice for all. */
export function actionFor(index: number, choices: ImportChoices): ImportAction {
	return choices.byIndex?.find((choice) => choice.index === index)?.action ?? choices.action;
}

/**
 * What the import writes, given the matches and the user's choices.
 *
 * Unmatched profiles are added, keeping the id their export carried when it is free (so a later
 * import of an export from this machine matches by id). Replaced profiles take the file's secrets
 * as `hasAllSecrets` says. A copy kept beside a saved profile gets " (imported)" and, when it
 * still has the saved profile's client id, a fresh one: two profiles with one client id take each
 * other's session over on the same broker.
 */
export function planImport(
	saved: readonly ProfileView[],
	incoming: readonly IncomingProfile[],
	matches: readonly ImportMatch[],
	choices: ImportChoices,
	options: PlanOptions,
): ImportPlan {
	const matchOf = new Map(matches.map((match) => [match.index, match]));
	const savedById = new Map(saved.map((view) => [view.id, view]));
	const usedIds = new Set(saved.map((view) => view.id));
	const names = new NameBook(saved.map((view) => view.profile));
	const creates: NewProfile[] = [];
	const replaces: Replacement[] = [];
	const skipped: ImportProblem[] = [];
	const notes: ImportProblem[] = [];
	for (const item of incoming) {
		const match = matchOf.get(item.index);
		const original = match === undefined ? undefined : savedById.get(match.existing.id);
		if (original === undefined) {
			const isIdKept = item.fileId !== undefined && isFreeId(item.fileId, usedIds);
			if (isIdKept) usedIds.add(item.fileId);
			names.add(item.profile);
			creates.push({
				profile: item.profile,
				secretUpdates: item.secretUpdates,
				...(isIdKept ? { id: item.fileId } : {}),
			});
			continue;
		}
		const action = actionFor(item.index, choices);
		if (action === 'skip') {
			skipped.push({
				name: item.profile.name,
				message: `Skipped: already saved as “${original.profile.name}”, left as it was.`,
				isSkipped: true,
			});
		} else if (action === 'replace') {
			names.replace(original.profile, item.profile);
			replaces.push({
				id: original.id,
				profile: item.profile,
				secretUpdates: replacementSecrets(item.secretUpdates, options.hasAllSecrets),
			});
		} else {
			const copy = keptCopy(item.profile, original.profile, names, options.generateClientId);
			names.add(copy.profile);
			creates.push({ profile: copy.profile, secretUpdates: item.secretUpdates });
			notes.push({ name: item.profile.name, message: copy.note, isSkipped: false });
		}
	}
	return { creates, replaces, skipped, notes };
}

function isFreeId(id: string, usedIds: ReadonlySet<string>): boolean {
	return UUID.test(id) && !usedIds.has(id);
}

/** A file with every secret decides them all (unset ones cleared); otherwise unset ones are kept. */
function replacementSecrets(updates: SecretUpdates, hasAllSecrets: boolean): SecretUpdates {
	if (!hasAllSecrets) return updates;
	const exact: SecretUpdates = {};
	for (const field of SECRET_FIELDS) exact[field] = updates[field] ?? null;
	return exact;
}

function keptCopy(
	profile: Profile,
	original: ProfileView['profile'],
	names: NameBook,
	generateClientId: () => string,
): { profile: Profile; note: string } {
	const name = names.free(profile.folder, profile.name);
	const isSharedId = profile.clientId !== '' && profile.clientId === original.clientId;
	const clientId = isSharedId ? generateClientId() : profile.clientId;
	const idNote = isSharedId
		? ` with a new client id (${clientId}), so the two do not take over each other's session`
		: '';
	return {
		profile: { ...profile, name, clientId },
		note: `Kept both: the file's profile was added as “${name}”${idNote}.`,
	};
}

/** Profile names per folder, to find a free one for a copy. */
class NameBook {
	readonly #byFolder = new Map<string, string[]>();

	constructor(profiles: readonly Pick<Profile, 'folder' | 'name'>[]) {
		for (const profile of profiles) this.add(profile);
	}

	add(profile: Pick<Profile, 'folder' | 'name'>): void {
		const key = folderKey(profile.folder);
		this.#byFolder.set(key, [...(this.#byFolder.get(key) ?? []), profile.name.trim()]);
	}

	replace(before: Pick<Profile, 'folder' | 'name'>, after: Pick<Profile, 'folder' | 'name'>): void {
		const key = folderKey(before.folder);
		const names = this.#byFolder.get(key) ?? [];
		const at = names.findIndex((name) => compareText(name, before.name.trim()) === 0);
		if (at >= 0) names.splice(at, 1);
		this.add(after);
	}

	/** `name (imported)`, then `name (imported 2)`… the first not taken in `folder`. */
	free(folder: string, name: string): string {
		const taken = this.#byFolder.get(folderKey(folder)) ?? [];
		const isTaken = (candidate: string) => taken.some((each) => compareText(each, candidate) === 0);
		for (let attempt = 1; ; attempt++) {
			const suffix = attempt === 1 ? COPY_SUFFIX : ` (imported ${attempt})`;
			const candidate = `${name.trim().slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
			if (!isTaken(candidate)) return candidate;
		}
	}
}

/**
 * Notes for imported profiles that share a non-empty client id with another profile on the same
 * host: connected at the same time, the broker closes one for the other, back and forth.
 *
 * `after` is every profile once the import is done; `imported` names which of them it added or
 * replaced (pairs of two saved profiles are not the import's business). Each pair is named once.
 */
export function sharedClientIdNotes(
	after: readonly Pick<Profile, 'name' | 'host' | 'clientId'>[],
	imported: ReadonlySet<number>,
): ImportProblem[] {
	const notes: ImportProblem[] = [];
	for (const i of imported) {
		const profile = after[i];
		if (profile === undefined || profile.clientId === '') continue;
		for (const [j, other] of after.entries()) {
			if (j === i || (imported.has(j) && j < i)) continue;
			if (other.clientId !== profile.clientId || !isSameHost(other.host, profile.host)) continue;
			notes.push({
				name: profile.name,
				message: `Shares the client id “${profile.clientId}” with “${other.name}” on ${profile.host}: connected at the same time, each would take over the other's session. Give one of them another client id.`,
				isSkipped: false,
			});
		}
	}
	return notes;
}
