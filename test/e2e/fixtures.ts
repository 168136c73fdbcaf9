/**
 * Playwright fixtures: browser mode as a user runs it (`node dist/main/serve.cjs`, built by
 * `npm run build`) and a real broker on a free loopback port.
 */
import { test as base } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type TestBroker } from '../helpers/broker';

export interface App {
	/** The address the core printed, token included. */
	readonly url: string;
	readonly port: number;
	readonly dataDir: string;
	readonly process: ChildProcess;
	/** Stops the core as Ctrl+C in its terminal does (or with `signal`) and waits for it to exit. */
	stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts browser mode. With `port` and `dataDir` of a stopped app it is that core restarted: same
 * address and profiles, a new token.
 */
export async function startApp(options: { port?: number; dataDir?: string } = {}): Promise<App> {
	const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'topicscope-e2e-')));
	const child = spawn(
		process.execPath,
		['dist/main/serve.cjs', '--port', String(options.port ?? 0), '--data-dir', dataDir],
		{
			env: { ...process.env, TOPICSCOPE_LOG: 'error' },
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`browser mode did not start: ${output}`)),
			20_000,
		);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /Open (http:\/\/\S+)/.exec(output);
			if (match?.[1]) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		child.once('exit', (code) => reject(new Error(`browser mode exited with ${code}: ${output}`)));
	});
	const exited = once(child, 'exit');
	return {
		url,
		port: Number(new URL(url).port),
		dataDir,
		process: child,
		stop: async (signal = 'SIGINT') => {
			if (child.exitCode !== null || child.signalCode !== null) return;
			child.kill(signal);
			await exited;
		},
	};
}

// Playwright requires the fixture's first parameter to be an object pattern, even when empty.
/* eslint-disable no-empty-pattern */
export const test = base.extend<{ app: App; broker: TestBroker }>({
	app: async ({}, use) => {
		const app = await startApp();
		await use(app);
		await app.stop('SIGTERM');
	},
	broker: async ({}, use) => {
		const broker = await startBroker();
		await use(broker);
		await broker.stop();
	},
});

/* eslint-enable no-empty-pattern */

export { expect } from '@playwright/test';
