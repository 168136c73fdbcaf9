/**
 * `npm run serve`: browser mode. Prints a URL with a fresh token; only loopback unless
 * `--allow-remote` is given with `--host`.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Core } from '../core/core';
import { defaultDataDir } from '../core/data-dir';
import { APP_VERSION } from '../core/version';
import { createLogger, setLogFile } from '../log/logger';
import { startServer } from './server';

const log = createLogger('serve');
const DEFAULT_PORT = 7420;

/** Frames kept per connection: a whole number from 1,000 to 10,000,000 (default 100,000). */
function frameCapacityFrom(text: string | undefined): number | undefined {
	if (text === undefined || text === '') return undefined;
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1_000 || value > 10_000_000) {
		throw new Error(`--frame-capacity must be a whole number from 1000 to 10000000, not ${text}`);
	}
	return value;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			host: { type: 'string', default: '127.0.0.1' },
			port: { type: 'string' },
			'allow-remote': { type: 'boolean', default: false },
			static: { type: 'string' },
			'data-dir': { type: 'string' },
			'frame-capacity': { type: 'string' },
		},
	});
	const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new Error(`--port must be a number from 0 to 65535, not ${values.port}`);
	}
	const dataDir = values['data-dir'] ?? defaultDataDir();
	const frameCapacity = frameCapacityFrom(
		values['frame-capacity'] ?? process.env.TOPICSCOPE_FRAME_CAPACITY,
	);
	const logDir = join(dataDir, 'logs');
	setLogFile(join(logDir, 'topicscope.log'));
	const core = new Core({ shell: 'browser', version: APP_VERSION, dataDir, logDir, frameCapacity });
	if (!core.profiles.ok)
		process.stderr.write(`Saved profiles unavailable: ${core.profiles.error.message}\n`);
	const staticDir = values.static ?? join(__dirname, '..', 'renderer');
	const listen = (wanted: number) =>
		startServer({
			core,
			staticDir,
			host: values.host,
			port: wanted,
			allowRemote: values['allow-remote'],
		});
	const server = await listen(port).catch((error: NodeJS.ErrnoException) => {
		// The default port may be taken by another instance: any free one will do.
		if (error.code === 'EADDRINUSE' && values.port === undefined) return listen(0);
		throw error;
	});
	process.stdout.write(
		`Topicscope ${APP_VERSION} in browser mode.\nOpen ${server.url}\n` +
			'The address carries this run’s access token: open it again for a new tab or a bookmark.\n',
	);
	const shutdown = async (): Promise<void> => {
		await server.close();
		await core.close();
		process.exit(0);
	};
	process.once('SIGINT', () => void shutdown());
	process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
	log.error('browser mode failed to start', { error });
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
