/**
 * App settings the user chooses: appearance, the layout of a connection's view, the update
 * channel. Kept by main (in the profiles database), so browser mode on another port and the
 * Electron window agree; each field is validated on its own when read, so one damaged value falls
 * back to its default alone.
 */
import * as v from 'valibot';

export const THEMES = ['system', 'light', 'dark', 'high-contrast'] as const;
export type ThemeChoice = (typeof THEMES)[number];
/** What `system` resolves to, and what the page is drawn with. */
export type Theme = Exclude<ThemeChoice, 'system'>;

export const DENSITIES = ['comfortable', 'compact'] as const;
export type Density = (typeof DENSITIES)[number];

export const UPDATE_CHANNELS = ['stable', 'beta'] as const;
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number];

/** Text sizes offered, as a factor of the default (14 px). */
export const FONT_SCALES = [0.85, 1, 1.15, 1.3, 1.5] as const;

export const LayoutSchema = v.strictObject({
	/** The topic tree's share of the connection view's width, in percent. */
	treeWidthPercent: v.pipe(v.number(), v.minValue(20), v.maxValue(80)),
	isTreePaneVisible: v.boolean(),
	isMessagePaneVisible: v.boolean(),
	/** The tab a connection's view opens on (renderer/features/connections: CONNECTION_TABS). */
	connectionTab: v.picklist(['topics', 'retained', 'tools', 'frames', 'broker']),
});
export type Layout = v.InferOutput<typeof LayoutSchema>;

export const SETTINGS_SCHEMAS = {
	theme: v.picklist(THEMES),
	density: v.picklist(DENSITIES),
	fontScale: v.picklist(FONT_SCALES),
	updateChannel: v.picklist(UPDATE_CHANNELS),
	/** Look for a new release (a few seconds after start, then daily). */
	checkForUpdates: v.boolean(),
	layout: LayoutSchema,
} as const;

export type AppSettings = {
	readonly [K in keyof typeof SETTINGS_SCHEMAS]: v.InferOutput<(typeof SETTINGS_SCHEMAS)[K]>;
};
export type SettingsKey = keyof AppSettings;

export const SETTINGS_KEYS = Object.keys(SETTINGS_SCHEMAS) as readonly SettingsKey[];

export const DEFAULT_SETTINGS: AppSettings = {
	theme: 'system',
	density: 'comfortable',
	fontScale: 1,
	updateChannel: 'stable',
	checkForUpdates: true,
	layout: {
		treeWidthPercent: 45,
		isTreePaneVisible: true,
		isMessagePaneVisible: true,
		connectionTab: 'topics',
	},
};

/** A change to some settings: what `settings:update` takes. */
export const SettingsPatchSchema = v.strictObject({
	theme: v.optional(SETTINGS_SCHEMAS.theme),
	density: v.optional(SETTINGS_SCHEMAS.density),
	fontScale: v.optional(SETTINGS_SCHEMAS.fontScale),
	updateChannel: v.optional(SETTINGS_SCHEMAS.updateChannel),
	checkForUpdates: v.optional(SETTINGS_SCHEMAS.checkForUpdates),
	layout: v.optional(SETTINGS_SCHEMAS.layout),
});
export type SettingsPatch = v.InferOutput<typeof SettingsPatchSchema>;

/** The value stored under `key`, or its default when absent or not valid (damaged, older app). */
export function settingOrDefault<K extends SettingsKey>(key: K, stored: unknown): AppSettings[K] {
	const parsed = v.safeParse(SETTINGS_SCHEMAS[key], stored);
	return parsed.success ? (parsed.output as AppSettings[K]) : DEFAULT_SETTINGS[key];
}
