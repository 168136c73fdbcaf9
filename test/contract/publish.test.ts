/**
 * The subscriptions, publish, request/response and retained channels over the real WebSocket
 * transport: bytes cross as bytes, streams start with a snapshot and follow changes, edits of a
 * saved profile's subscriptions are saved in it. (Malformed input for every channel is covered by
 * contract.test.ts's loop over the contract.)
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../shared/ipc/client';
import type { StreamMessages } from '../../shared/ipc/contract';
import type { PublishDraft } from '../../shared/model/publish-draft';
import { findMosquitto, startBroker, type TestBroker } from '../helpers/broker';
import { testProfile } from '../helpers/profile';
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

async function connect(clientId: string, filter = 'pubsub/#'): Promise<string> {
	const connected = await api.invoke('connections:connect', {
		profile: testProfile({
			port: broker.port,
			clientId,
			subscriptions: [{ filter, qos: 2, retainAsPublished: true }],
		}),
	});
	if (!connected.ok) throw new Error(connected.error.message);
	return connected.value.id;
}

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

const draft = (topic: string, payload: PublishDraft['payload']): PublishDraft => ({
	topic,
	payload,
	editor: payload.kind === 'text' ? 'text' : 'hex',
	qos: 1,
	retain: false,
});

describe.skipIf(!findMosquitto())('publish channels', () => {
	it('subscriptions:set edits live, subscriptions:state follows, a saved profile keeps the edit', async () => {
		const saved = await api.invoke('profiles:save', {
			profile: testProfile({
				name: 'Line 4',
				port: broker.port,
				clientId: 'contract-subs',
				subscriptions: [{ filter: 'line4/a/#', qos: 1 }],
			}),
			secrets: {},
		});
		if (!saved.ok) throw new Error(saved.error.message);
		const connected = await api.invoke('profiles:connect', { id: saved.value.id });
		if (!connected.ok) throw new Error(connected.error.message);
		const connectionId = connected.value.id;
		const state = collect('subscriptions:state', { connectionId });
		await waitFor(() => state.messages.length >= 1, 'the first state');
		expect(state.messages[0]?.profileId).toBe(saved.value.id);

		const refused = await api.invoke('subscriptions:set', {
			connectionId,
			subscriptions: [{ filter: 'a/#/b', qos: 0 }],
		});
		expect(refused.ok ? '' : refused.error.message).toBe(
			"Subscription filter a/#/b: '#' must be the last level",
		);
		const edited = await api.invoke('subscriptions:set', {
			connectionId,
			subscriptions: [
				{ filter: 'line4/a/#', qos: 1, isEnabled: false },
				{ filter: 'line4/b/+', qos: 2 },
			],
		});
		if (!edited.ok) throw new Error(edited.error.message);
		expect(edited.value.saved).toBe('profile');
		expect(edited.value.statuses.map((s) => [s.spec.filter, s.outcome.kind])).toEqual([
			['line4/a/#', 'disabled'],
			['line4/b/+', 'granted'],
		]);
		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'contract-subs-pub' });
		await publisher.publishAsync('line4/b/1', 'x', { qos: 1 });
		await publisher.endAsync();
		await waitFor(
			() => state.messages.at(-1)?.statuses.at(1)?.messageCount === 1,
			'the count in the stream',
		);
		state.close();
		const profiles = await api.invoke('profiles:list', {});
		const profile = profiles.ok
			? profiles.value.profiles.find((p) => p.id === saved.value.id)
			: null;
		expect(profile?.profile.subscriptions).toEqual([
			{ filter: 'line4/a/#', qos: 1, isEnabled: false },
			{ filter: 'line4/b/+', qos: 2 },
		]);
	});

	it('publish:send carries bytes and text, publish:history and the library keep them', async () => {
		const connectionId = await connect('contract-send');
		const binary = await api.invoke('publish:send', {
			connectionId,
			draft: draft('pubsub/bin', { kind: 'bytes', bytes: new Uint8Array([0, 18, 255]) }),
		});
		expect(binary.ok && binary.value).toMatchObject({
			topic: 'pubsub/bin',
			sizeBytes: 3,
			outcome: { kind: 'acknowledged', reasonCode: 0, reasonName: 'Success' },
		});
		const invalid = await api.invoke('publish:send', {
			connectionId,
			draft: draft('pubsub/#', { kind: 'text', text: 'x' }),
		});
		expect(invalid.ok ? '' : invalid.error.code).toBe('invalid-topic');
		const history = await api.invoke('publish:history', { limit: 10 });
		if (!history.ok) throw new Error(history.error.message);
		expect(history.value.map((h) => h.result.kind)).toEqual(['failed', 'acknowledged']);
		const kept = history.value[1]?.draft.payload;
		expect(kept?.kind === 'bytes' && kept.bytes).toEqual(new Uint8Array([0, 18, 255]));

		const saved = await api.invoke('publish:saved-save', {
			name: 'Binary probe',
			folder: 'Probes',
			draft: draft('pubsub/bin', { kind: 'bytes', bytes: new Uint8Array([7]) }),
		});
		if (!saved.ok) throw new Error(saved.error.message);
		const list = await api.invoke('publish:saved-list', {});
		expect(list.ok && list.value.map((m) => m.name)).toEqual(['Binary probe']);
		expect(await api.invoke('publish:saved-remove', { id: saved.value.id })).toEqual({
			ok: true,
			value: null,
		});
		expect(await api.invoke('publish:history-clear', {})).toEqual({ ok: true, value: null });
		const empty = await api.invoke('publish:history', { limit: 10 });
		expect(empty.ok && empty.value).toEqual([]);
	});

	it('publish:repeat-start runs in main, publish:state streams it, publish:repeat-stop stops it', async () => {
		const connectionId = await connect('contract-repeat');
		const state = collect('publish:state', { connectionId });
		await waitFor(() => state.messages.length >= 1, 'the first state');
		expect(state.messages[0]).toEqual({ repeat: null });
		const started = await api.invoke('publish:repeat-start', {
			connectionId,
			draft: draft('pubsub/repeat', { kind: 'text', text: '{{counter}}' }),
			intervalMs: 5,
			count: 40,
		});
		expect(started.ok && started.value.state).toBe('running');
		await waitFor(() => state.messages.at(-1)?.repeat?.state === 'done', 'the run to end');
		expect(state.messages.at(-1)?.repeat).toMatchObject({
			sent: 40,
			acknowledged: 40,
			remaining: 0,
		});
		state.close();
		const stopped = await api.invoke('publish:repeat-stop', { connectionId });
		expect(stopped.ok && stopped.value?.state).toBe('done');
	});

	it('publish:draft-from-topic gives the last message whole, properties kept', async () => {
		const connectionId = await connect('contract-draft');
		const source = await mqtt.connectAsync(broker.url, {
			clientId: 'contract-draft-src',
			protocolVersion: 5,
		});
		const big = Buffer.alloc(100_000, 0xab);
		await source.publishAsync('pubsub/big', big, { qos: 1, properties: { contentType: 'x/big' } });
		await source.endAsync();
		const message = collect('topic:message', { connectionId, topic: 'pubsub/big' });
		await waitFor(() => message.messages.some((m) => m.message !== null), 'the message');
		message.close();
		const result = await api.invoke('publish:draft-from-topic', {
			connectionId,
			topic: 'pubsub/big',
		});
		if (!result.ok) throw new Error(result.error.message);
		const payload = result.value.payload;
		expect(payload.kind === 'bytes' && payload.bytes.length).toBe(100_000);
		expect(result.value.properties).toEqual({ contentType: 'x/big' });
		const missing = await api.invoke('publish:draft-from-topic', {
			connectionId,
			topic: 'nothing/here',
		});
		expect(missing.ok ? '' : missing.error.code).toBe('not-found');
	});

	it('publish:request answers with the reply, its correlation data and latency', async () => {
		const connectionId = await connect('contract-rr');
		const responder = await mqtt.connectAsync(broker.url, {
			clientId: 'contract-responder',
			protocolVersion: 5,
		});
		responder.on('message', (_topic, payload, packet) => {
			const responseTopic = packet.properties?.responseTopic;
			if (responseTopic === undefined) return;
			responder.publish(responseTopic, `echo ${payload.toString()}`, {
				properties: { correlationData: packet.properties?.correlationData ?? Buffer.alloc(0) },
			});
		});
		await responder.subscribeAsync('pubsub/service');
		const reply = await api.invoke('publish:request', {
			connectionId,
			draft: draft('pubsub/service', { kind: 'text', text: 'hi {{counter}}' }),
			timeoutMs: 10_000,
		});
		await responder.endAsync();
		if (!reply.ok) throw new Error(reply.error.message);
		expect(new TextDecoder().decode(reply.value.reply.payloadPreview)).toBe('echo hi 1');
		expect(reply.value.correlationDataHex).toMatch(/^[0-9a-f]{32}$/);
		expect(reply.value.mode).toBe('correlation');
		expect(reply.value.requestTopic).toBe('pubsub/service');
	});

	it('retained:plan, retained:clear and retained:undo, with retained:list following', async () => {
		const seed = await mqtt.connectAsync(broker.url, { clientId: 'contract-retained-seed' });
		await seed.publishAsync('kept/x/1', 'one', { qos: 1, retain: true });
		await seed.publishAsync('kept/x/2', 'two', { qos: 1, retain: true });
		await seed.endAsync();
		const connectionId = await connect('contract-retained', 'kept/#');
		const list = collect('retained:list', { connectionId, below: '', offset: 0, limit: 50 });
		await waitFor(() => list.messages.at(-1)?.totalCount === 2, 'both in the list');
		expect(list.messages.at(-1)?.rows.map((r) => [r.topic, r.preview, r.sizeBytes])).toEqual([
			['kept/x/1', 'one', 3],
			['kept/x/2', 'two', 3],
		]);
		const plan = await api.invoke('retained:plan', { connectionId, below: 'kept/x' });
		expect(plan.ok && plan.value.topics.map((t) => t.topic)).toEqual(['kept/x/1', 'kept/x/2']);
		const cleared = await api.invoke('retained:clear', {
			connectionId,
			below: 'kept/x',
			topics: ['kept/x/1', 'kept/x/2'],
			confirmedCount: 2,
		});
		if (!cleared.ok) throw new Error(cleared.error.message);
		// The list empties as the broker echoes the clears; the snapshot joins it once all are acked.
		await waitFor(
			() => list.messages.at(-1)?.totalCount === 0 && list.messages.at(-1)?.snapshots.length === 1,
			'an empty list and the snapshot',
		);
		expect(list.messages.at(-1)?.snapshots).toMatchObject([{ below: 'kept/x', clearedCount: 2 }]);
		const undone = await api.invoke('retained:undo', {
			connectionId,
			snapshotId: cleared.value.snapshotId,
		});
		expect(undone.ok && undone.value.results.map((r) => r.isOk)).toEqual([true, true]);
		await waitFor(() => list.messages.at(-1)?.totalCount === 2, 'both back');
		list.close();
	});
});
