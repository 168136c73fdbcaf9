/**
 * Where the window opens: the size and place it had when last closed, unless that place is no
 * longer on any screen (a monitor unplugged, a laptop undocked), and never smaller than the
 * minimum nor larger than the biggest screen. Pure: the Electron shell gathers the displays.
 */
import * as v from 'valibot';

export interface Bounds {
	readonly x: number;
	readonly y: number;
	readonly width: number;
	readonly height: number;
}

const Int = v.pipe(v.number(), v.integer(), v.minValue(-100_000), v.maxValue(100_000));
export const WindowStateSchema = v.object({
	bounds: v.object({ x: Int, y: Int, width: Int, height: Int }),
	isMaximized: v.boolean(),
	isFullScreen: v.boolean(),
});
export type WindowState = v.InferOutput<typeof WindowStateSchema>;

export interface WindowPlacement {
	/** Absent x and y: let the system centre the window. */
	readonly bounds: { readonly width: number; readonly height: number; x?: number; y?: number };
	readonly isMaximized: boolean;
	readonly isFullScreen: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 800, height: 500 } as const;
/** How much of the window's top edge must be on a screen to be grabbed and moved. */
const GRAB_WIDTH = 120;
const GRAB_HEIGHT = 32;

function overlap(a: Bounds, b: Bounds): Bounds | null {
	const x = Math.max(a.x, b.x);
	const y = Math.max(a.y, b.y);
	const width = Math.min(a.x + a.width, b.x + b.width) - x;
	const height = Math.min(a.y + a.height, b.y + b.height) - y;
	return width > 0 && height > 0 ? { x, y, width, height } : null;
}

/** `saved` as read from settings (anything); `workAreas` of the displays connected now. */
export function placeWindow(saved: unknown, workAreas: readonly Bounds[]): WindowPlacement {
	const parsed = v.safeParse(WindowStateSchema, saved);
	const largest = workAreas.reduce<{ width: number; height: number }>(
		(max, area) => ({
			width: Math.max(max.width, area.width),
			height: Math.max(max.height, area.height),
		}),
		{ width: MIN_SIZE.width, height: MIN_SIZE.height },
	);
	const fit = (width: number, height: number) => ({
		width: Math.min(Math.max(width, MIN_SIZE.width), largest.width),
		height: Math.min(Math.max(height, MIN_SIZE.height), largest.height),
	});
	if (!parsed.success) {
		return {
			bounds: fit(DEFAULT_SIZE.width, DEFAULT_SIZE.height),
			isMaximized: false,
			isFullScreen: false,
		};
	}
	const { bounds, isMaximized, isFullScreen } = parsed.output;
	const size = fit(bounds.width, bounds.height);
	const titleBar: Bounds = { x: bounds.x, y: bounds.y, width: size.width, height: GRAB_HEIGHT };
	const isReachable = workAreas.some((area) => {
		const shared = overlap(titleBar, area);
		return (
			shared !== null &&
			shared.width >= Math.min(GRAB_WIDTH, size.width) &&
			shared.height >= GRAB_HEIGHT / 2
		);
	});
	return {
		bounds: isReachable ? { ...size, x: bounds.x, y: bounds.y } : size,
		isMaximized,
		isFullScreen,
	};
}
