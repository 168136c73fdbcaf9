/**
 * The window during a firehose: browser mode (`dist/main/serve.cjs`, built by `npm run build`)
 * in Debian's Chromium through Playwright, connected through the form to a streaming source that
 * streams for 30 s, the tree expanded, scrolled and a topic selected meanwhile.
 *
 * Measured in the page: every frame's time (requestAnimationFrame to requestAnimationFrame; the
 * worst is what a user sees as a stall) and long tasks (PerformanceObserver 'longtask': main-thread
 * work over 50 ms), over the firehose window only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs } from '../../playwright.config';
import { progress, round } from './runs';
import { spawnStreamSource } from './stream-source';

export interface UiBenchOptions {
	readonly seconds: number;
	readonly topics: number;
	readonly payloadBytes: number;
}

export const DEFAULT_UI_OPTIONS: UiBenchOptions = {
	seconds: 30,
	topics: 100_000,
	payloadBytes: 100,
};

const SERVE_PATH = 'dist/main/serve.cjs';
const START_TIMEOUT_MS = 30_000;

/** `npm run build` when browser mode has not been built yet. */
async function ensureBuilt(): Promise<void> {
	if (existsSync(SERVE_PATH)) return;
	progress('ui: building browser mode (npm run build)');
	const build = spawn('npm', ['run', 'build'], { stdio: ['ignore', 2, 'inherit'] });
	const code = await new Promise<number | null>((resolve) => build.once('close', resolve));
	if (code !== 0) throw new Error(`npm run build failed with ${String(code)}`);
}

/** Starts browser mode with a fresh data folder; resolves with the address it printed. */
async function startServe(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
	const child = spawn(process.execPath, [SERVE_PATH, '--port', '0', '--data-dir', dataDir], {
		env: { ...process.env, TOPICSCOPE_LOG: 'error' },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`browser mode did not start: ${output}`)),
			START_TIMEOUT_MS,
		);
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /Open (http:\/\/\S+)/.exec(output);
			if (match?.[1] !== undefined) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		child.once('exit', (code) => reject(new Error(`browser mode exited with ${String(code)}`)));
	});
	return { url, child };
}

/**
 * Installed before the app loads: frame times and long tasks, kept in the page. A string, not a
 * function: tsx's transform would wrap a function's inner names in a helper the page lacks.
 */
const PROBES = `
	(() => {
		const probe = { frames: [], frameAt: [], longTasks: [] };
		globalThis.__uiBench = probe;
		new PerformanceObserver((list) => {
			for (const entry of list.getEntries()) probe.longTasks.push([entry.startTime, entry.duration]);
		}).observe({ type: 'longtask', buffered: true });
		let last = 0;
		function frame(time) {
			if (last !== 0) {
				probe.frames.push(time - last);
				probe.frameAt.push(time);
			}
			last = time;
			requestAnimationFrame(frame);
		}
		requestAnimationFrame(frame);
	})();
`;

interface PageFigures {
	readonly frames: number;
	readonly worstFrameMs: number;
	readonly p99FrameMs: number;
	readonly longTaskMs: number;
	readonly longTaskMaxMs: number;
	readonly longTasks: number;
}

/** The page's figures between two page times. */
async function figuresBetween(page: Page, fromMs: number, toMs: number): Promise<PageFigures> {
	return page.evaluate(
		([from, to]) => {
			const probe = (
				globalThis as unknown as {
					__uiBench: { frames: number[]; frameAt: number[]; longTasks: [number, number][] };
				}
			).__uiBench;
			const frames = probe.frames.filter((_, i) => {
				const at = probe.frameAt[i] ?? 0;
				return at >= from && at <= to;
			});
			const sorted = frames.slice().sort((a, b) => a - b);
			const tasks = probe.longTasks.filter(([start]) => start >= from && start <= to);
			return {
				frames: frames.length,
				worstFrameMs: sorted.at(-1) ?? 0,
				p99FrameMs: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
				longTaskMs: tasks.reduce((sum, [, duration]) => sum + duration, 0),
				longTaskMaxMs: tasks.reduce((most, [, duration]) => Math.max(most, duration), 0),
				longTasks: tasks.length,
			};
		},
		[fromMs, toMs] as const,
	);
}

