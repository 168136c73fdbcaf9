import { defineConfig } from '@playwright/test';

// Debian's Chromium: Playwright's own browser download is not available on our machines.
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];

export default defineConfig({
	testDir: 'test',
	outputDir: 'test-results/playwright',
	timeout: 60_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	use: {
		viewport: { width: 1280, height: 800 },
		screenshot: 'only-on-failure',
		trace: 'retain-on-failure',
	},
	projects: [
		{
			name: 'chromium',
			testMatch: 'e2e/**/*.test.ts',
			use: {
				browserName: 'chromium',
				launchOptions: {
					executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
					args: chromiumArgs,
				},
			},
		},
		{ name: 'electron', testMatch: 'electron/**/*.test.ts' },
	],
});
