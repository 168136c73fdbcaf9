/**
 * Topic aliases on real sockets: a broker written with our codec that aliases what it sends
 * (MQTT.js resolves the alias for the message; the frames list must show the same topic), and
 * mosquitto taking aliased PUBLISHes from an MQTT.js client on our tap (it delivers them under
 * the topic the alias stands for; the frames list says so too).
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { FrameLog } from '../../../main/frames/frame-log';
import { handlers } from '../../../main/ipc/handlers';
import { toMessageView } from '../../../main/topics/message-view';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { startScriptedBroker, type ScriptedBroker } from '../../helpers/scripted-broker';
import { waitFor } from '../../helpers/wait';
import { tappedClient, waitForEntry } from './capture';

describe('topic aliases sent by a broker (a peer written with the codec)', () => {
	let broker: ScriptedBroker;
	let core: Core;
	let connectionId: string;

	beforeAll(async () => {
		broker = await startScriptedBroker({ connackProperties: { topicAliasMaximum: 10 } });
		core = new Core({ shell: 'test', version: 'test' });
		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				protocolVersion: 5,
				clientId: 'alias-subscriber',
				properties: { topicAliasMaximum: 10 },
				subscriptions: subscribeTo('plant/#'),
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		connectionId = connected.value.id;
		const log = core.frames.get(connectionId);
		await waitFor(() => log?.entries().some((e) => e.type === 'SUBACK') === true, 'the SUBACK');
	});
	afterAll(async () => {
		await core.close();
		await broker.stop();
	});

	function frames(): FrameLog {
		const log = core.frames.get(connectionId);
		if (log === undefined) throw new Error('no frame log');
		return log;
	}

	/** Waits until the topic's message shows `payload`; returns the message's stamp. */
	async function shown(topic: string, payload: string): Promise<number> {
		const view = () => {
			const node = core.trees.get(connectionId)?.find(topic);
			return node ? toMessageView(node) : null;
		};
		await waitFor(() => {
			const current = view();
			return current !== null && new TextDecoder().decode(current.payloadPreview) === payload;
		}, `${payload} on ${topic}`);
		return view()?.receivedAtUs ?? -1;
	}

	it('lists, filters and finds the aliased PUBLISH under the topic MQTT.js resolved', async () => {
		broker.publishAliased('plant/7/temp', 3, 'first');
		await shown('plant/7/temp', 'first');
		broker.publishAliased('plant/7/temp', 3, 'second');
		const secondUs = await shown('plant/7/temp', 'second');
		broker.publishAliased('plant/8/temp', 4, 'other');
		await shown('plant/8/temp', 'other');

		const log = frames();
		const publishes = log.entries().filter((e) => e.type === 'PUBLISH');
		expect(publishes.map((e) => [e.topic, e.topicAlias, e.isTopicFromAlias, e.flags])).toEqual([
			['plant/7/temp', 3, false, []],
			['plant/7/temp', 3, true, []],
			['plant/8/temp', 4, false, []],
		]);
		// On the wire the second has no topic at all.
		const second = publishes[1];
		if (second === undefined) throw new Error('no second PUBLISH');
		expect(log.get(second.seq)?.decoded?.packet).toMatchObject({ topicName: '' });
		expect(log.window(0, 10, { topicFilter: 'plant/7/+' }).entries.map((e) => e.seq)).toEqual([
			publishes[0]?.seq,
			second.seq,
		]);
		const found = await handlers['frames:find-publish'](
			{ connectionId, topic: 'plant/7/temp', receivedAtUs: secondUs },
			core,
		);
		expect(found).toEqual({ ok: true, value: { kind: 'found', seq: second.seq } });
	});

	it('starts over on a new socket: the broker sets its aliases again', async () => {
		const log = frames();
		const sessionBefore = log.session;
		broker.disconnectAll(0x8b);
		await waitFor(() => log.session > sessionBefore, 'a new session');
		await waitForEntry(log, (e) => e.type === 'SUBACK' && e.session > sessionBefore, 'SUBACK');
		broker.publishAliased('plant/7/temp', 3, 'again');
		await shown('plant/7/temp', 'again');
		const last = log
			.entries()
			.filter((e) => e.type === 'PUBLISH')
			.at(-1);
		expect(last).toMatchObject({ topic: 'plant/7/temp', isTopicFromAlias: false, flags: [] });
		expect(last?.session).toBeGreaterThan(sessionBefore);
	});

	it('flags an alias the broker never set on this socket; MQTT.js refuses it too', async () => {
		const log = frames();
		const session = log.session;
		broker.send({
			type: 'PUBLISH',
			dup: false,
			qos: 0,
			retain: false,
			topicName: '',
			properties: { topicAlias: 9 },
			payload: new TextEncoder().encode('lost'),
		});
		const bad = await waitForEntry(
			log,
			(e) => e.type === 'PUBLISH' && e.session === session && e.topicAlias === 9,
			'the PUBLISH with alias 9',
		);
		expect(bad).toMatchObject({
			topic: '',
			isTopicFromAlias: false,
			flags: ['topic-alias-unknown'],
		});
		expect(bad.summary).toContain('(alias 9 never set)');
		// MQTT.js agrees it is a protocol error: it drops the socket ("Received unregistered
		// Topic Alias", reason 0x82), and the connection says the broker broke the protocol.
		const connection = core.connections.get(connectionId);
		await waitFor(
			() => connection?.state.kind === 'failed' || connection?.state.kind === 'reconnecting',
			'MQTT.js to drop the connection',
		);
		const state = connection?.state;
		const error =
			state?.kind === 'failed'
				? state.error
				: state?.kind === 'reconnecting'
					? state.lastError
					: undefined;
		expect(error).toMatchObject({
			code: 'malformed-packet',
			reasonCode: 0x82,
			detail: 'Received unregistered Topic Alias',
		});
		expect(error?.message).toBe(
			'The broker sent a packet that breaks the protocol (Received unregistered Topic Alias): Topicscope closed the connection, as MQTT requires (protocol error, reason 130).',
		);
	});
});

