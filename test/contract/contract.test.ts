/**
 * The IPC contract over the real WebSocket transport: every request channel and stream answers,
 * and malformed input of every kind gets `invalid-request` without hurting main.
 */
import { decode, encode } from '@msgpack/msgpack';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Client } from '../../shared/ipc/client';
import { requests, streams, type StreamMessages } from '../../shared/ipc/contract';
import type { Profile } from '../../shared/model/profile';
import { startBroker, type TestBroker } from '../helpers/broker';
import { subscribeTo, testProfile } from '../helpers/profile';
import { serveCore, type ServedCore } from '../helpers/serve';
import { waitFor } from '../helpers/wait';

let served: ServedCore;
let broker: TestBroker;
let api: Client;

beforeAll(async () => {
	broker = await startBroker();
	served = await serveCore();
	api = served.connectClient();
});
afterAll(async () => {
	await served.close();
	await broker.stop();
});

function connectOptions(clientId: string, overrides: Partial<Profile> = {}): { profile: Profile } {
	return {
		profile: testProfile({
			port: broker.port,
			clientId,
			subscriptions: subscribeTo('contract/#'),
			...overrides,
		}),
	};
}

/** Collects a stream's messages; resolves `next()` as each arrives. */
function collect<S extends keyof StreamMessages>(
	stream: S,
	params: Parameters<Client['subscribe']>[1] & object,
): { messages: StreamMessages[S][]; close: () => void } {
	const messages: StreamMessages[S][] = [];
	const close = api.subscribe(stream, params as never, (message) =>
		messages.push(message as StreamMessages[S]),
	);
	return { messages, close };
}

/** A raw socket to the server, for frames the typed client would never send; open once served. */
async function rawSocket(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
	const socket = new WebSocket(`ws://127.0.0.1:${served.server.port}${path}`, { headers });
	const first = await new Promise<unknown>((resolve, reject) => {
		socket.once('message', (data) => resolve(decode(data as Buffer)));
		socket.once('error', reject);
	});
	expect(first).toEqual({ t: 'ready' });
	return socket;
}

function nextFrame(socket: WebSocket): Promise<Record<string, unknown>> {
	return new Promise((resolve) =>
		socket.once('message', (data) => resolve(decode(data as Buffer) as Record<string, unknown>)),
	);
}

