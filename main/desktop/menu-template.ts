/**
 * The application menu as plain data, built from the action table (shared/model/app-actions.ts):
 * main/electron/menu.ts turns it into Electron's Menu. macOS gets its app menu first (About,
 * Settings, Services, Hide, Quit); elsewhere File, Edit, View, Connection, Window, Help. Reload
 * and the developer tools are there in development only.
 */
import { actionSpec, type ActionId } from '../../shared/model/app-actions';
import type { AppSettings } from '../../shared/model/settings';

/** Electron's built-in menu roles this menu uses. */
export type MenuRole =
	| 'about'
	| 'services'
	| 'hide'
	| 'hideOthers'
	| 'unhide'
	| 'quit'
	| 'close'
	| 'undo'
	| 'redo'
	| 'cut'
	| 'copy'
	| 'paste'
	| 'selectAll'
	| 'reload'
	| 'forceReload'
	| 'toggleDevTools'
	| 'resetZoom'
	| 'zoomIn'
	| 'zoomOut'
	| 'togglefullscreen'
	| 'minimize'
	| 'zoom'
	| 'front'
	| 'windowMenu';

export type MenuNode =
	| {
			readonly kind: 'action';
			readonly id: ActionId;
			readonly label: string;
			readonly accelerator?: string;
			readonly type?: 'radio' | 'checkbox';
			readonly checked?: boolean;
	  }
	| { readonly kind: 'role'; readonly role: MenuRole }
	| { readonly kind: 'separator' }
	| {
			readonly kind: 'submenu';
			readonly label: string;
			readonly role?: 'appMenu' | 'windowMenu' | 'help';
			readonly items: readonly MenuNode[];
	  };

export interface MenuContext {
	readonly platform: NodeJS.Platform;
	readonly isDevelopment: boolean;
	readonly settings: Pick<AppSettings, 'theme' | 'density'>;
}

const SEPARATOR: MenuNode = { kind: 'separator' };
const role = (name: MenuRole): MenuNode => ({ kind: 'role', role: name });

function action(id: ActionId, label?: string): MenuNode {
	const spec = actionSpec(id);
	return {
		kind: 'action',
		id,
		label: label ?? spec.title,
		...(spec.shortcut ? { accelerator: spec.shortcut } : {}),
	};
}

export function buildMenuTemplate(context: MenuContext): MenuNode[] {
	const isMac = context.platform === 'darwin';
	const { theme, density } = context.settings;
	const themeItem = (id: ActionId, label: string, value: AppSettings['theme']): MenuNode => ({
		kind: 'action',
		id,
		label,
		type: 'radio',
		checked: theme === value,
	});

	const appMenu: MenuNode = {
		kind: 'submenu',
		label: 'Topicscope',
		role: 'appMenu',
		items: [
			action('app.about'),
			action('app.check-updates'),
			SEPARATOR,
			action('app.settings'),
			SEPARATOR,
			role('services'),
			SEPARATOR,
			role('hide'),
			role('hideOthers'),
			role('unhide'),
			SEPARATOR,
			role('quit'),
		],
	};
	const file: MenuNode = {
		kind: 'submenu',
		label: 'File',
		items: [
			action('connection.new'),
			SEPARATOR,
			action('history.transfer'),
			action('history.settings'),
			SEPARATOR,
			...(isMac ? [] : [action('app.settings'), SEPARATOR]),
			role(isMac ? 'close' : 'quit'),
		],
	};
	const edit: MenuNode = {
		kind: 'submenu',
		label: 'Edit',
		items: [
			role('undo'),
			role('redo'),
			SEPARATOR,
			role('cut'),
			role('copy'),
			role('paste'),
			role('selectAll'),
			SEPARATOR,
			action('tree.find'),
			action('history.search'),
		],
	};
	const view: MenuNode = {
		kind: 'submenu',
		label: 'View',
		items: [
			action('palette.open'),
			SEPARATOR,
			action('view.topics'),
			action('view.frames'),
			action('view.broker'),
			action('view.codec'),
			action('history.charts'),
			SEPARATOR,
			action('view.toggle-tree'),
			action('view.toggle-message'),
			action('view.toggle-subscriptions'),
			action('view.toggle-publish'),
			action('view.toggle-history'),
			SEPARATOR,
			action('tree.expand-all'),
			action('tree.collapse-all'),
			action('tree.toggle-sys'),
			SEPARATOR,
			{
				kind: 'submenu',
				label: 'Theme',
				items: [
					themeItem('theme.system', 'Follow the system', 'system'),
					themeItem('theme.light', 'Light', 'light'),
					themeItem('theme.dark', 'Dark', 'dark'),
					themeItem('theme.high-contrast', 'High contrast', 'high-contrast'),
				],
			},
			{
				kind: 'action',
				id: 'density.toggle',
				label: 'Compact rows',
				type: 'checkbox',
				checked: density === 'compact',
			},
			{
				kind: 'submenu',
				label: 'Text size',
				items: [action('text.larger'), action('text.smaller'), action('text.reset')],
			},
			SEPARATOR,
			role('resetZoom'),
			role('zoomIn'),
			role('zoomOut'),
			SEPARATOR,
			role('togglefullscreen'),
			...(context.isDevelopment
				? [SEPARATOR, role('reload'), role('forceReload'), role('toggleDevTools')]
				: []),
		],
	};
	const connection: MenuNode = {
		kind: 'submenu',
		label: 'Connection',
		items: [
			action('connection.connect'),
			action('connection.disconnect'),
			action('connection.close'),
			SEPARATOR,
			action('publish.send'),
			action('broker.check'),
		],
	};
	const window: MenuNode = {
		kind: 'submenu',
		label: 'Window',
		role: 'windowMenu',
		items: isMac
			? [role('minimize'), role('zoom'), SEPARATOR, role('front')]
			: [role('minimize'), role('close')],
	};
	const help: MenuNode = {
		kind: 'submenu',
		label: 'Help',
		role: 'help',
		items: [
			action('palette.open', 'Keyboard shortcuts and commands…'),
			SEPARATOR,
			action('app.open-logs'),
			action('app.open-data'),
			...(isMac ? [] : [SEPARATOR, action('app.check-updates'), action('app.about')]),
		],
	};
	return [...(isMac ? [appMenu] : []), file, edit, view, connection, window, help];
}

/** Every action id the menu holds, in menu order (for enabling them as the renderer says). */
export function menuActionIds(nodes: readonly MenuNode[]): ActionId[] {
	return nodes.flatMap((node) =>
		node.kind === 'action' ? [node.id] : node.kind === 'submenu' ? menuActionIds(node.items) : [],
	);
}
