import { describe, expect, it } from 'vitest';
import {
	buildMenuTemplate,
	menuActionIds,
	type MenuNode,
} from '../../../main/desktop/menu-template';
import { ACTION_IDS, actionSpec } from '../../../shared/model/app-actions';

const settings = { theme: 'dark', density: 'compact' } as const;

function labels(nodes: readonly MenuNode[]): string[] {
	return nodes.map((node) => (node.kind === 'submenu' ? node.label : node.kind));
}

function roles(nodes: readonly MenuNode[]): string[] {
	return nodes.flatMap((node) =>
		node.kind === 'role' ? [node.role] : node.kind === 'submenu' ? roles(node.items) : [],
	);
}

function find(nodes: readonly MenuNode[], label: string): MenuNode | undefined {
	for (const node of nodes) {
		if (node.kind === 'action' && node.label === label) return node;
		if (node.kind === 'submenu') {
			if (node.label === label) return node;
			const inner = find(node.items, label);
			if (inner) return inner;
		}
	}
	return undefined;
}

describe('application menu', () => {
	it('puts the app menu first on macOS and File…Help elsewhere', () => {
		const mac = buildMenuTemplate({ platform: 'darwin', isDevelopment: false, settings });
		expect(labels(mac)).toEqual([
			'Topicscope',
			'File',
			'Edit',
			'View',
			'Connection',
			'Window',
			'Help',
		]);
		const appMenu = mac[0];
		expect(appMenu?.kind === 'submenu' && appMenu.role).toBe('appMenu');
		expect(roles(mac)).toContain('quit');
		const linux = buildMenuTemplate({ platform: 'linux', isDevelopment: false, settings });
		expect(labels(linux)).toEqual(['File', 'Edit', 'View', 'Connection', 'Window', 'Help']);
		expect(find(linux, 'About Topicscope')).toBeDefined();
	});

	it('has reload and developer tools in development only', () => {
		for (const platform of ['darwin', 'win32', 'linux'] as const) {
			const packaged = roles(buildMenuTemplate({ platform, isDevelopment: false, settings }));
			expect(packaged).not.toContain('toggleDevTools');
			expect(packaged).not.toContain('reload');
			const development = roles(buildMenuTemplate({ platform, isDevelopment: true, settings }));
			expect(development).toEqual(
				expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']),
			);
		}
	});

	it('offers every action with its shortcut, and shows the theme and density chosen', () => {
		for (const platform of ['darwin', 'win32'] as const) {
			const menu = buildMenuTemplate({ platform, isDevelopment: false, settings });
			expect(new Set(menuActionIds(menu))).toEqual(new Set(ACTION_IDS));
		}
		const menu = buildMenuTemplate({ platform: 'linux', isDevelopment: false, settings });
		expect(find(menu, 'Find in topic tree…')).toMatchObject({ accelerator: 'CmdOrCtrl+F' });
		expect(find(menu, 'Publish')).toMatchObject({ accelerator: 'CmdOrCtrl+Enter' });
		expect(find(menu, 'New connection')).toMatchObject({
			accelerator: actionSpec('connection.new').shortcut,
		});
		expect(find(menu, 'Dark')).toMatchObject({ type: 'radio', checked: true });
		expect(find(menu, 'Light')).toMatchObject({ type: 'radio', checked: false });
		expect(find(menu, 'Compact rows')).toMatchObject({ type: 'checkbox', checked: true });
		expect(roles(menu)).toEqual(
			expect.arrayContaining(['copy', 'paste', 'zoomIn', 'zoomOut', 'resetZoom']),
		);
	});
});
