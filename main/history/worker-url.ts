/**
 * Where the writer worker's code is, in the two ways main runs:
 * - built (esbuild bundles main into dist/main/*.cjs): `history-worker.cjs` beside the bundle,
 *   built as its own entry by scripts/build-main.mjs;
 * - from source (vitest, `tsx`, `bin/topicscope.mjs` without a build): `history-worker.ts` beside
 *   this file, loaded through tsx's ESM API registered inside the worker.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type WorkerEntry =
	| { readonly kind: 'file'; readonly url: URL }
	/** Code for `new Worker(code, { eval: true })` that registers tsx and imports the source. */
	| { readonly kind: 'eval'; readonly code: string };

declare const __filename: string | undefined;

/** This module's own file: __filename in the CommonJS bundle and under vitest, else import.meta. */
function thisFile(): string {
	if (typeof __filename === 'string') return __filename;
	return fileURLToPath(import.meta.url);
}

export function historyWorkerEntry(): WorkerEntry {
	const file = thisFile();
	if (file.endsWith('.cjs')) {
		return { kind: 'file', url: pathToFileURL(join(dirname(file), 'history-worker.cjs')) };
	}
	// Node 20 does not apply `--import` loaders to worker threads: register tsx inside the worker.
	const tsxRoot = dirname(createRequire(file).resolve('tsx/package.json'));
	const tsxApi = pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href;
	const source = pathToFileURL(join(dirname(file), 'history-worker.ts')).href;
	return {
		kind: 'eval',
		code: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`,
	};
}
