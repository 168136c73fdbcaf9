/**
 * What the IPC layer asks of profiles: the store plus the operations that span it and other
 * services (connecting a saved profile, import by format, export with a file name).
 */
import type { Result } from '../../shared/result';
import type { ConnectionSummary } from '../../shared/model/connection';
import type {
	ImportFormat,
	Profile,
	ProfileImportReport,
	ProfilesOverview,
	ProfileView,
	SecretUpdates,
} from '../../shared/model/profile';
import type { ConnectionManager } from '../connections/connection-manager';
import type { ProfileStore } from './profile-store';
import {
	exportProfiles,
	importMqttExplorer,
	importMqttx,
	importProfiles,
	saveImported,
} from './transfer';

export class ProfileService {
	constructor(
		readonly store: ProfileStore,
		readonly connections: ConnectionManager,
	) {}

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

	/** Opens a connection with the stored profile, secrets decrypted in main only. */
	async connect(id: string): Promise<Result<ConnectionSummary>> {
		const profile = this.store.getWithSecrets(id);
		if (!profile.ok) return profile;
		return this.connections.connect(profile.value, { profileId: id });
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

	async import(
		format: ImportFormat,
		text: string,
		passphrase?: string,
	): Promise<Result<ProfileImportReport>> {
		switch (format) {
			case 'topicscope':
				return importProfiles(this.store, text, passphrase);
			case 'mqtt-explorer': {
				const foreign = importMqttExplorer(text);
				return foreign.ok ? saveImported(this.store, foreign.value) : foreign;
			}
			case 'mqttx': {
				const foreign = importMqttx(text);
				return foreign.ok ? saveImported(this.store, foreign.value) : foreign;
			}
		}
	}
}
