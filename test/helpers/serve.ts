/** Browser mode in-process for contract tests: a Core, the HTTP + WebSocket server, a typed client. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket as NodeWebSocket } from 'ws';
import { Core } from '../../main/core/core';
import { startServer, type RunningServer } from '../../main/serve/server';
import { createClient, type Client } from '../../shared/ipc/client';
import { createWebSocketTransport, type WebSocketTransport } from '../../renderer/lib/ws-transport';

export interface ServedCore {
	readonly core: Core;
	readonly server: RunningServer;
	/** A new client over its own WebSocket. */
	connectClient(): Client;
	close(): Promise<void>;
}

export async function serveCore(): Promise<ServedCore> {
	const staticDir = await mkdtemp(join(tmpdir(), 'topicscope-static-'));
	await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Topicscope</title>');
	const dataDir = await mkdtemp(join(tmpdir(), 'topicscope-data-'));
	const core = new Core({ shell: 'test', version: 'test', dataDir });
	const server = await startServer({ core, staticDir, port: 0 });
	const transports: WebSocketTransport[] = [];
	return {
		core,
		server,
		connectClient: () => {
			const transport = createWebSocketTransport(`http://127.0.0.1:${server.port}/`, server.token, {
				WebSocketClass: NodeWebSocket as unknown as typeof WebSocket,
			});
			transports.push(transport);
			return createClient(transport);
		},
		close: async () => {
			await server.close();
			// Otherwise they would keep trying to reach the core that just stopped.
			for (const transport of transports) transport.close();
			await core.close();
		},
	};
}
