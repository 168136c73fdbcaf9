/**
 * The browser-mode link as a page lives it, over real sockets: the core stops, the same core comes
 * back (streams resume from a fresh snapshot), or a new core with another token takes the port.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { Core } from '../../main/core/core';
import { startServer, type RunningServer } from '../../main/serve/server';
import { createClient } from '../../shared/ipc/client';
import type { ConnectionSummary } from '../../shared/model/connection';
import type { AppError } from '../../shared/result';
import {
	createWebSocketTransport,
	type CoreLinkStatus,
	type WebSocketTransport,
} from '../../renderer/lib/ws-transport';
import { applyTreePatch, EMPTY_WINDOW, type TreePatch } from '../../shared/tree/patch';
import { startBroker } from '../helpers/broker';
import { subscribeTo, testProfile } from '../helpers/profile';
import { waitFor } from '../helpers/wait';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function newCore(): Promise<{ core: Core; staticDir: string }> {
	const staticDir = await mkdtemp(join(tmpdir(), 'topicscope-static-'));
	await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>Topicscope</title>');
	const core = new Core({
		shell: 'test',
		version: 'test',
		dataDir: await mkdtemp(join(tmpdir(), 'topicscope-data-')),
	});
	cleanups.push(() => core.close());
	return { core, staticDir };
}

async function serve(
	core: Core,
	staticDir: string,
	options: { port?: number; token?: string } = {},
): Promise<RunningServer> {
	const server = await startServer({ core, staticDir, port: options.port ?? 0, ...options });
	let isClosed = false;
	cleanups.push(() => (isClosed ? undefined : server.close()));
	return {
		...server,
		close: async () => {
			isClosed = true;
			await server.close();
		},
	};
}

/** The rows a renderer mirror holds after `patches`. */
function rowsOf(patches: readonly TreePatch[]): string[] {
	let window = EMPTY_WINDOW;
	for (const patch of patches) window = applyTreePatch(window, patch);
	return window.rows.map((row) => row.id);
}

/** A page's transport to `server`, recording every status it reports; retries come quickly. */
function page(
	port: number,
	token: string | null,
): { transport: WebSocketTransport; statuses: CoreLinkStatus[]; last: () => CoreLinkStatus } {
	const statuses: CoreLinkStatus[] = [];
	const transport = createWebSocketTransport(`http://127.0.0.1:${port}/`, token, {
		WebSocketClass: NodeWebSocket as unknown as typeof WebSocket,
		onStatus: (status) => statuses.push(status),
		retryDelayMs: () => 20,
	});
	cleanups.push(() => transport.close());
	return { transport, statuses, last: () => statuses.at(-1) ?? { kind: 'connecting' } };
}

