/**
 * What the IPC layer asks of profiles: the store plus import by format and export with a file
 * name. Connecting a saved profile is the core's (main/core/core.ts): it spans connections too.
 */
import type { Result } from '../../shared/result';
import type {
	ImportChoices,
	ImportFormat,
	Profile,
	ProfileImportResult,
	ProfilesOverview,
	ProfileView,
	SecretUpdates,
} from '../../shared/model/profile';
import type { ProfileStore } from './profile-store';
import {
	exportProfiles,
	importMqttExplorer,
	importMqttx,
	importProfiles,
	saveImported,
} from './transfer';

export class ProfileService {
	constructor(readonly store: ProfileStore) {}

	overview(): ProfilesOverview {
		return {
			profiles: this.store.list(),
			folders: this.store.listFolders(),
			secretStorage: this.store.secretStorage,
		};
	}

	save(id: string | undefined, profile: Profile, secrets: SecretUpdates): Result<ProfileView> {
		return id === undefined
			? this.store.create(profile, secrets)
			: this.store.update(id, profile, secrets);
	}

	async export(
		ids: readonly string[],
		passphrase?: string,
	): Promise<Result<{ json: string; fileName: string }>> {
		const json = await exportProfiles(this.store, ids, passphrase);
		if (!json.ok) return json;
		const date = new Date().toISOString().slice(0, 10);
		return { ok: true, value: { json: json.value, fileName: `topicscope-profiles-${date}.json` } };
	}

	/** Imports a file; without `choices`, profiles already saved are listed to ask, nothing written. */
	async import(
		format: ImportFormat,
		text: string,
		passphrase?: string,
		choices?: ImportChoices,
	): Promise<Result<ProfileImportResult>> {
		switch (format) {
			case 'topicscope':
				return importProfiles(this.store, text, passphrase, choices);
			case 'mqtt-explorer': {
				const foreign = importMqttExplorer(text);
				return foreign.ok ? saveImported(this.store, foreign.value, choices) : foreign;
			}
			case 'mqttx': {
				const foreign = importMqttx(text);
				return foreign.ok ? saveImported(this.store, foreign.value, choices) : foreign;
			}
		}
	}
}
