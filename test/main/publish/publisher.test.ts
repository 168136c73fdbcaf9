/**
 * The publish panel's side in main against mosquitto: MQTT 5 properties (user properties in
 * order) as an independent client sees them, variables expanded per message, repeat runs that
 * send exactly their count and stop when told, the persisted history and library, and republish
 * from a received message.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { PublishStore } from '../../../main/publish/publish-store';
import type { PublishDraft } from '../../../shared/model/publish-draft';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { hasMosquittoSub, startMosquittoSub } from '../../helpers/mosquitto-sub';
import { testProfile } from '../../helpers/profile';
import { waitFor } from '../../helpers/wait';

const text = (value: string): PublishDraft['payload'] => ({ kind: 'text', text: value });

describe.skipIf(!findMosquitto() || !hasMosquittoSub())('publishing from the panel', () => {
	let core: Core;
	let broker: TestBroker;
	let dataDir: string;

	beforeAll(async () => {
		dataDir = await mkdtemp(join(tmpdir(), 'topicscope-publish-'));
		core = new Core({ shell: 'test', version: 'test', dataDir });
		broker = await startBroker();
	});
	afterAll(async () => {
		await core.close();
		await broker.stop();
	});

	async function open(clientId: string, protocolVersion: 4 | 5 = 5, filter = 'echo/#') {
		const connected = await core.connections.connect(
			testProfile({
				name: clientId,
				port: broker.port,
				clientId,
				protocolVersion,
				subscriptions: [{ filter, qos: 2, retainAsPublished: true }],
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const publisher = core.publishing.publisher(connected.value.id);
		if (!publisher) throw new Error('no publisher');
		return { id: connected.value.id, publisher };
	}

	it('sends every MQTT 5 property, user properties in order with repeats, to an independent subscriber', async () => {
		const { id, publisher } = await open('props-5');
		const sub = await startMosquittoSub(broker, 'props/#', '%P|%C|%R|%D|%E|%F|%x|%q|%r', [
			'-q',
			'1',
		]);
		const sent = await publisher.send({
			topic: 'props/valve/7',
			payload: { kind: 'bytes', bytes: new Uint8Array([0x00, 0x12, 0xff]) },
			editor: 'hex',
			qos: 1,
			retain: false,
			properties: {
				payloadFormatIndicator: 0,
				messageExpiryIntervalSeconds: 3600,
				contentType: 'application/octet-stream',
				responseTopic: 'props/replies',
				correlationData: new TextEncoder().encode('job-42'),
				userProperties: [
					['a', '1'],
					['b', '2'],
					['a', '3'],
				],
			},
		});
		expect(sent.ok && sent.value.outcome).toMatchObject({ kind: 'acknowledged', reasonCode: 0 });
		await waitFor(() => sub.messages.length === 1, 'the message at mosquitto_sub');
		await sub.stop();
		// mosquitto_sub prints the Message Expiry Interval left when it delivered (3600 or 3599).
		const [topic, line] = sub.messages[0] ?? ['', ''];
		const fields = line.split('|');
		expect(topic).toBe('props/valve/7');
		expect(fields[0]).toBe('a:1 b:2 a:3');
		expect(fields.slice(1, 4)).toEqual(['application/octet-stream', 'props/replies', 'job-42']);
		expect(Number(fields[4])).toBeGreaterThanOrEqual(3599);
		expect(fields.slice(5)).toEqual(['0', '0012ff', '1', '0']);
		await core.connections.remove(id);
	});

	it('expands {{counter}}, {{uuid}}, {{now}} and {{timestamp}} for each message at its sending', async () => {
		const { id, publisher } = await open('vars-5');
		const sub = await startMosquittoSub(broker, 'vars/#', '%p');
		const draft: PublishDraft = {
			topic: 'vars/{{counter}}',
			payload: text(
				'{"n": {{counter}}, "id": "{{uuid}}", "at": "{{now}}", "ms": {{timestamp}}, "keep": "{{other}}"}',
			),
			editor: 'json',
			qos: 1,
			retain: false,
		};
		const before = Date.now();
		const first = await publisher.send(draft);
		const second = await publisher.send(draft);
		expect(first.ok && [first.value.topic, first.value.counter]).toEqual(['vars/1', 1]);
		expect(second.ok && [second.value.topic, second.value.counter]).toEqual(['vars/2', 2]);
		await waitFor(() => sub.messages.length === 2, 'both messages');
		await sub.stop();
		const bodies = sub.messages.map(([, body]) => JSON.parse(body) as Record<string, unknown>);
		expect(bodies.map((b) => b.n)).toEqual([1, 2]);
		expect(bodies[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(bodies[0]?.id).not.toBe(bodies[1]?.id);
		expect(Date.parse(String(bodies[0]?.at))).toBeGreaterThanOrEqual(before - 1);
		expect(Number(bodies[1]?.ms)).toBeGreaterThanOrEqual(before);
		expect(bodies[0]?.keep).toBe('{{other}}');
		await core.connections.remove(id);
	});

	it('repeats at a 1 ms interval exactly the count asked, each message once', async () => {
		const { id, publisher } = await open('repeat-5');
		const received: string[] = [];
		const independent = await mqtt.connectAsync(broker.url, { clientId: 'repeat-watch' });
		independent.on('message', (_topic, payload) => received.push(payload.toString()));
		await independent.subscribeAsync('repeat/#', { qos: 1 });
		const started = publisher.startRepeat(
			{ topic: 'repeat/run', payload: text('{{counter}}'), editor: 'text', qos: 1, retain: false },
			1,
			200,
		);
		expect(started.ok && started.value.state).toBe('running');
		await waitFor(() => publisher.view().repeat?.state === 'done', 'the run to finish');
		expect(publisher.view().repeat).toMatchObject({
			count: 200,
			sent: 200,
			acknowledged: 200,
			failed: 0,
			awaiting: 0,
			remaining: 0,
		});
		await waitFor(() => received.length === 200, 'all 200 at the independent subscriber');
		expect(received).toEqual(Array.from({ length: 200 }, (_, i) => String(i + 1)));
		await independent.endAsync();
		await core.connections.remove(id);
	});

	it('stops a repeat run when told: what was not sent never is', async () => {
		const { id, publisher } = await open('repeat-stop-5');
		const received: string[] = [];
		const independent = await mqtt.connectAsync(broker.url, { clientId: 'repeat-stop-watch' });
		independent.on('message', (_topic, payload) => received.push(payload.toString()));
		await independent.subscribeAsync('stop/#', { qos: 1 });
		publisher.startRepeat(
			{ topic: 'stop/run', payload: text('x'), editor: 'text', qos: 1, retain: false },
			20,
			10_000,
		);
		await waitFor(() => (publisher.view().repeat?.acknowledged ?? 0) >= 3, 'a few messages');
		const stopped = publisher.stopRepeat();
		const view = stopped.ok ? stopped.value : null;
		expect(view?.state).toBe('stopped');
		expect(view?.remaining).toBeGreaterThan(0);
		await waitFor(() => publisher.view().repeat?.awaiting === 0, 'the last acknowledgements');
		const final = publisher.view().repeat;
		expect((final?.sent ?? 0) + (final?.remaining ?? 0)).toBe(10_000);
		await waitFor(() => received.length === final?.sent, 'the sent messages');
		expect(received.length).toBe(final?.sent);
		await independent.endAsync();
		await core.connections.remove(id);
	});

	it('a connection lost mid-run stops it and says how many were never sent', async () => {
		const lossy = await startBroker();
		try {
			const connected = await core.connections.connect(
				testProfile({
					name: 'lossy',
					port: lossy.port,
					clientId: 'repeat-lost-5',
					protocolVersion: 5,
				}),
			);
			if (!connected.ok) throw new Error(connected.error.message);
			const publisher = core.publishing.publisher(connected.value.id);
			if (!publisher) throw new Error('no publisher');
			publisher.startRepeat(
				{ topic: 'lost/run', payload: text('x'), editor: 'text', qos: 1, retain: false },
				10,
				100_000,
			);
			await waitFor(() => (publisher.view().repeat?.acknowledged ?? 0) >= 3, 'a few messages');
			await lossy.kill();
			await waitFor(() => publisher.view().repeat?.state === 'failed', 'the run to stop');
			const run = publisher.view().repeat;
			expect(run?.remaining).toBeGreaterThan(0);
			expect(run?.lastError).toMatch(
				new RegExp(
					`^The connection was lost: ${(run?.remaining ?? 0).toLocaleString('en-US')} messages were never sent\\.`,
				),
			);
			// Every message is accounted for: sent, still awaited, or never sent.
			expect(
				(run?.sent ?? 0) + (run?.failed ?? 0) + (run?.awaiting ?? 0) + (run?.remaining ?? 0),
			).toBe(100_000);
			await core.connections.remove(connected.value.id);
		} finally {
			await lossy.stop();
		}
	});

	it('refuses a repeat run whose first message the broker could not take, naming why', async () => {
		const { id, publisher } = await open('repeat-bad-5');
		const refused = publisher.startRepeat(
			{ topic: 'bad/+/topic', payload: text('x'), editor: 'text', qos: 0, retain: false },
			10,
			5,
		);
		expect(refused.ok ? '' : refused.error.message).toBe(
			"Topic bad/+/topic: A topic name must not contain the wildcard '+'; wildcards are only for subscriptions.",
		);
		expect(publisher.view().repeat).toBeNull();
		await core.connections.remove(id);
	});

	it('keeps the history and the library on disk, and republishes a received message as it was', async () => {
		const { id, publisher } = await open('history-5', 5, 'republish/#');
		const source = await mqtt.connectAsync(broker.url, {
			clientId: 'republish-src',
			protocolVersion: 5,
		});
		await source.publishAsync('republish/a', Buffer.from([1, 2, 3]), {
			qos: 1,
			properties: { contentType: 'x/bin', userProperties: { k: 'v' } },
		});
		await source.endAsync();
		const tree = core.trees.get(id);
		await waitFor(() => tree?.find('republish/a')?.last != null, 'the message in the tree');
		const { draftOfMessage } = await import('../../../main/publish/draft');
		const last = tree?.find('republish/a')?.last;
		if (!last) throw new Error('no message');
		const draft = draftOfMessage({ topic: 'republish/a', ...last });
		expect(draft.ok && draft.value).toMatchObject({
			topic: 'republish/a',
			editor: 'hex',
			qos: 1,
			retain: false,
			properties: { contentType: 'x/bin', userProperties: [['k', 'v']] },
		});
		if (!draft.ok) throw new Error('no draft');
		expect(draft.value.properties && 'subscriptionIdentifiers' in draft.value.properties).toBe(
			false,
		);
		const sent = await publisher.send(draft.value);
		expect(sent.ok).toBe(true);
		const store = core.publishing.store;
		if (!store.ok) throw new Error(store.error.message);
		const saved = store.value.saveMessage({
			name: 'Valve open',
			folder: ' Line 4 / Valves ',
			draft: draft.value,
		});
		expect(saved.ok && saved.value.folder).toBe('Line 4/Valves');
		await core.connections.remove(id);

		// A second store on the same file reads what the first wrote.
		const reopened = PublishStore.open(join(dataDir, 'publish.sqlite'));
		if (!reopened.ok) throw new Error(reopened.error.message);
		const history = reopened.value.history(10);
		expect(history[0]).toMatchObject({
			connectionName: 'history-5',
			result: { kind: 'acknowledged', topic: 'republish/a', reasonCode: 0 },
		});
		const kept = history[0]?.draft.payload;
		expect(kept?.kind === 'bytes' && [...kept.bytes]).toEqual([1, 2, 3]);
		expect(reopened.value.savedMessages().map((m) => [m.folder, m.name])).toEqual([
			['Line 4/Valves', 'Valve open'],
		]);
		reopened.value.close();
	});
});
