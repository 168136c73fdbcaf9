/**
 * electron-updater behind the `Updater` port of main/desktop/update-service.ts, which decides
 * everything: here only the wiring. Nothing downloads by itself (autoDownload off).
 */
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { UpdateChannel } from '../../shared/model/settings';
import type { Updater } from '../desktop/update-service';
import { createLogger } from '../log/logger';

const log = createLogger('updates');

/** The updater, or why this build has none. */
export function createUpdater(): { readonly updater: Updater } | { readonly reason: string } {
	if (!app.isPackaged) {
		return {
			reason: 'This is a development build: it is updated from its checkout, not by itself.',
		};
	}
	if (process.env.PORTABLE_EXECUTABLE_DIR) {
		return {
			reason: 'The portable build does not update itself: download the new one to replace it.',
		};
	}
	if (!existsSync(join(process.resourcesPath, 'app-update.yml'))) {
		return { reason: 'This package was built without an update feed.' };
	}
	autoUpdater.autoDownload = false;
	// Only a download the user agreed to can be waiting: installing it at quit is what they chose.
	autoUpdater.autoInstallOnAppQuit = true;
	autoUpdater.logger = {
		info: (message?: unknown) => log.info('electron-updater', { message: String(message) }),
		warn: (message?: unknown) => log.warn('electron-updater', { message: String(message) }),
		error: (message?: unknown) => log.error('electron-updater', { message: String(message) }),
		debug: (message: string) => log.debug('electron-updater', { message }),
	};
	// An EventEmitter without an 'error' listener throws: the service reports failures itself.
	autoUpdater.on('error', (error: Error) => log.info('updater error', { error }));
	return {
		updater: {
			isActive: autoUpdater.isUpdaterActive(),
			setChannel(channel: UpdateChannel) {
				autoUpdater.channel = channel === 'beta' ? 'beta' : 'latest';
				autoUpdater.allowPrerelease = channel === 'beta';
				// Setting the channel allows downgrades; leaving beta must not install an older stable.
				autoUpdater.allowDowngrade = false;
			},
			async check() {
				const result = await autoUpdater.checkForUpdates();
				if (result === null || !result.isUpdateAvailable) return null;
				const { version, releaseDate } = result.updateInfo;
				return { version, ...(releaseDate ? { releaseDate } : {}) };
			},
			async download(onProgress) {
				const listener = (progress: { percent: number }) => onProgress(progress.percent);
				autoUpdater.on('download-progress', listener);
				try {
					await autoUpdater.downloadUpdate();
				} finally {
					autoUpdater.off('download-progress', listener);
				}
			},
			install() {
				autoUpdater.quitAndInstall();
			},
		},
	};
}