describe('request channels', () => {
	it('app:info names the shell and version', async () => {
		const result = await api.invoke('app:info', {});
		expect(result).toEqual({
			ok: true,
			value: { version: 'test', shell: 'test', platform: process.platform },
		});
	});

	it('connections:connect, list, disconnect and remove drive a real connection', async () => {
		const connected = await api.invoke('connections:connect', connectOptions('contract-a'));
		if (!connected.ok) throw new Error(connected.error.message);
		expect(connected.value.state.kind).toBe('connected');
		expect(connected.value.hasPassword).toBe(false);
		const id = connected.value.id;

		const listed = await api.invoke('connections:list', {});
		expect(listed.ok && listed.value.map((c) => c.id)).toContain(id);

		const disconnected = await api.invoke('connections:disconnect', { connectionId: id });
		expect(disconnected.ok && disconnected.value.state).toEqual({ kind: 'closed', by: 'user' });

		expect(await api.invoke('connections:remove', { connectionId: id })).toEqual({
			ok: true,
			value: null,
		});
		const after = await api.invoke('connections:list', {});
		expect(after.ok && after.value.map((c) => c.id)).not.toContain(id);
		const missing = await api.invoke('connections:remove', { connectionId: id });
		expect(missing.ok ? null : missing.error.code).toBe('not-found');
	});

	it('never sends a password back to the renderer', async () => {
		const connected = await api.invoke(
			'connections:connect',
			connectOptions('contract-secret', { port: 1, username: 'u', password: 'hunter2-secret' }),
		);
		expect(connected.ok).toBe(false);
		expect(JSON.stringify(connected)).not.toContain('hunter2-secret');
		// A connection that stays open says only whether it has a password.
		const kept = await api.invoke(
			'connections:connect',
			connectOptions('contract-secret-kept', { username: 'u', password: 'hunter2-secret' }),
		);
		expect(kept.ok && kept.value.hasPassword).toBe(true);
		const listed = await api.invoke('connections:list', {});
		expect(JSON.stringify(listed)).not.toContain('hunter2-secret');
		expect(
			listed.ok && listed.value.find((c) => c.clientId === 'contract-secret-kept')?.hasPassword,
		).toBe(true);
	});

	it('local-broker:connect starts the built-in broker once and reuses it', async () => {
		const first = await api.invoke('local-broker:connect', {});
		if (!first.ok) throw new Error(first.error.message);
		expect(first.value.isLocalBroker).toBe(true);
		expect(first.value.state.kind).toBe('connected');
		const second = await api.invoke('local-broker:connect', {});
		expect(second.ok && second.value.id).toBe(first.value.id);
	});

	it('tree:locate and tree:find-prefix answer row indexes with the given nodes expanded', async () => {
		const connected = await api.invoke('connections:connect', connectOptions('contract-rows'));
		if (!connected.ok) throw new Error(connected.error.message);
		const connectionId = connected.value.id;
		// The last topic published arrives last: once it is in the tree, all are.
		const last = collect('topic:message', { connectionId, topic: 'contract/rows/c/deep' });
		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'contract-rows-pub' });
		for (const topic of ['contract/rows/b', 'contract/rows/a', 'contract/rows/c/deep']) {
			await publisher.publishAsync(topic, 'x', { qos: 1 });
		}
		await publisher.endAsync();
		await waitFor(() => last.messages.some((m) => m.message !== null), 'the last topic');
		last.close();
		const expanded = ['contract', 'contract/rows', 'contract/rows/c'];
		// Rows: contract, rows, a, b, c, deep (other tests' topics sit beside 'rows').
		const locate = (topic: string) => api.invoke('tree:locate', { connectionId, expanded, topic });
		const rows = await locate('contract/rows');
		if (!rows.ok || rows.value === null) throw new Error('contract/rows is not visible');
		const base = rows.value.index;
		expect(await locate('contract/rows/c/deep')).toEqual({
			ok: true,
			value: { index: base + 4, topic: 'contract/rows/c/deep' },
		});
		expect(
			await api.invoke('tree:locate', { connectionId, expanded: [], topic: 'contract/rows/a' }),
		).toEqual({ ok: true, value: null });
		expect(
			await api.invoke('tree:find-prefix', { connectionId, expanded, fromIndex: 0, prefix: 'DE' }),
		).toEqual({ ok: true, value: { index: base + 4, topic: 'contract/rows/c/deep' } });
		const gone = await api.invoke('tree:locate', {
			connectionId: 'no-such-connection',
			expanded,
			topic: 'contract',
		});
		expect(gone.ok ? null : gone.error.code).toBe('not-found');
	});
});

describe('streams', () => {
	it('tree:patch starts with a snapshot, then coalesced patches of the window', async () => {
		const connected = await api.invoke('connections:connect', connectOptions('contract-tree'));
		if (!connected.ok) throw new Error(connected.error.message);
		const connectionId = connected.value.id;
		const tree = collect('tree:patch', {
			connectionId,
			expanded: ['contract'],
			offset: 0,
			limit: 50,
		});
		await waitFor(() => tree.messages.length >= 1, 'the first tree message');
		expect(tree.messages[0]).toEqual({
			kind: 'reset',
			totalRows: 0,
			offset: 0,
			rows: [],
			totalMessages: 0,
		});

		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'contract-publisher' });
		const total = 600;
		for (let i = 0; i < total; i++) {
			publisher.publish(`contract/t${i % 3}`, `v${i}`, { qos: 0 });
		}
		await publisher.publishAsync('contract/t0', 'last', { qos: 1 });
		await publisher.endAsync();
		await waitFor(() => {
			const last = tree.messages.at(-1);
			return last !== undefined && last.totalMessages === total + 1;
		}, 'all messages in the tree');
		tree.close();

		// Coalesced: far fewer patches than messages, never one per message.
		expect(tree.messages.length).toBeLessThan(total / 4);
		let rows = new Map<string, string>();
		for (const patch of tree.messages) {
			if (patch.kind === 'reset') rows = new Map();
			for (const row of patch.rows) rows.set(row.id, row.preview);
		}
		expect(rows.get('contract/t0')).toBe('last');
		expect([...rows.keys()].sort()).toEqual([
			'contract',
			'contract/t0',
			'contract/t1',
			'contract/t2',
		]);
	});

	it('topic:message streams the selected topic with QoS, retain flag and size', async () => {
		const connected = await api.invoke('connections:connect', connectOptions('contract-message'));
		if (!connected.ok) throw new Error(connected.error.message);
		const topic = collect('topic:message', {
			connectionId: connected.value.id,
			topic: 'contract/selected',
		});
		await waitFor(() => topic.messages.length === 1, 'the first message');
		expect(topic.messages[0]).toEqual({ message: null });
		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'contract-publisher-2' });
		await publisher.publishAsync('contract/selected', Buffer.from([0, 1, 2, 255]), {
			qos: 1,
			retain: true,
		});
		await publisher.endAsync();
		await waitFor(() => topic.messages.length === 2, 'the published message');
		topic.close();
		const message = topic.messages[1]?.message;
		expect(message?.topic).toBe('contract/selected');
		expect([...(message?.payloadPreview ?? [])]).toEqual([0, 1, 2, 255]);
		expect(message?.payloadPreview).toBeInstanceOf(Uint8Array);
		expect([message?.qos, message?.retain, message?.sizeBytes, message?.truncated]).toEqual([
			1,
			false,
			4,
			false,
		]);
	});

	it('connections:state sends the list at once and again when a connection changes', async () => {
		const state = collect('connections:state', {});
		await waitFor(() => state.messages.length >= 1, 'the first list');
		const before = state.messages.length;
		const connected = await api.invoke('connections:connect', connectOptions('contract-state'));
		if (!connected.ok) throw new Error(connected.error.message);
		await waitFor(
			() =>
				state.messages
					.slice(before)
					.some((m) =>
						m.connections.some(
							(c) => c.clientId === 'contract-state' && c.state.kind === 'connected',
						),
					),
			'the new connection in the list',
		);
		state.close();
	});
});

