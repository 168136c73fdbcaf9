// `npm run bench`: runs scripts/bench/index.ts through tsx, forwarding flags and the exit code.
// --expose-gc lets the ingest section measure retained heap per topic after a full collection.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const child = spawn(
	process.execPath,
	['--expose-gc', '--import', 'tsx', 'scripts/bench/index.ts', ...process.argv.slice(2)],
	{ cwd: root, stdio: 'inherit' },
);
child.on('error', (error) => {
	process.stderr.write(`bench: could not start node: ${error.message}\n`);
	process.exit(2);
});
child.on('exit', (code, signal) => {
	if (signal !== null) {
		process.stderr.write(`bench: ended by ${signal}\n`);
		process.exit(1);
	}
	process.exit(code ?? 1);
});
