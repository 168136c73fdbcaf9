/**
 * Every app action the menu, the command palette and the keyboard shortcuts offer, named once:
 * the Electron menu (main/desktop/menu-template.ts) and the renderer's registry
 * (renderer/app/actions.svelte.ts) both read this table. Shortcuts use Electron's accelerator
 * syntax; `CmdOrCtrl` is ⌘ on macOS and Ctrl elsewhere.
 */

export const ACTION_IDS = [
	'palette.open',
	'connection.new',
	'connection.connect',
	'connection.disconnect',
	'connection.close',
	'tree.find',
	'tree.expand-all',
	'tree.collapse-all',
	'tree.toggle-sys',
	'publish.send',
	'broker.check',
	'view.topics',
	'view.frames',
	'view.broker',
	'view.codec',
	'view.toggle-tree',
	'view.toggle-message',
	'view.toggle-subscriptions',
	'view.toggle-publish',
	'view.toggle-history',
	'history.search',
	'history.charts',
	'history.transfer',
	'history.settings',
	'theme.system',
	'theme.light',
	'theme.dark',
	'theme.high-contrast',
	'density.toggle',
	'text.larger',
	'text.smaller',
	'text.reset',
	'app.settings',
	'app.about',
	'app.open-logs',
	'app.open-data',
	'app.check-updates',
] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export type ActionMenu = 'File' | 'Edit' | 'View' | 'Connection' | 'Help';

export interface ActionSpec {
	readonly id: ActionId;
	readonly title: string;
	/** Where the menu shows it (the palette groups by it too). */
	readonly menu: ActionMenu;
	readonly shortcut?: string;
	/** A second shortcut, listed after the first. */
	readonly altShortcut?: string;
}

export const ACTIONS: readonly ActionSpec[] = [
	{ id: 'connection.new', title: 'New connection', menu: 'File', shortcut: 'CmdOrCtrl+N' },
	{ id: 'connection.connect', title: 'Connect', menu: 'Connection', shortcut: 'CmdOrCtrl+Shift+O' },
	{
		id: 'connection.disconnect',
		title: 'Disconnect',
		menu: 'Connection',
		shortcut: 'CmdOrCtrl+Shift+D',
	},
	{ id: 'connection.close', title: 'Close connection', menu: 'Connection' },
	{ id: 'tree.find', title: 'Find in topic tree…', menu: 'Edit', shortcut: 'CmdOrCtrl+F' },
	{ id: 'tree.expand-all', title: 'Expand all topics', menu: 'View' },
	{ id: 'tree.collapse-all', title: 'Collapse all topics', menu: 'View' },
	{ id: 'tree.toggle-sys', title: 'Show or hide $SYS topics', menu: 'View' },
	{ id: 'publish.send', title: 'Publish', menu: 'Connection', shortcut: 'CmdOrCtrl+Enter' },
	{ id: 'broker.check', title: 'Check the broker…', menu: 'Connection' },
	{ id: 'view.topics', title: 'Show topics', menu: 'View', shortcut: 'CmdOrCtrl+1' },
	{ id: 'view.frames', title: 'Show frames', menu: 'View', shortcut: 'CmdOrCtrl+2' },
	{ id: 'view.broker', title: 'Open broker panel', menu: 'View', shortcut: 'CmdOrCtrl+4' },
	{ id: 'view.codec', title: 'Show codec panel', menu: 'View', shortcut: 'CmdOrCtrl+3' },
	{ id: 'view.toggle-tree', title: 'Toggle topic tree', menu: 'View', shortcut: 'CmdOrCtrl+B' },
	{
		id: 'view.toggle-message',
		title: 'Toggle message panel',
		menu: 'View',
		shortcut: 'CmdOrCtrl+J',
	},
	{ id: 'view.toggle-subscriptions', title: 'Toggle subscriptions panel', menu: 'View' },
	{ id: 'view.toggle-publish', title: 'Toggle publish panel', menu: 'View' },
	{
		id: 'view.toggle-history',
		title: "Toggle the selected topic's history",
		menu: 'View',
		shortcut: 'CmdOrCtrl+Shift+H',
	},
	{
		id: 'history.search',
		title: 'Search history…',
		menu: 'Edit',
		shortcut: 'CmdOrCtrl+Shift+F',
	},
	{ id: 'history.charts', title: 'History charts', menu: 'View', shortcut: 'CmdOrCtrl+5' },
	{ id: 'history.transfer', title: 'Export, import or replay history…', menu: 'File' },
	{ id: 'history.settings', title: 'History database and retention…', menu: 'File' },
	{ id: 'theme.system', title: 'Theme: follow the system', menu: 'View' },
	{ id: 'theme.light', title: 'Theme: light', menu: 'View' },
	{ id: 'theme.dark', title: 'Theme: dark', menu: 'View' },
	{ id: 'theme.high-contrast', title: 'Theme: high contrast', menu: 'View' },
	{ id: 'density.toggle', title: 'Compact rows', menu: 'View' },
	{ id: 'text.larger', title: 'Larger text', menu: 'View', shortcut: 'CmdOrCtrl+Alt+=' },
	{ id: 'text.smaller', title: 'Smaller text', menu: 'View', shortcut: 'CmdOrCtrl+Alt+-' },
	{ id: 'text.reset', title: 'Default text size', menu: 'View', shortcut: 'CmdOrCtrl+Alt+0' },
	{ id: 'app.settings', title: 'Settings…', menu: 'File', shortcut: 'CmdOrCtrl+,' },
	{ id: 'app.about', title: 'About Topicscope', menu: 'Help' },
	{ id: 'app.open-logs', title: 'Open logs folder', menu: 'Help' },
	{ id: 'app.open-data', title: 'Open data folder', menu: 'Help' },
	{ id: 'app.check-updates', title: 'Check for updates…', menu: 'Help' },
	{
		id: 'palette.open',
		title: 'Command palette…',
		menu: 'View',
		shortcut: 'CmdOrCtrl+K',
		altShortcut: 'CmdOrCtrl+Shift+P',
	},
];

