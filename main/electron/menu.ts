/**
 * The application menu: main/desktop/menu-template.ts decides its items; here they become
 * Electron's. An action item sends its id to the window, whose action registry runs it (the same
 * registry the palette and the shortcuts use); the window says which actions apply right now.
 */
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { ActionId } from '../../shared/model/app-actions';
import {
	buildMenuTemplate,
	menuActionIds,
	type MenuContext,
	type MenuNode,
} from '../desktop/menu-template';
import { BRIDGE_CHANNELS } from './preload/bridge-channels';

function toElectron(node: MenuNode, send: (id: ActionId) => void): MenuItemConstructorOptions {
	switch (node.kind) {
		case 'separator':
			return { type: 'separator' };
		case 'role':
			return { role: node.role };
		case 'submenu':
			return {
				label: node.label,
				...(node.role ? { role: node.role } : {}),
				submenu: node.items.map((item) => toElectron(item, send)),
			};
		case 'action':
			return {
				id: node.id,
				label: node.label,
				...(node.accelerator ? { accelerator: node.accelerator } : {}),
				...(node.type ? { type: node.type, checked: node.checked ?? false } : {}),
				// The window handles the keys itself (one registry for keys, menu and palette); the
				// menu shows them. macOS gives the window first refusal before the menu (Electron
				// sends a key equivalent to the page and only an unhandled one to the menu).
				registerAccelerator: process.platform === 'darwin',
				click: () => send(node.id),
			};
	}
}

export function installMenu(
	getWindow: () => BrowserWindow | null,
	context: MenuContext,
): { setEnabled(ids: readonly ActionId[]): void } {
	const send = (id: ActionId): void => {
		// On macOS the app outlives its window: a closed one is destroyed, not null.
		const window = getWindow();
		if (!window || window.isDestroyed() || window.webContents.isDestroyed()) return;
		window.webContents.send(BRIDGE_CHANNELS.action, id);
	};
	const template = buildMenuTemplate(context);
	Menu.setApplicationMenu(Menu.buildFromTemplate(template.map((node) => toElectron(node, send))));
	const ids = menuActionIds(template);
	return {
		setEnabled(enabled) {
			const menu = Menu.getApplicationMenu();
			const on = new Set(enabled);
			for (const id of ids) {
				const item = menu?.getMenuItemById(id);
				if (item) item.enabled = on.has(id);
			}
		},
	};
}
