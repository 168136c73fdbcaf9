/** Saved connection profiles as main lists them, and the actions on them. */
import type { AppError } from '../../../shared/result';
import type { ConnectionSummary } from '../../../shared/model/connection';
import type {
	ImportAction,
	ImportChoices,
	ImportFormat,
	ImportMatch,
	ProfileImportProblem,
	ProfilesOverview,
	ProfileView,
} from '../../../shared/model/profile';
import { api } from '../../lib/api';
import { firehoseGuard } from '../../lib/firehose-guard.svelte';
import { choicesFrom, describeImport, type Notice } from './import-report';

export type { Notice } from './import-report';

/** An import waiting for the user to say what happens to profiles already saved. */
export interface PendingImport {
	readonly format: ImportFormat;
	readonly text: string;
	readonly passphrase: string;
	readonly matches: readonly ImportMatch[];
	readonly profileCount: number;
	readonly problems: readonly ProfileImportProblem[];
}

export class ProfilesState {
	overview = $state.raw<ProfilesOverview | null>(null);
	notice = $state.raw<Notice>(null);
	unavailable = $state.raw<AppError | null>(null);
	pendingImport = $state.raw<PendingImport | null>(null);
	/** The action chosen for each match of the pending import, by its position in the file. */
	importActions = $state<Record<number, ImportAction>>({});

	/** Profiles grouped by folder, folders in order ('' first). */
	readonly groups = $derived.by(() => {
		// A local, rebuilt on every change: nothing observes it, so a plain Map is right.
		// eslint-disable-next-line svelte/prefer-svelte-reactivity
		const groups = new Map<string, ProfilesOverview['profiles'][number][]>();
		for (const view of this.overview?.profiles ?? []) {
			const list = groups.get(view.profile.folder) ?? [];
			list.push(view);
			groups.set(view.profile.folder, list);
		}
		return [...groups.entries()];
	});

	/** `onrefresh` hears every list main sends, so the form can follow what changed under it. */
	readonly #onrefresh: (overview: ProfilesOverview) => void;

	constructor(onrefresh: (overview: ProfilesOverview) => void = () => {}) {
		this.#onrefresh = onrefresh;
	}

	async refresh(): Promise<void> {
		const result = await api.invoke('profiles:list', {});
		if (result.ok) {
			this.overview = result.value;
			this.unavailable = null;
			this.#onrefresh(result.value);
		} else {
			this.unavailable = result.error;
		}
	}

	async duplicate(id: string): Promise<void> {
		this.#report(await api.invoke('profiles:duplicate', { id }), 'Duplicated.');
		await this.refresh();
	}

	/** Deletes a profile; true when it is gone. */
	async remove(id: string): Promise<boolean> {
		const result = await api.invoke('profiles:remove', { id });
		this.#report(result, 'Deleted.');
		await this.refresh();
		return result.ok;
	}

	/** Connects a saved profile without the form; a failure is reported here, naming it. */
	async connect(view: ProfileView): Promise<ConnectionSummary | null> {
		const filters = view.profile.subscriptions
			.filter((subscription) => subscription.isEnabled !== false)
			.map((subscription) => subscription.filter);
		// `#` on a public broker: ask first, as the form does.
		if (!(await firehoseGuard.confirm(view.profile.host, filters))) return null;
		const result = await api.invoke('profiles:connect', { id: view.id });
		if (result.ok) return result.value;
		this.notice = {
			kind: 'error',
			text: `“${view.profile.name}” did not connect: ${result.error.message}`,
		};
		return null;
	}

	/** Exports every profile; secrets only when a passphrase is given. Returns the file to download. */
	async export(passphrase: string): Promise<{ json: string; fileName: string } | null> {
		const ids = (this.overview?.profiles ?? []).map((view) => view.id);
		const result = await api.invoke('profiles:export', {
			ids,
			...(passphrase ? { passphrase } : {}),
		});
		if (!result.ok) {
			this.notice = { kind: 'error', text: result.error.message };
			return null;
		}
		this.notice = {
			kind: 'info',
			text: passphrase
				? `Exported ${ids.length} profiles with their secrets, encrypted with your passphrase.`
				: `Exported ${ids.length} profiles without passwords or keys (give a passphrase to include them).`,
		};
		return result.value;
	}

	/**
	 * Imports a file. When some of its profiles are already saved, nothing is written yet: they
	 * become `pendingImport`, each set to skip, until `finishImport` has the user's answer.
	 */
	async import(format: ImportFormat, text: string, passphrase: string): Promise<void> {
		await this.#import({ format, text, passphrase }, undefined);
	}

	/** Sets every match of the pending import to `action`. */
	chooseForAll(action: ImportAction): void {
		for (const match of this.pendingImport?.matches ?? []) this.importActions[match.index] = action;
	}

	/** Finishes the pending import with the actions chosen, or drops it (`isCancelled`). */
	async finishImport(isCancelled = false): Promise<void> {
		const pending = this.pendingImport;
		this.pendingImport = null;
		if (pending === null) return;
		if (isCancelled) {
			this.notice = { kind: 'info', text: 'Import cancelled: nothing was changed.' };
			return;
		}
		await this.#import(pending, choicesFrom(pending.matches, this.importActions));
	}

	async #import(
		file: Pick<PendingImport, 'format' | 'text' | 'passphrase'>,
		choices: ImportChoices | undefined,
	): Promise<void> {
		const { format, text, passphrase } = file;
		const result = await api.invoke('profiles:import', {
			format,
			text,
			...(passphrase ? { passphrase } : {}),
			...(choices ? { choices } : {}),
		});
		if (!result.ok) {
			this.notice = { kind: 'error', text: result.error.message };
			return;
		}
		const answer = result.value;
		if (answer.kind === 'matches') {
			this.importActions = Object.fromEntries(answer.matches.map((match) => [match.index, 'skip']));
			this.pendingImport = { ...file, ...answer };
			this.notice = null;
			return;
		}
		const chosenSkips = choices?.byIndex?.filter((choice) => choice.action === 'skip').length ?? 0;
		this.notice = describeImport(answer.report, chosenSkips);
		await this.refresh();
	}

	#report(result: { ok: boolean; error?: AppError }, success: string): void {
		this.notice = result.ok
			? { kind: 'info', text: success }
			: { kind: 'error', text: result.error?.message ?? 'Failed.' };
	}
}
