/** What the About dialog, "find in tree" and the activity summary receive from main. */

export interface AboutInfo {
	readonly version: string;
	readonly shell: 'electron' | 'browser' | 'test';
	/** Runtime versions: Electron, Chromium, Node, V8, SQLite (absent when unknown). */
	readonly versions: Readonly<Record<string, string>>;
	/** `linux 6.1 (x64)` and the like. */
	readonly os: string;
	/** Shown so the user can find them; the renderer never sends a path back. */
	readonly dataDir: string | null;
	readonly logDir: string | null;
	/** Electron opens folders in the file manager; browser mode shows the paths only. */
	readonly canOpenFolders: boolean;
}

export const APP_FOLDERS = ['logs', 'data'] as const;
export type AppFolder = (typeof APP_FOLDERS)[number];

/** Topics whose path contains the text searched, in the tree's display order. */
export interface TreeFindResult {
	readonly topics: readonly string[];
	/** All matches; `topics` holds the first `limit` of them. */
	readonly total: number;
}

/** A connection's counters, sent at most every couple of seconds for the activity summary. */
export interface ActivitySample {
	readonly totalMessages: number;
	readonly topicCount: number;
	/** Milliseconds since the epoch, in main, when the counters were read. */
	readonly atMs: number;
}