describe.skipIf(!findMosquitto())('topic aliases we send to mosquitto', () => {
	let mosquitto: TestBroker;

	beforeAll(async () => {
		mosquitto = await startBroker();
	});
	afterAll(async () => {
		await mosquitto.stop();
	});

	it('shows our aliased PUBLISHes under the topic mosquitto delivers them on', async () => {
		const subscriber = await mqtt.connectAsync(mosquitto.url, {
			clientId: 'alias-receiver',
			protocolVersion: 5,
		});
		const delivered: string[] = [];
		subscriber.on('message', (topic, payload) => delivered.push(`${topic}=${payload.toString()}`));
		await subscriber.subscribeAsync('alias/#', { qos: 1 });
		const log = new FrameLog();
		// autoUseTopicAlias: once an alias is set, MQTT.js sends an empty topic with the alias.
		const publisher = await tappedClient(mosquitto.port, log, {
			clientId: 'alias-publisher',
			protocolVersion: 5,
			autoUseTopicAlias: true,
		});
		try {
			await publisher.publishAsync('alias/room/1', 'set', {
				qos: 1,
				properties: { topicAlias: 2 },
			});
			await publisher.publishAsync('alias/room/1', 'used', { qos: 1 });
			await publisher.publishAsync('alias/room/2', 'plain', { qos: 1 });
			await waitFor(() => delivered.length === 3, 'three deliveries');
		} finally {
			await publisher.endAsync();
			await subscriber.endAsync();
		}
		expect(delivered).toEqual(['alias/room/1=set', 'alias/room/1=used', 'alias/room/2=plain']);
		const sent = log.entries().filter((e) => e.type === 'PUBLISH');
		expect(sent.map((e) => [e.topic, e.topicAlias, e.isTopicFromAlias, e.flags])).toEqual([
			['alias/room/1', 2, false, []],
			['alias/room/1', 2, true, []],
			['alias/room/2', undefined, undefined, []],
		]);
		expect(log.get(sent[1]?.seq ?? 0)?.decoded?.packet).toMatchObject({ topicName: '' });
		// mosquitto took the alias as standing for the topic: a PUBACK of success, no DISCONNECT.
		expect(
			log
				.entries()
				.filter((e) => e.type === 'PUBACK')
				.map((e) => e.reasonCode),
		).toEqual([0, 0, 0]);
	});
});
