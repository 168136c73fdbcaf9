/**
 * Where a worker thread's code is, in the two ways main runs:
 * - built (esbuild bundles main into dist/main/*.cjs): `<name>.cjs` beside the bundle, built as
 *   its own entry by scripts/build-main.mjs;
 * - from source (vitest, tsx): `<name>.ts` in the source folder given, loaded through tsx's ESM
 *   API registered inside the worker (Node 20 does not apply `--import` loaders to workers).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

declare const __filename: string | undefined;

/** This module's own file: __filename in the CommonJS bundle and under vitest, else import.meta. */
function thisFile(): string {
	if (typeof __filename === 'string') return __filename;
	return fileURLToPath(import.meta.url);
}

/**
 * Starts the worker `name` (`decode-worker`): from `dist/main/<name>.cjs` when running bundled,
 * else from `main/<sourceFolder>/<name>.ts`.
 */
export function startWorker(sourceFolder: string, name: string): Worker {
	const file = thisFile();
	if (file.endsWith('.cjs')) return new Worker(join(dirname(file), `${name}.cjs`));
	const tsxRoot = dirname(createRequire(file).resolve('tsx/package.json'));
	const tsxApi = pathToFileURL(join(tsxRoot, 'dist', 'esm', 'api', 'index.mjs')).href;
	const source = pathToFileURL(join(dirname(file), '..', sourceFolder, `${name}.ts`)).href;
	return new Worker(
		`import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`,
		{ eval: true },
	);
}
