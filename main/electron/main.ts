/**
 * The Electron shell: one window on the built renderer, sandboxed and context-isolated, with the
 * core behind the preload bridge. Everything else lives in the core, which runs without Electron.
 */
import { app, BrowserWindow, safeStorage, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Core } from '../core/core';
import { APP_VERSION } from '../core/version';
import { Router } from '../ipc/router';
import { createLogger, setLogFile } from '../log/logger';
import { attachIpc } from './ipc-adapter';
import { createSafeStorageBox } from './safe-storage-box';
import { saveWithDialog } from './save-file';

const log = createLogger('electron');

function createWindow(rendererFile: string): BrowserWindow {
	const window = new BrowserWindow({
		width: 1280,
		height: 820,
		minWidth: 800,
		minHeight: 500,
		title: 'Topicscope',
		backgroundColor: '#14161a',
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
	window.once('ready-to-show', () => window.show());
	void window.loadFile(rendererFile);
	return window;
}

async function start(): Promise<void> {
	await app.whenReady();
	setLogFile(join(app.getPath('logs'), 'topicscope.log'));
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
	const core = new Core({
		shell: 'electron',
		...(Number.isInteger(capacity) && capacity >= 1_000 ? { frameCapacity: capacity } : {}),
		version: APP_VERSION,
		dataDir,
		saveFile: saveWithDialog,
		...(secretBox ? { secretBox } : {}),
		...(!app.isPackaged && existsSync(devBinding) ? { sqliteNativeBinding: devBinding } : {}),
	});
	if (!core.profiles.ok)
		log.error('profiles unavailable', { message: core.profiles.error.message });
	const rendererFile = join(__dirname, '..', 'renderer', 'index.html');
	const detach = attachIpc(new Router(core), pathToFileURL(rendererFile).href);
	createWindow(rendererFile);
	app.on('activate', () => {
		if (BrowserWindow.getAllWindows().length === 0) createWindow(rendererFile);
	});
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
