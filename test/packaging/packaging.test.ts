/**
 * The packaging configuration, checked where the Electron binary cannot be downloaded (our build
 * machines): electron-builder's own schema accepts electron-builder.yml; every target the issue
 * names is there for every architecture; every icon, entitlement and file pattern resolves; the
 * main entry and preload exist in dist/ (run after `npm run build`); better-sqlite3 is a runtime
 * dependency, rebuilt for Electron and unpacked from the asar. `npm run dist` builds the packages
 * on a machine with the binary.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { minimatch } from 'minimatch';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const at = (path: string) => join(ROOT, path);

interface TargetEntry {
	readonly target: string;
	readonly arch: readonly string[];
}
/** The parts of the configuration this test reads (electron-builder's type is wider). */
interface Config {
	readonly icon: string;
	readonly directories: { readonly output: string; readonly buildResources: string };
	/** electron-builder normalises the list into `{ filter }` objects. */
	readonly files: readonly (string | { readonly filter?: readonly string[] })[];
	readonly asarUnpack: readonly string[];
	readonly npmRebuild: boolean;
	readonly extraMetadata: { readonly main: string };
	readonly publish: readonly { readonly provider: string }[];
	readonly win: { readonly icon: string; readonly target: readonly TargetEntry[] };
	readonly mac: {
		readonly icon: string;
		readonly target: readonly TargetEntry[];
		readonly hardenedRuntime: boolean;
		readonly entitlements: string;
		readonly entitlementsInherit: string;
		readonly notarize: boolean;
	};
	readonly linux: { readonly icon: string; readonly target: readonly TargetEntry[] };
}

let config: Config;
beforeAll(async () => {
	const loaded = await getConfig(ROOT, at('electron-builder.yml'), null);
	await validateConfiguration(loaded, new DebugLogger(false));
	config = loaded as unknown as Config;
});

/** Every file under `dir`, relative to the project root, with forward slashes. */
function filesUnder(dir: string): string[] {
	return readdirSync(at(dir), { recursive: true, encoding: 'utf8' })
		.map((name) => `${dir}/${name.replaceAll('\\', '/')}`)
		.filter((name) => statSync(at(name)).isFile());
}

function pngSize(path: string): { width: number; height: number } {
	const bytes = readFileSync(at(path));
	expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
	return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
	it('passes electron-builder’s own schema', () => {
		// beforeAll threw otherwise; this names the check in the report.
		expect(config.directories.buildResources).toBe('build');
	});

	it('builds every target of the issue for x64 and arm64', () => {
		const targets = (entries: readonly TargetEntry[]) =>
			Object.fromEntries(entries.map((entry) => [entry.target, [...entry.arch].sort()]));
		const both = ['arm64', 'x64'];
		expect(targets(config.win.target)).toEqual({ nsis: both, portable: both });
		expect(targets(config.mac.target)).toEqual({ dmg: both, zip: both });
		expect(targets(config.linux.target)).toEqual({ AppImage: both, deb: both, rpm: both });
		expect(config.publish.map((feed) => feed.provider)).toEqual(['github']);
	});

	it('signs macOS builds with the hardened runtime and entitlements that exist', () => {
		expect(config.mac.hardenedRuntime).toBe(true);
		expect(config.mac.notarize).toBe(true);
		for (const path of [config.mac.entitlements, config.mac.entitlementsInherit]) {
			const plist = readFileSync(at(path), 'utf8');
			expect(plist).toMatch(/^<\?xml[\s\S]*<plist version="1.0">[\s\S]*<\/plist>\s*$/);
			for (const key of [
				'allow-jit',
				'allow-unsigned-executable-memory',
				'disable-library-validation',
			]) {
				expect(plist).toContain(`<key>com.apple.security.cs.${key}</key>`);
			}
		}
	});

	it('has every icon, all made from build/icon.svg', () => {
		expect(pngSize(config.icon)).toEqual({ width: 1024, height: 1024 });
		// Windows: an ICO whose largest entry is 256 px (width byte 0).
		const ico = readFileSync(at(config.win.icon));
		expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
		const icoSizes = Array.from(
			{ length: ico.readUInt16LE(4) },
			(_, i) => ico.readUInt8(6 + 16 * i) || 256,
		);
		expect(icoSizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
		// macOS: an ICNS with its length in the header and a 1024 px entry.
		const icns = readFileSync(at(config.mac.icon));
		expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
		expect(icns.readUInt32BE(4)).toBe(icns.length);
		expect(icns.includes(Buffer.from('ic10'))).toBe(true);
		// Linux: NxN.png files, each the size its name says.
		const linux = filesUnder(config.linux.icon);
		expect(linux.length).toBeGreaterThanOrEqual(8);
		for (const name of linux) {
			const [, size] = /(\d+)x\1\.png$/.exec(name) ?? [];
			expect(size, name).toBeDefined();
			expect(pngSize(name)).toEqual({ width: Number(size), height: Number(size) });
		}
		// One source: the page's favicon is the same drawing.
		expect(readFileSync(at('renderer/public/icon.svg'), 'utf8')).toBe(
			readFileSync(at('build/icon.svg'), 'utf8'),
		);
	});

	it('rebuilds better-sqlite3 for Electron and unpacks it from the asar', () => {
		const packageJson = JSON.parse(readFileSync(at('package.json'), 'utf8')) as {
			dependencies: Record<string, string>;
		};
		// A runtime dependency, so electron-builder packs it and rebuilds it (npmRebuild).
		expect(packageJson.dependencies['better-sqlite3']).toBeDefined();
		expect(packageJson.dependencies['electron-updater']).toBeDefined();
		expect(config.npmRebuild).toBe(true);
		const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
		expect(existsSync(at(addon))).toBe(true);
		expect(config.asarUnpack.some((pattern) => minimatch(addon, pattern, { dot: true }))).toBe(
			true,
		);
	});
});

