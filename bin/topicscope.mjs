#!/usr/bin/env node
// Runs the built CLI (dist/main/cli.cjs) when present, else the TypeScript source through tsx.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundled = join(root, 'dist', 'main', 'cli.cjs');

if (existsSync(bundled)) {
	createRequire(import.meta.url)(bundled);
} else {
	// Resolve tsx from this package, not from the caller's working directory.
	const tsx = import.meta.resolve('tsx');
	const source = join(root, 'main', 'cli', 'topicscope.ts');
	const child = spawn(process.execPath, ['--import', tsx, source, ...process.argv.slice(2)], {
		stdio: 'inherit',
	});
	child.on('exit', (code, signal) => {
		if (signal !== null) process.kill(process.pid, signal);
		else process.exit(code ?? 1);
	});
}
