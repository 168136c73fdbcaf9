/**
 * The app settings as this window uses them: read from main once, changed here first (so the
 * screen follows at once) and then saved by main. Also resolves "follow the system" to a theme,
 * listening to the system's colour scheme and contrast preference.
 */
import { createContext } from 'svelte';
import { createSubscriber } from 'svelte/reactivity';
import {
	DEFAULT_SETTINGS,
	FONT_SCALES,
	type AppSettings,
	type SettingsPatch,
	type Theme,
} from '../../shared/model/settings';
import { api } from '../lib/api';

/** The system's preferences, tracked while something reads them. */
function systemTheme(): Theme {
	if (window.matchMedia('(prefers-contrast: more)').matches) return 'high-contrast';
	if (window.matchMedia('(forced-colors: active)').matches) return 'high-contrast';
	return window.matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export class SettingsState {
	#settings = $state.raw<AppSettings>(DEFAULT_SETTINGS);
	/** False until main has answered: the first paint uses the defaults. */
	isLoaded = $state(false);
	#system = $state<Theme>(systemTheme());
	readonly #watchSystem = createSubscriber((update) => {
		const queries = [
			'(prefers-color-scheme: light)',
			'(prefers-contrast: more)',
			'(forced-colors: active)',
		].map((query) => window.matchMedia(query));
		const changed = (): void => {
			this.#system = systemTheme();
			update();
		};
		for (const query of queries) query.addEventListener('change', changed);
		return () => {
			for (const query of queries) query.removeEventListener('change', changed);
		};
	});

	get value(): AppSettings {
		return this.#settings;
	}

	/** The theme drawn: the chosen one, or the system's. */
	get theme(): Theme {
		this.#watchSystem();
		return this.#settings.theme === 'system' ? this.#system : this.#settings.theme;
	}

	async load(): Promise<void> {
		const answer = await api.invoke('settings:get', {});
		if (answer.ok) this.#settings = answer.value;
		this.isLoaded = true;
	}

	async update(patch: SettingsPatch): Promise<void> {
		this.#settings = { ...this.#settings, ...patch };
		const answer = await api.invoke('settings:update', patch);
		if (answer.ok) this.#settings = answer.value;
	}

	/** A list's row height for a design height at the default text size and density. */
	rowHeight(base: number): number {
		const { fontScale, density } = this.#settings;
		return Math.round(base * fontScale * (density === 'compact' ? 0.8 : 1));
	}

	/** One step larger or smaller text (within the sizes offered), or the default. */
	stepFontScale(direction: 1 | -1 | 0): void {
		const at = FONT_SCALES.indexOf(this.#settings.fontScale);
		const next =
			direction === 0
				? 1
				: FONT_SCALES[Math.max(0, Math.min(FONT_SCALES.length - 1, at + direction))];
		if (next !== undefined && next !== this.#settings.fontScale)
			void this.update({ fontScale: next });
	}
}

export const [getSettings, setSettings] = createContext<SettingsState>();
