// Bundles the main-process entry points with esbuild. Native and heavy runtime modules stay external.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const external = ['electron', 'better-sqlite3', 'bufferutil', 'utf-8-validate'];

const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	format: 'cjs',
	sourcemap: true,
	external,
	logLevel: 'warning',
	// MQTT.js and ws probe for optional native helpers; keep them resolvable at run time.
	mainFields: ['module', 'main'],
	// Source files that find their neighbours through import.meta.url under vitest/tsx check
	// __filename first; in the CommonJS bundle that is what they use (main/core/worker-entry.ts).
	define: { 'import.meta.url': 'undefined' },
};

await Promise.all([
	build({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/electron.cjs' }),
	build({
		...common,
		entryPoints: ['main/electron/preload/preload.ts'],
		outfile: 'dist/main/preload.cjs',
	}),
	build({ ...common, entryPoints: ['main/serve/cli.ts'], outfile: 'dist/main/serve.cjs' }),
	// Large payloads are decoded in a worker thread: its own file beside the bundles that start it.
	build({
		...common,
		entryPoints: ['main/decoders/decode-worker.ts'],
		outfile: 'dist/main/decode-worker.cjs',
	}),
	// The history writer runs in a worker thread: its own file beside the bundles that start it.
	build({
		...common,
		entryPoints: ['main/history/history-worker.ts'],
		outfile: 'dist/main/history-worker.cjs',
	}),
	existsSync('main/cli/topicscope.ts') &&
		build({ ...common, entryPoints: ['main/cli/topicscope.ts'], outfile: 'dist/main/cli.cjs' }),
]);