describe('malformed input', () => {
	const junk: unknown[] = [undefined, null, 42, 'text', [], { bogus: true }, { connectionId: 7 }];

	it.each(Object.keys(requests))(
		'%s answers every malformed payload with invalid-request',
		async (channel) => {
			for (const payload of junk) {
				const result = await api.invoke(channel as never, payload as never);
				expect(result.ok, `${channel} ${JSON.stringify(payload)}`).toBe(false);
				if (!result.ok) expect(result.error.code).toBe('invalid-request');
			}
		},
	);

	it('connections:connect rejects wrong types and out-of-range values field by field', async () => {
		const good = connectOptions('never-used').profile;
		const bad = [
			{ profile: { ...good, port: 70_000 } },
			{ profile: { ...good, port: '1883' } },
			{ profile: { ...good, host: '' } },
			{ profile: { ...good, protocolVersion: 6 } },
			{ profile: { ...good, keepAliveSeconds: -1 } },
			{ profile: { ...good, cleanSession: 'yes' } },
			{ profile: { ...good, tls: { ...good.tls, verifyServer: 'no' } } },
			{
				profile: {
					...good,
					will: { topic: 'x', payload: 'y', payloadEncoding: 'rot13', qos: 0, retain: false },
				},
			},
			{ profile: { ...good, subscriptions: [{ filter: '', qos: 0 }] } },
			{ profile: { ...good, extra: 1 } },
			{ ...good },
		];
		for (const payload of bad) {
			const result = await api.invoke('connections:connect', payload as never);
			expect(result.ok ? 'ok' : result.error.code, JSON.stringify(payload)).toBe('invalid-request');
		}
	});

	it.each(Object.keys(streams))(
		'stream %s ends with invalid-request on malformed params',
		async (stream) => {
			for (const params of [null, 42, { connectionId: '' }, { offset: -1 }]) {
				const error = await new Promise<{ code: string }>((resolve) => {
					api.subscribe(stream as never, params as never, () => {}, resolve);
				});
				expect(error.code).toBe('invalid-request');
			}
		},
	);

	it('an unknown channel or stream is refused', async () => {
		const result = await api.invoke('fs:read' as never, {} as never);
		expect(result.ok ? null : result.error.code).toBe('invalid-request');
		const error = await new Promise<{ code: string }>((resolve) =>
			api.subscribe('secrets:all' as never, {} as never, () => {}, resolve),
		);
		expect(error.code).toBe('invalid-request');
	});

	it('raw garbage frames get an error frame and the socket keeps working', async () => {
		const socket = await rawSocket(`/ipc?token=${served.server.token}`);
		const garbage: (string | Uint8Array)[] = [
			'not binary',
			new Uint8Array([0xc1, 0xff, 0x00]),
			encode(42),
			encode({ t: 'invoke' }),
			encode({ t: 'launch-missiles', id: 1 }),
			encode({ t: 'invoke', id: -1, channel: 'app:info', payload: {} }),
			// A msgpack timestamp decodes to a Date: an object, but not one the contract describes.
			encode({ t: 'invoke', id: 2, channel: 'app:info', payload: new Date(0) }),
			encode({ t: 'invoke', id: 3, channel: 'connections:list', payload: { at: new Date(0) } }),
			encode({ t: 'subscribe', id: 4, stream: 'connections:state', params: new Date(0) }),
		];
		for (const frame of garbage) {
			const reply = nextFrame(socket);
			socket.send(frame);
			const answer = await reply;
			expect(['error', 'result', 'end'], JSON.stringify(answer)).toContain(answer.t);
			const error = (
				answer.t === 'result' ? (answer.result as { error: unknown }).error : answer.error
			) as { code: string };
			expect(error.code).toBe('invalid-request');
		}
		const reply = nextFrame(socket);
		socket.send(encode({ t: 'invoke', id: 9, channel: 'app:info', payload: {} }));
		expect(await reply).toMatchObject({ t: 'result', id: 9, result: { ok: true } });
		socket.close();
	});
});

