/** Saves the window's size and place as it changes and restores them (main/desktop/window-state.ts). */
import { screen, type BrowserWindow } from 'electron';
import type { SettingsService } from '../settings/settings-service';
import { placeWindow, type WindowPlacement, type WindowState } from '../desktop/window-state';

const KEY = 'private:window';

export function restoredPlacement(settings: SettingsService): WindowPlacement {
	const areas = screen.getAllDisplays().map((display) => display.workArea);
	return placeWindow(settings.readPrivate(KEY), areas);
}

/** Keeps the saved state current: on moves and resizes (once they settle) and when closing. */
export function trackWindowState(window: BrowserWindow, settings: SettingsService): void {
	let timer: NodeJS.Timeout | null = null;
	const save = (): void => {
		if (window.isDestroyed()) return;
		const state: WindowState = {
			// The size it has when not maximised, so un-maximising after a restart works.
			bounds: window.getNormalBounds(),
			isMaximized: window.isMaximized(),
			isFullScreen: window.isFullScreen(),
		};
		settings.writePrivate(KEY, state);
	};
	const later = (): void => {
		if (timer) clearTimeout(timer);
		timer = setTimeout(save, 500);
	};
	window.on('resize', later);
	window.on('move', later);
	window.on('maximize', later);
	window.on('unmaximize', later);
	window.on('enter-full-screen', later);
	window.on('leave-full-screen', later);
	window.on('close', () => {
		if (timer) clearTimeout(timer);
		save();
	});
}