describe('the page’s link to the core', () => {
	it('says at once that a stopped core stopped, keeps retrying, and names a new core’s other token', async () => {
		const { core, staticDir } = await newCore();
		const first = await serve(core, staticDir);
		const { transport, statuses, last } = page(first.port, first.token);
		const api = createClient(transport);
		expect((await api.invoke('app:info', {})).ok).toBe(true);
		expect(statuses).toEqual([{ kind: 'open' }]);
		const streamErrors: AppError[] = [];
		api.subscribe(
			'connections:state',
			{},
			() => {},
			(error) => streamErrors.push(error),
		);

		await first.close();
		await waitFor(() => last().kind === 'lost', 'the page to see the core stop');
		expect(statuses[1]).toEqual({ kind: 'lost', cause: 'stopped', attempt: 1 });
		// Nothing is queued to run later, unexpectedly: a request fails at once.
		const meanwhile = await api.invoke('app:info', {});
		expect(meanwhile).toMatchObject({ ok: false, error: { code: 'connection-closed' } });
		// Nobody listens on the port: attempts go on, and a refused attempt does not turn
		// "stopped" into "unreachable".
		await waitFor(
			() => last().kind === 'lost' && (last() as { attempt: number }).attempt >= 3,
			'three attempts',
		);
		expect(last()).toMatchObject({ kind: 'lost', cause: 'stopped' });

		// The core started again on the same port: each start makes a new token.
		await serve(core, staticDir, { port: first.port, token: 'a-new-token' });
		await waitFor(() => last().kind === 'refused', 'the new core to refuse the old token');
		expect(last()).toEqual({ kind: 'refused', reason: 'wrong-token' });
		expect(statuses.filter((status) => status.kind === 'open')).toHaveLength(1);
		expect(streamErrors.map((error) => error.code)).toEqual(['unauthorised']);
		const refused = await api.invoke('app:info', {});
		expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorised' } });
		expect(refused.ok ? '' : refused.error.message).toMatch(/restarted/);
	});

	it('resubscribes every stream when the same core answers again, from a fresh snapshot', async () => {
		const { core, staticDir } = await newCore();
		const first = await serve(core, staticDir);
		const { transport, last } = page(first.port, first.token);
		const api = createClient(transport);
		const snapshots: (readonly ConnectionSummary[])[] = [];
		api.subscribe('connections:state', {}, ({ connections }) => snapshots.push(connections));
		await waitFor(() => snapshots.length === 1, 'the first snapshot');
		expect(snapshots[0]).toEqual([]);

		await first.close();
		await waitFor(() => last().kind === 'lost', 'the page to see the socket go');
		// The core lives on (only its socket went) and gains a connection meanwhile.
		const broker = await startBroker();
		cleanups.push(() => broker.stop());
		const connected = await core.connections.connect(
			testProfile({ port: broker.port, clientId: 'core-link-meanwhile' }),
		);
		expect(connected.ok).toBe(true);
		const baseline = core.ticker.size;

		await serve(core, staticDir, { port: first.port, token: first.token });
		await waitFor(() => last().kind === 'open', 'the page to reach the core again');
		await waitFor(
			() => snapshots.at(-1)?.some((c) => c.clientId === 'core-link-meanwhile') === true,
			'the stream to resume with the new connection in it',
		);
		// One stream again, not one per reopen.
		await waitFor(() => core.ticker.size === baseline + 1, 'the stream to be served once');
		expect((await api.invoke('app:info', {})).ok).toBe(true);
	});

	it('resumes a stream with the parameters it was moved to while the core was away', async () => {
		const { core, staticDir } = await newCore();
		const first = await serve(core, staticDir);
		const { transport, last } = page(first.port, first.token);
		const api = createClient(transport);
		const broker = await startBroker();
		cleanups.push(() => broker.stop());
		const connected = await api.invoke('connections:connect', {
			profile: testProfile({
				port: broker.port,
				clientId: 'core-link-window',
				subscriptions: subscribeTo('link/#'),
			}),
		});
		if (!connected.ok) throw new Error(connected.error.message);
		const connectionId = connected.value.id;
		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'core-link-publisher' });
		await publisher.publishAsync('link/a', '1', { qos: 1 });
		await publisher.publishAsync('link/b', '2', { qos: 1 });
		await publisher.endAsync();
		await waitFor(() => core.trees.get(connectionId)?.find('link/b') !== null, 'both topics');

		const patches: TreePatch[] = [];
		const params = { connectionId, expanded: [], offset: 0, limit: 10 };
		const handle = api.open('tree:patch', params, (patch) => patches.push(patch));
		await waitFor(() => patches.length === 1, 'the snapshot');
		expect(rowsOf(patches)).toEqual(['link']);

		await first.close();
		await waitFor(() => last().kind === 'lost', 'the page to see the socket go');
		// The user expands a node while the core is away.
		handle.update({ ...params, expanded: ['link'] });
		await serve(core, staticDir, { port: first.port, token: first.token });
		await waitFor(() => rowsOf(patches).length === 3, 'the window as it was moved');
		expect(rowsOf(patches)).toEqual(['link', 'link/a', 'link/b']);
		expect(patches.filter((patch) => patch.kind === 'reset')).toHaveLength(2);
	});

	it('a page without a token never opens a socket and says so', async () => {
		const { core, staticDir } = await newCore();
		const server = await serve(core, staticDir);
		const { transport, statuses } = page(server.port, null);
		expect(statuses).toEqual([{ kind: 'refused', reason: 'missing-token' }]);
		const answer = await createClient(transport).invoke('app:info', {});
		expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorised' } });
		expect(answer.ok ? '' : answer.error.message).toContain('npm run serve');
	});
});
