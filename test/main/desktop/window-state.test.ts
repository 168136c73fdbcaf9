import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, placeWindow } from '../../../main/desktop/window-state';

const LAPTOP = { x: 0, y: 0, width: 1440, height: 876 };
const MONITOR_RIGHT = { x: 1440, y: 0, width: 2560, height: 1415 };

function saved(x: number, y: number, width = 1000, height = 700, isMaximized = false) {
	return { bounds: { x, y, width, height }, isMaximized, isFullScreen: false };
}

describe('placeWindow', () => {
	it('opens where it was closed, maximised again if it was', () => {
		expect(placeWindow(saved(100, 80), [LAPTOP])).toEqual({
			bounds: { x: 100, y: 80, width: 1000, height: 700 },
			isMaximized: false,
			isFullScreen: false,
		});
		expect(placeWindow(saved(1600, 40, 1800, 1200, true), [LAPTOP, MONITOR_RIGHT])).toMatchObject({
			bounds: { x: 1600, y: 40, width: 1800, height: 1200 },
			isMaximized: true,
		});
	});

	it('lets the system centre a window whose screen is gone', () => {
		expect(placeWindow(saved(1600, 40), [LAPTOP])).toEqual({
			bounds: { width: 1000, height: 700 },
			isMaximized: false,
			isFullScreen: false,
		});
		// Only its bottom edge would show: the title bar is off screen.
		expect(placeWindow(saved(100, -690), [LAPTOP]).bounds).toEqual({ width: 1000, height: 700 });
		// A sliver of the title bar is not enough to grab it.
		expect(placeWindow(saved(1400, 10), [LAPTOP]).bounds).toEqual({ width: 1000, height: 700 });
	});

	it('keeps the size between the minimum and the largest screen', () => {
		expect(placeWindow(saved(0, 0, 300, 200), [LAPTOP]).bounds).toEqual({
			x: 0,
			y: 0,
			width: 800,
			height: 500,
		});
		expect(placeWindow(saved(0, 0, 5000, 3000), [LAPTOP]).bounds).toEqual({
			x: 0,
			y: 0,
			width: 1440,
			height: 876,
		});
	});

	it('uses the default size when nothing or nonsense was saved', () => {
		for (const value of [undefined, null, 'x', { bounds: { x: 'a' } }, saved(0, 0, 1.5, 700)]) {
			expect(placeWindow(value, [MONITOR_RIGHT])).toEqual({
				bounds: DEFAULT_SIZE,
				isMaximized: false,
				isFullScreen: false,
			});
		}
	});
});
