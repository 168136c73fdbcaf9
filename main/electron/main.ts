/**
 * The Electron shell: one window on the built renderer, sandboxed and context-isolated, with the
 * core behind the preload bridge. Everything else lives in the core, which runs without Electron.
 */
import { app, BrowserWindow, ipcMain, nativeTheme, safeStorage, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Core } from '../core/core';
import { APP_VERSION } from '../core/version';
import { Router } from '../ipc/router';
import { createLogger, setLogFile } from '../log/logger';
import { isActionId } from '../../shared/model/app-actions';
import { err, ok } from '../../shared/result';
import { attachIpc } from './ipc-adapter';
import { installMenu } from './menu';
import { BRIDGE_CHANNELS } from './preload/bridge-channels';
import { createSafeStorageBox } from './safe-storage-box';
import { saveWithDialog } from './save-file';
import { createUpdater } from './updater';
import { restoredPlacement, trackWindowState } from './window-state';

const log = createLogger('electron');

function createWindow(rendererFile: string, core: Core): BrowserWindow {
	const placement = restoredPlacement(core.settings);
	const theme = core.settings.get().theme;
	const isDark =
		theme === 'dark' ||
		theme === 'high-contrast' ||
		(theme === 'system' && nativeTheme.shouldUseDarkColors);
	const window = new BrowserWindow({
		...placement.bounds,
		minWidth: 800,
		minHeight: 500,
		title: 'Topicscope',
		// The page's own background, so no white or black flash before it paints.
		backgroundColor: theme === 'high-contrast' ? '#000000' : isDark ? '#14161a' : '#f7f8fa',
		show: false,
		webPreferences: {
			preload: join(__dirname, 'preload.cjs'),
			contextIsolation: true,
			sandbox: true,
			nodeIntegration: false,
			webSecurity: true,
			spellcheck: false,
		},
	});
	const contents = window.webContents;
	// The app never navigates: links to the web open in the user's browser, nothing else opens.
	contents.on('will-navigate', (event) => event.preventDefault());
	contents.setWindowOpenHandler(({ url }) => {
		if (/^https?:\/\//.test(url)) void shell.openExternal(url);
		return { action: 'deny' };
	});
	contents.on('console-message', (details) => {
		log.info('renderer console', { level: details.level, message: details.message });
	});
	window.once('ready-to-show', () => {
		if (placement.isMaximized) window.maximize();
		if (placement.isFullScreen) window.setFullScreen(true);
		window.show();
	});
	trackWindowState(window, core.settings);
	void window.loadFile(rendererFile);
	return window;
}

/** Opens a folder in the file manager: only the log and data folders, which main names. */
async function openFolder(path: string) {
	const problem = await shell.openPath(path);
	return problem === ''
		? ok(null)
		: err('internal', `The folder ${path} could not be opened: ${problem}`);
}

async function start(): Promise<void> {
	await app.whenReady();
	const logDir = app.getPath('logs');
	setLogFile(join(logDir, 'topicscope.log'));
	const dataDir = app.getPath('userData');
	// In development better-sqlite3 in node_modules is built for Node; scripts/electron-native.mjs
	// builds a copy for Electron's ABI. Packaged apps get theirs rebuilt by electron-builder.
	const devBinding = join(
		app.getAppPath(),
		'.electron-native',
		process.versions.electron,
		'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
	);
	const secretBox = createSafeStorageBox(safeStorage);
	const capacity = Number(process.env.TOPICSCOPE_FRAME_CAPACITY);
	const updates = createUpdater();
	const core = new Core({
		shell: 'electron',
		...(Number.isInteger(capacity) && capacity >= 1_000 ? { frameCapacity: capacity } : {}),
		version: APP_VERSION,
		dataDir,
		saveFile: saveWithDialog,
		logDir,
		openFolder,
		...('updater' in updates
			? { updater: updates.updater }
			: { updatesUnavailableReason: updates.reason }),
		...(secretBox ? { secretBox } : {}),
		...(!app.isPackaged && existsSync(devBinding) ? { sqliteNativeBinding: devBinding } : {}),
	});
	if (!core.profiles.ok)
		log.error('profiles unavailable', { message: core.profiles.error.message });
	const rendererFile = join(__dirname, '..', 'renderer', 'index.html');
	const rendererUrl = pathToFileURL(rendererFile).href;
	const detach = attachIpc(new Router(core), rendererUrl);
	let window: BrowserWindow | null = createWindow(rendererFile, core);
	const menuContext = () => ({
		platform: process.platform,
		isDevelopment: !app.isPackaged,
		settings: core.settings.get(),
	});
	let menu = installMenu(() => window, menuContext());
	let enabledActions: readonly string[] = [];
	// The menu's radio and check items show the theme and density: rebuilt when they change.
	core.settings.onChange((_settings, changed) => {
		if (!changed.includes('theme') && !changed.includes('density')) return;
		menu = installMenu(() => window, menuContext());
		menu.setEnabled(enabledActions.filter(isActionId));
	});
	ipcMain.on(BRIDGE_CHANNELS.enabledActions, (event, ids: unknown) => {
		if (event.senderFrame?.url.split(/[?#]/)[0] !== rendererUrl || !Array.isArray(ids)) return;
		enabledActions = ids.slice(0, 100).filter(isActionId);
		menu.setEnabled(enabledActions.filter(isActionId));
	});
	app.on('activate', () => {
		if (BrowserWindow.getAllWindows().length === 0) window = createWindow(rendererFile, core);
	});
	// Never awaited: the first check runs a while after the window shows (update-service.ts).
	core.updates.start();
	app.on('window-all-closed', () => {
		if (process.platform !== 'darwin') app.quit();
	});
	let isQuitting = false;
	app.on('before-quit', (event) => {
		if (isQuitting) return;
		event.preventDefault();
		isQuitting = true;
		detach();
		void core.close().finally(() => app.quit());
	});
	log.info('started', { version: APP_VERSION });
}

start().catch((error: unknown) => {
	log.error('start-up failed', { error });
	app.exit(1);
});