/** Runs the section; returns its report and its summary keys. */
export async function runUiBench(
	overrides: Partial<UiBenchOptions> = {},
): Promise<{ report: Record<string, unknown>; summary: Record<string, number | null> }> {
	const options: UiBenchOptions = { ...DEFAULT_UI_OPTIONS, ...overrides };
	await ensureBuilt();
	const dataDir = await mkdtemp(join(tmpdir(), 'topicscope-ui-bench-'));
	const serve = await startServe(dataDir);
	const source = await spawnStreamSource({
		messages: 100_000_000,
		topics: options.topics,
		payloadBytes: options.payloadBytes,
		// Past the measured window: it must not end before the page's last scroll.
		durationMs: (options.seconds + 30) * 1000,
	});
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: chromiumArgs,
	});
	try {
		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		await page.addInitScript({ content: PROBES });
		await page.goto(serve.url);
		await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
		await page.getByLabel('Port', { exact: true }).fill(String(source.port));
		await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 3.1.1' });
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await page.getByTestId('connection-state').filter({ hasText: 'connected' }).waitFor();
		const tree = page.getByRole('tree', { name: 'Topics' });
		await tree.waitFor();
		const messagesAt = async (): Promise<number> =>
			Number(((await page.getByTestId('total-messages').textContent()) ?? '').replace(/\D/g, ''));
		const fromMs = await page.evaluate(() => performance.now());
		const messagesBefore = await messagesAt();
		// The firehose is on: open the top node (1,000 sites) and two sites, select a topic.
		await page.getByRole('button', { name: 'Expand bench' }).click();
		await tree.locator('[data-topic="bench/0"]').waitFor();
		await page.getByRole('button', { name: 'Expand 0' }).click();
		await tree.locator('[data-topic="bench/0/7"] .label').click();
		const deadline = Date.now() + options.seconds * 1000;
		let scrolls = 0;
		while (Date.now() < deadline) {
			// Scroll down through the sites and back up, a wheel step every 100 ms.
			await tree.hover();
			await page.mouse.wheel(0, scrolls % 200 < 100 ? 600 : -600);
			scrolls += 1;
			await page.waitForTimeout(100);
		}
		const toMs = await page.evaluate(() => performance.now());
		const messagesShown = (await messagesAt()) - messagesBefore;
		const figures = await figuresBetween(page, fromMs, toMs);
		const traffic = await page.getByTestId('traffic').textContent();
		await page.screenshot({ path: join(tmpdir(), 'topicscope-ui-bench.png') });
		const seconds = (toMs - fromMs) / 1000;
		return {
			report: {
				seconds: round(seconds, 1),
				topics: options.topics,
				payloadBytes: options.payloadBytes,
				// As the page's own counter showed them: what the core took in while the page ran.
				messagesPerSecond: round(messagesShown / seconds),
				scrollSteps: scrolls,
				frames: figures.frames,
				worstFrameMs: round(figures.worstFrameMs, 1),
				p99FrameMs: round(figures.p99FrameMs, 1),
				longTasks: figures.longTasks,
				longTaskMaxMs: round(figures.longTaskMaxMs, 1),
				longTaskMsPerSecond: round(figures.longTaskMs / seconds, 1),
				statusBarAtEnd: traffic,
			},
			summary: {
				uiWorstFrameMs: round(figures.worstFrameMs, 1),
				uiP99FrameMs: round(figures.p99FrameMs, 1),
				uiLongTaskMsPerSec: round(figures.longTaskMs / seconds, 1),
				uiFirehoseMsgsPerSec: round(messagesShown / seconds),
			},
		};
	} finally {
		await browser.close();
		source.kill();
		serve.child.kill('SIGTERM');
		await rm(dataDir, { recursive: true, force: true });
	}
}
