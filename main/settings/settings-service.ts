/** The app settings as the renderer and the shells see them, with a listener for changes. */
import {
	SETTINGS_KEYS,
	settingOrDefault,
	type AppSettings,
	type SettingsPatch,
} from '../../shared/model/settings';
import { createLogger } from '../log/logger';
import type { SettingsStorage } from './settings-table';

const log = createLogger('settings');

export class SettingsService {
	readonly #storage: SettingsStorage;
	readonly #listeners = new Set<(settings: AppSettings, changed: readonly string[]) => void>();

	constructor(storage: SettingsStorage) {
		this.#storage = storage;
	}

	get(): AppSettings {
		const entries = SETTINGS_KEYS.map((key) => [
			key,
			settingOrDefault(key, this.#storage.read(key)),
		]);
		return Object.fromEntries(entries) as AppSettings;
	}

	/** Writes the fields `patch` holds (already validated by the contract) and tells listeners. */
	update(patch: SettingsPatch): AppSettings {
		const changed = SETTINGS_KEYS.filter((key) => patch[key] !== undefined);
		for (const key of changed) this.#storage.write(key, patch[key]);
		const settings = this.get();
		if (changed.length > 0) {
			log.info('settings changed', { keys: changed });
			for (const listener of this.#listeners) listener(settings, changed);
		}
		return settings;
	}

	/** Calls `listener` after each change; returns the call that stops it. */
	onChange(listener: (settings: AppSettings, changed: readonly string[]) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** A value main keeps for itself (the window's placement): not part of the contract. */
	readPrivate(key: `private:${string}`): unknown {
		return this.#storage.read(key);
	}

	writePrivate(key: `private:${string}`, value: unknown): void {
		this.#storage.write(key, value);
	}
}
