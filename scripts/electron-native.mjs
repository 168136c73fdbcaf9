// Builds better-sqlite3 for Electron's ABI into .electron-native/, leaving node_modules' copy built
// for Node (tests, browser mode, the benchmark). The Electron shell loads the addon from there via
// better-sqlite3's `nativeBinding` option. Run by `npm start`; needs Electron's headers (a download
// that works on users' machines, not on our build machines).
import { rebuild } from '@electron/rebuild';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const electronVersion = JSON.parse(
	readFileSync('node_modules/electron/package.json', 'utf8'),
).version;
const target = join('.electron-native', electronVersion);
const addon = join(
	target,
	'node_modules',
	'better-sqlite3',
	'build',
	'Release',
	'better_sqlite3.node',
);

if (existsSync(addon)) {
	console.log(`better-sqlite3 for Electron ${electronVersion} is ready`);
	process.exit(0);
}
rmSync(target, { recursive: true, force: true });
mkdirSync(join(target, 'node_modules'), { recursive: true });
cpSync('node_modules/better-sqlite3', join(target, 'node_modules', 'better-sqlite3'), {
	recursive: true,
});
cpSync('package.json', join(target, 'package.json'));
await rebuild({ buildPath: target, electronVersion, onlyModules: ['better-sqlite3'], force: true });
console.log(`built better-sqlite3 for Electron ${electronVersion} in ${target}`);
