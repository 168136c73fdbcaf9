/**
 * Electron shell smoke test. The Electron binary cannot be downloaded on our build machines
 * (`ELECTRON_SKIP_BINARY_DOWNLOAD=1`), so this runs where it is present and says why it skipped
 * where it is not.
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Finds the binary without `require('electron')`, which would try to download it when absent.
 */
function electronBinary(): { path: string } | { reason: string } {
	const require = createRequire(import.meta.url);
	const packageDir = dirname(require.resolve('electron/package.json'));
	const pathFile = join(packageDir, 'path.txt');
	if (!existsSync(pathFile)) {
		return {
			reason:
				'the Electron binary is not installed (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1); install it normally to run this test',
		};
	}
	const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
	return existsSync(binary)
		? { path: binary }
		: { reason: `the Electron binary ${binary} is missing` };
}

const binary = electronBinary();

test('opens a sandboxed, context-isolated window showing the app', async () => {
	if ('reason' in binary) {
		// The list reporter does not print skip reasons: say it where CI logs show it.
		console.warn(`Electron smoke test skipped: ${binary.reason}`);
		test.skip(true, binary.reason);
		return;
	}
	const app = await electron.launch({ executablePath: binary.path, args: ['.', '--no-sandbox'] });
	try {
		const page = await app.firstWindow();
		await expect(page.getByRole('button', { name: 'Start built-in local broker' })).toBeVisible();
		// Sandboxed and context-isolated: the page has no Node, only the bridge's functions.
		const exposed = await page.evaluate(() => ({
			require: typeof (globalThis as { require?: unknown }).require,
			process: typeof (globalThis as { process?: unknown }).process,
			bridge: Object.keys(
				(globalThis as { topicscopeBridge?: object }).topicscopeBridge ?? {},
			).sort(),
		}));
		expect(exposed).toEqual({
			require: 'undefined',
			process: 'undefined',
			bridge: ['desktop', 'invoke', 'subscribe'],
		});
		const isIsolated = await app.evaluate(({ BrowserWindow }) => {
			const window = BrowserWindow.getAllWindows()[0];
			return window !== undefined && !window.webContents.isDestroyed();
		});
		expect(isIsolated).toBe(true);
	} finally {
		await app.close();
	}
});
