/** Profile folders: '/'-separated paths such as `Customers/ACME`; '' is the top level. */
import { err, ok, type Result } from '../../shared/result';

const MAX_FOLDER_LENGTH = 500;

/** Trims each level and drops empty ones, so ' A / /B/ ' and 'A/B' are the same folder. */
export function normalizeFolder(folder: string): Result<string> {
	const normal = folder
		.split('/')
		.map((level) => level.trim())
		.filter((level) => level !== '')
		.join('/');
	if (normal.length > MAX_FOLDER_LENGTH) {
		return err(
			'invalid-options',
			`The folder path is too long (${normal.length} characters, at most ${MAX_FOLDER_LENGTH}).`,
		);
	}
	return ok(normal);
}

/** Every folder and each of its parents, sorted: ['A', 'A/B', 'C'] for ['A/B', 'C']. */
export function withParentFolders(folders: readonly string[]): string[] {
	const all = new Set<string>();
	for (const folder of folders) {
		const levels = folder.split('/');
		for (let depth = 1; depth <= levels.length; depth++) {
			const path = levels.slice(0, depth).join('/');
			if (path !== '') all.add(path);
		}
	}
	return [...all].sort(compareText);
}

export function isInFolder(folder: string, parent: string): boolean {
	return folder === parent || folder.startsWith(`${parent}/`);
}

/** Where `folder` goes when `from` is renamed to `to`; `to` = '' lifts its content to the top. */
export function renamedFolder(folder: string, from: string, to: string): string {
	const rest = folder.slice(from.length).replace(/^\//, '');
	if (to === '') return rest;
	return rest === '' ? to : `${to}/${rest}`;
}

export function compareText(a: string, b: string): number {
	return a.localeCompare(b, undefined, { sensitivity: 'base', numeric: true });
}