describe('browser mode access', () => {
	/** What a socket to `path` meets: an HTTP refusal, a close code, or being served. */
	async function outcome(
		path: string,
		headers: Record<string, string> = {},
	): Promise<{ status?: number; closeCode?: number; reason?: string; frames: unknown[] }> {
		const socket = new WebSocket(`ws://127.0.0.1:${served.server.port}${path}`, { headers });
		const frames: unknown[] = [];
		socket.on('message', (data) => frames.push(decode(data as Buffer)));
		// A client that sends a request before it learns it is refused gets no answer either.
		socket.once('open', () =>
			socket.send(encode({ t: 'invoke', id: 1, channel: 'profiles:list', payload: {} })),
		);
		return new Promise((resolve) => {
			socket.once('unexpected-response', (_request, response) =>
				resolve({ status: response.statusCode ?? 0, frames }),
			);
			socket.once('close', (code, reason) =>
				resolve({ closeCode: code, reason: reason.toString(), frames }),
			);
			socket.on('message', () => {
				if (frames.length === 2) socket.close();
			});
		});
	}

	it('closes a socket without the token, or with a wrong one, with a code the page can tell apart', async () => {
		expect(await outcome('/ipc')).toEqual({
			closeCode: 4401,
			reason: 'Access token required.',
			frames: [],
		});
		expect(await outcome('/ipc?token=')).toMatchObject({ closeCode: 4401, frames: [] });
		expect(await outcome('/ipc?token=wrong')).toEqual({
			closeCode: 4403,
			reason: 'Access token not valid.',
			frames: [],
		});
		// One character off (never the same character: the token is random).
		const token = served.server.token;
		const offByOne = `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`;
		expect(await outcome(`/ipc?token=${offByOne}`)).toMatchObject({
			closeCode: 4403,
			frames: [],
		});
	});

	it('refuses another origin and other paths before any WebSocket opens', async () => {
		expect(
			await outcome(`/ipc?token=${served.server.token}`, { origin: 'http://evil.example' }),
		).toEqual({ status: 403, frames: [] });
		expect(await outcome('/ipc', { origin: 'http://evil.example' })).toEqual({
			status: 403,
			frames: [],
		});
		expect(await outcome(`/other?token=${served.server.token}`)).toEqual({
			status: 404,
			frames: [],
		});
	});

	it('serves a socket with the token from the same origin, saying ready first', async () => {
		const answer = await outcome(`/ipc?token=${served.server.token}`, {
			origin: `http://127.0.0.1:${served.server.port}`,
		});
		expect(answer.frames[0]).toEqual({ t: 'ready' });
		expect(answer.frames[1]).toMatchObject({ t: 'result', id: 1, result: { ok: true } });
	});

	it('refuses to bind a non-loopback address without the explicit flag', async () => {
		const { startServer } = await import('../../main/serve/server');
		await expect(
			startServer({ core: served.core, staticDir: '.', host: '0.0.0.0', port: 0 }),
		).rejects.toThrow(/--allow-remote/);
	});

	it('serves the UI files but nothing outside them', async () => {
		const base = `http://127.0.0.1:${served.server.port}`;
		expect((await fetch(`${base}/`)).status).toBe(200);
		expect((await fetch(`${base}/../package.json`)).status).toBe(404);
		expect((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
	});
});

describe('stream lifetime', () => {
	it('stops the stream on unsubscribe, when its socket goes away, and at shutdown', async () => {
		const { core } = served;
		const connected = await api.invoke('connections:connect', connectOptions('contract-lifetime'));
		if (!connected.ok) throw new Error(connected.error.message);
		const params = { connectionId: connected.value.id, expanded: [], offset: 0, limit: 10 };
		const baseline = core.ticker.size;

		// Unsubscribe.
		const first = collect('tree:patch', params);
		await waitFor(() => core.ticker.size === baseline + 1, 'the stream to start');
		first.close();
		await waitFor(() => core.ticker.size === baseline, 'unsubscribe to stop the stream');

		// The socket goes away.
		const other = served.connectClient();
		other.subscribe('tree:patch', params, () => {});
		await waitFor(() => core.ticker.size === baseline + 1, 'the second stream to start');
		const socket = await rawSocket(`/ipc?token=${served.server.token}`);
		socket.send(encode({ t: 'subscribe', id: 1, stream: 'tree:patch', params }));
		await waitFor(() => core.ticker.size === baseline + 2, 'the raw stream to start');
		socket.terminate();
		await waitFor(() => core.ticker.size === baseline + 1, 'a closed socket to stop its stream');
	});

	it('stops a stream whose send fails', async () => {
		const { Router } = await import('../../main/ipc/router');
		const router = new Router(served.core);
		const baseline = served.core.ticker.size;
		let sends = 0;
		const opened = router.subscribe('connections:state', {}, () => {
			sends += 1;
			return sends < 2;
		});
		expect(opened.ok).toBe(true);
		await waitFor(() => served.core.ticker.size === baseline + 1, 'the stream to register');
		await served.core.connections.connect(connectOptions('contract-fail', { port: 1 }).profile);
		await waitFor(() => served.core.ticker.size === baseline, 'a failed send to stop the stream');
		expect(sends).toBe(2);
	});

	it('stops every stream at shutdown', async () => {
		const local = await serveCore();
		const client = local.connectClient();
		client.subscribe('connections:state', {}, () => {});
		await waitFor(() => local.core.ticker.size === 1, 'the stream to start');
		await local.close();
		expect(local.core.ticker.size).toBe(0);
	});
});

describe('frames channels', () => {
	it('stream the window, give a frame in full, find a PUBLISH by topic, export pcapng', async () => {
		const connected = await api.invoke('connections:connect', connectOptions('contract-frames'));
		if (!connected.ok) throw new Error(connected.error.message);
		const connectionId = connected.value.id;
		const publisher = await mqtt.connectAsync(broker.url, {
			clientId: 'contract-frames-publisher',
		});
		await publisher.publishAsync('contract/frames', 'f', { qos: 1 });
		await publisher.endAsync();

		const windows = collect('frames:window', {
			connectionId,
			offset: 0,
			limit: 50,
			follow: true,
			filter: {},
		});
		await waitFor(
			() => windows.messages.at(-1)?.entries.some((e) => e.type === 'PUBACK') === true,
			'the PUBACK in the frames window',
		);
		windows.close();
		const view = windows.messages.at(-1);
		expect(view?.entries.map((e) => e.type).slice(0, 4)).toEqual([
			'CONNECT',
			'CONNACK',
			'SUBSCRIBE',
			'SUBACK',
		]);
		expect(view?.capabilities?.protocolLevel).toBe(5);
		expect(view?.evictedCount).toBe(0);

		const shown = collect('topic:message', { connectionId, topic: 'contract/frames' });
		await waitFor(() => shown.messages.at(-1)?.message != null, 'the message of contract/frames');
		shown.close();
		const receivedAtUs = shown.messages.at(-1)?.message?.receivedAtUs ?? 0;
		const found = await api.invoke('frames:find-publish', {
			connectionId,
			topic: 'contract/frames',
			receivedAtUs,
		});
		if (!found.ok || found.value.kind !== 'found') throw new Error('the PUBLISH was not found');
		const detail = await api.invoke('frames:get', { connectionId, seq: found.value.seq });
		if (!detail.ok) throw new Error(detail.error.message);
		expect(detail.value.summary).toMatchObject({
			type: 'PUBLISH',
			topic: 'contract/frames',
			direction: 'in',
			qos: 1,
		});
		expect(detail.value.bytes).toBeInstanceOf(Uint8Array);
		expect(
			detail.value.decoded?.fields.some(
				(f) => f.name === 'topicName' && f.value === 'contract/frames',
			),
		).toBe(true);
		expect(detail.value.pairedSeqs).toHaveLength(1);

		const missing = await api.invoke('frames:get', { connectionId, seq: 999_999 });
		expect(missing.ok ? '' : missing.error.code).toBe('not-found');

		const exported = await api.invoke('frames:export-pcapng', { connectionId });
		if (!exported.ok) throw new Error(exported.error.message);
		expect([...exported.value.bytes.subarray(0, 4)]).toEqual([0x0a, 0x0d, 0x0d, 0x0a]);
		expect(exported.value.frameCount).toBeGreaterThanOrEqual(6);
	});
});