export function actionSpec(id: ActionId): ActionSpec {
	const spec = ACTIONS.find((action) => action.id === id);
	if (spec === undefined) throw new Error(`no action ${id}`);
	return spec;
}

export function isActionId(value: unknown): value is ActionId {
	return typeof value === 'string' && (ACTION_IDS as readonly string[]).includes(value);
}

/** A shortcut split into its modifiers and key (`CmdOrCtrl+Shift+P`). */
export interface ParsedShortcut {
	readonly mod: boolean;
	readonly shift: boolean;
	readonly alt: boolean;
	/** Lower case for letters; `enter`, `=`, `-`, `,`, digits as they are. */
	readonly key: string;
}

export function parseShortcut(shortcut: string): ParsedShortcut {
	const parts = shortcut.split('+');
	// "CmdOrCtrl+Alt+=" splits cleanly; a trailing "+" key would not, and none is used.
	const key = (parts.pop() ?? '').toLowerCase();
	return {
		mod: parts.includes('CmdOrCtrl'),
		shift: parts.includes('Shift'),
		alt: parts.includes('Alt'),
		key,
	};
}

/** The fields of a KeyboardEvent a shortcut is matched on. */
export interface KeyPress {
	readonly key: string;
	readonly code: string;
	readonly ctrlKey: boolean;
	readonly metaKey: boolean;
	readonly shiftKey: boolean;
	readonly altKey: boolean;
}

/** The key a press names: `event.key`, or the physical key when Alt or a layout changed it. */
function pressedKeys(press: KeyPress): string[] {
	const keys = [press.key.toLowerCase()];
	const code = press.code;
	if (code.startsWith('Key')) keys.push(code.slice(3).toLowerCase());
	else if (code.startsWith('Digit')) keys.push(code.slice(5));
	else if (code === 'Equal') keys.push('=');
	else if (code === 'Minus') keys.push('-');
	else if (code === 'Comma') keys.push(',');
	else if (code === 'Enter' || code === 'NumpadEnter') keys.push('enter');
	return keys;
}

export function matchesShortcut(shortcut: string, press: KeyPress, isMac: boolean): boolean {
	const wanted = parseShortcut(shortcut);
	const mod = isMac ? press.metaKey : press.ctrlKey;
	const otherMod = isMac ? press.ctrlKey : press.metaKey;
	return (
		mod === wanted.mod &&
		!otherMod &&
		press.shiftKey === wanted.shift &&
		press.altKey === wanted.alt &&
		pressedKeys(press).includes(wanted.key)
	);
}

/** How a shortcut is written for the user: `⌘⇧P` on macOS, `Ctrl+Shift+P` elsewhere. */
export function formatShortcut(shortcut: string, isMac: boolean): string {
	const { mod, shift, alt, key } = parseShortcut(shortcut);
	const name =
		key === 'enter' ? (isMac ? '↩' : 'Enter') : key.length === 1 ? key.toUpperCase() : key;
	if (isMac) return `${alt ? '⌥' : ''}${shift ? '⇧' : ''}${mod ? '⌘' : ''}${name}`;
	return [mod ? 'Ctrl' : '', alt ? 'Alt' : '', shift ? 'Shift' : '', name]
		.filter((part) => part !== '')
		.join('+');
}
