/** The About dialog's facts: the app's version, the runtimes under it, where its files are. */
import { arch, release, type as osType } from 'node:os';
import type { AboutInfo } from '../../shared/model/desktop';

export interface AboutSources {
	readonly version: string;
	readonly shell: AboutInfo['shell'];
	readonly sqliteVersion: string | null;
	readonly dataDir: string | null;
	readonly logDir: string | null;
	readonly canOpenFolders: boolean;
	/** process.versions: Electron's main process adds electron and chrome to Node's own. */
	readonly runtime?: NodeJS.ProcessVersions;
}

export function aboutInfo(sources: AboutSources): AboutInfo {
	const runtime = sources.runtime ?? process.versions;
	const versions: Record<string, string> = {};
	if (runtime.electron) versions.Electron = runtime.electron;
	if (runtime.chrome) versions.Chromium = runtime.chrome;
	versions.Node = runtime.node;
	versions.V8 = runtime.v8;
	if (sources.sqliteVersion) versions.SQLite = sources.sqliteVersion;
	return {
		version: sources.version,
		shell: sources.shell,
		versions,
		os: `${osType()} ${release()} (${arch()})`,
		dataDir: sources.dataDir,
		logDir: sources.logDir,
		canOpenFolders: sources.canOpenFolders,
	};
}
