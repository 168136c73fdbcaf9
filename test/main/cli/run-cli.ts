/**
 * Runs `topicscope` from source in a child process of its own (node + tsx's loader, no bin
 * wrapper in between), so a signal sent to it reaches the recorder itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = join(import.meta.dirname, '..', '..', '..');
const SOURCE = join(ROOT, 'main', 'cli', 'topicscope.ts');
const TSX_LOADER = pathToFileURL(
	join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs'),
).href;

export interface CliRun {
	readonly status: number | null;
	readonly signal: NodeJS.Signals | null;
	readonly stdout: string;
	readonly stderr: string;
}

export interface CliProcess {
	readonly child: ChildProcess;
	/** Everything written to stderr so far. */
	stderr(): string;
	readonly done: Promise<CliRun>;
}

export function startCli(args: readonly string[], input?: string | Buffer): CliProcess {
	const child = spawn(process.execPath, ['--import', TSX_LOADER, SOURCE, ...args], {
		cwd: ROOT,
		env: { ...process.env, TOPICSCOPE_LOG: 'warn' },
	});
	let stdout = '';
	let stderr = '';
	child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	if (input !== undefined) child.stdin?.end(input);
	else child.stdin?.end();
	const done = new Promise<CliRun>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
	});
	return { child, stderr: () => stderr, done };
}

export function runCli(args: readonly string[], input?: string | Buffer): Promise<CliRun> {
	return startCli(args, input).done;
}