describe('what the package is made of (after npm run build)', () => {
	it('has the main entry, the preload and the page in dist/', () => {
		const missing = [
			config.extraMetadata.main,
			'dist/main/preload.cjs',
			'dist/renderer/index.html',
		].filter((path) => !existsSync(at(path)));
		expect(missing, 'run `npm run build` first').toEqual([]);
		const main = readFileSync(at(config.extraMetadata.main), 'utf8');
		// The window's preload is the file built beside it.
		expect(main).toContain('preload.cjs');
		// What the bundle leaves to node_modules is what the package ships as dependencies.
		const external = [...main.matchAll(/require\("([^".][^"]*)"\)/g)].map((m) => m[1] ?? '');
		const packages = new Set(
			external
				.filter((name) => !name.startsWith('node:') && !isBuiltin(name))
				.map((name) =>
					name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0],
				),
		);
		expect([...packages].sort()).toEqual([
			'better-sqlite3',
			'bufferutil',
			'electron',
			'utf-8-validate',
		]);
	});

	it('matches a file with every file pattern, and leaves source maps out', () => {
		const patterns = config.files.flatMap((entry) =>
			typeof entry === 'string' ? [entry] : [...(entry.filter ?? [])],
		);
		expect(patterns.length).toBeGreaterThan(0);
		const candidates = ['package.json', ...filesUnder('dist')];
		for (const pattern of patterns.filter((p) => !p.startsWith('!'))) {
			expect(
				candidates.some((file) => minimatch(file, pattern, { dot: true })),
				pattern,
			).toBe(true);
		}
		const excluded = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
		const packed = candidates.filter(
			(file) =>
				patterns.some((p) => !p.startsWith('!') && minimatch(file, p, { dot: true })) &&
				!excluded.some((p) => minimatch(file, p, { dot: true })),
		);
		expect(packed).toContain(config.extraMetadata.main);
		expect(packed.some((file) => file.endsWith('.map'))).toBe(false);
	});
});

const BUILTINS = new Set(
	// What a bundled main may require besides packages: Node's own modules.
	(await import('node:module')).builtinModules,
);
function isBuiltin(name: string): boolean {
	return BUILTINS.has(name);
}
