/** Saved connection profiles as main lists them, and the actions on them. */
import type { AppError } from '../../../shared/result';
import type { ConnectionSummary } from '../../../shared/model/connection';
import type { ImportFormat, ProfilesOverview, ProfileView } from '../../../shared/model/profile';
import { api } from '../../lib/api';

export type Notice = { readonly kind: 'info' | 'error'; readonly text: string } | null;

export class ProfilesState {
	overview = $state.raw<ProfilesOverview | null>(null);
	notice = $state.raw<Notice>(null);
	unavailable = $state.raw<AppError | null>(null);

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

	async refresh(): Promise<void> {
		const result = await api.invoke('profiles:list', {});
		if (result.ok) {
			this.overview = result.value;
			this.unavailable = null;
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

	async import(format: ImportFormat, text: string, passphrase: string): Promise<void> {
		const result = await api.invoke('profiles:import', {
			format,
			text,
			...(passphrase ? { passphrase } : {}),
		});
		if (!result.ok) {
			this.notice = { kind: 'error', text: result.error.message };
			return;
		}
		const { imported, skipped, problems } = result.value;
		const details = problems.map((problem) => `${problem.name}: ${problem.message}`).join(' ');
		this.notice = {
			kind: skipped > 0 ? 'error' : 'info',
			text: `Imported ${imported} profile${imported === 1 ? '' : 's'}${skipped ? `, skipped ${skipped}` : ''}. ${details}`.trim(),
		};
		await this.refresh();
	}

	#report(result: { ok: boolean; error?: AppError }, success: string): void {
		this.notice = result.ok
			? { kind: 'info', text: success }
			: { kind: 'error', text: result.error?.message ?? 'Failed.' };
	}
}
