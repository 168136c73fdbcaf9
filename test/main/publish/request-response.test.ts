/**
 * Request/response against mosquitto with an independent responder process: the reply is the one
 * with our correlation data, a stale retained reply and a decoy are ignored, MQTT 3.1.1 takes the
 * next live message, and a request nobody answers times out with a clear message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { requestReply } from '../../../main/publish/request-response';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { testProfile } from '../../helpers/profile';

const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);
const text = (value: Uint8Array): string => new TextDecoder().decode(value);

async function startResponder(args: readonly string[]): Promise<ChildProcess> {
	const child = spawn(process.execPath, ['test/helpers/responder.mjs', ...args], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let output = '';
	await new Promise<void>((resolve, reject) => {
		child.stdout?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('ready')) resolve();
		});
		child.once('exit', (code) => reject(new Error(`responder exited with ${code}`)));
	});
	return child;
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null) return;
	child.kill('SIGTERM');
	await once(child, 'exit');
}

describe.skipIf(!findMosquitto())('request/response', () => {
	let core: Core;
	let broker: TestBroker;

	beforeAll(async () => {
		core = new Core({ shell: 'test', version: 'test' });
		broker = await startBroker();
	});
	afterAll(async () => {
		await core.close();
		await broker.stop();
	});

	async function open(clientId: string, protocolVersion: 4 | 5) {
		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId,
				protocolVersion,
				subscriptions: [{ filter: 'unrelated/#', qos: 1 }],
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const connection = core.connections.get(connected.value.id);
		if (!connection) throw new Error('no connection');
		return connection;
	}

	it('MQTT 5: takes only the reply with our correlation data; a stale retained reply and a decoy are ignored', async () => {
		const responder = await startResponder([broker.url, 'rr/service', 'v5']);
		// A stale answer left retained on the response topic by an earlier exchange.
		const stale = await mqtt.connectAsync(broker.url, { clientId: 'rr-stale', protocolVersion: 5 });
		await stale.publishAsync('rr/replies/me', 'stale answer', {
			qos: 1,
			retain: true,
			properties: { correlationData: Buffer.from('an-old-request') },
		});
		await stale.endAsync();
		const connection = await open('rr-5', 5);
		const outcome = await requestReply(connection, {
			request: { topic: 'rr/service', payload: bytes('status?'), qos: 1, retain: false },
			responseTopic: 'rr/replies/me',
			timeoutMs: 10_000,
		});
		await stop(responder);
		if (!outcome.ok) throw new Error(outcome.error.message);
		const { reply, correlationData, mode, ignoredCount, latencyUs } = outcome.value;
		expect(text(reply.payload)).toBe('reply to status?');
		expect(mode).toBe('correlation');
		expect(correlationData?.length).toBe(16);
		expect(reply.properties?.correlationData).toEqual(correlationData);
		expect(reply.properties?.contentType).toBe('text/plain');
		expect(reply.properties?.userProperties).toEqual([['responder', 'independent']]);
		// The decoy; the stale retained message was never delivered (Retain Handling 2).
		expect(ignoredCount).toBe(1);
		expect(latencyUs).toBeGreaterThan(0);
		// The response topic was let go: only the profile's subscription is left at the broker.
		expect(connection.subscriptions().map((s) => s.spec.filter)).toEqual(['unrelated/#']);
		await core.connections.remove(connection.id);
	});

	it('MQTT 5: generates a response topic when none is given', async () => {
		const responder = await startResponder([broker.url, 'rr/gen', 'v5']);
		const connection = await open('rr-gen-5', 5);
		const outcome = await requestReply(connection, {
			request: { topic: 'rr/gen', payload: bytes('ping'), qos: 0, retain: false },
			timeoutMs: 10_000,
		});
		await stop(responder);
		if (!outcome.ok) throw new Error(outcome.error.message);
		expect(outcome.value.responseTopic).toMatch(/^topicscope\/response\/[0-9a-f-]{36}$/);
		expect(text(outcome.value.reply.payload)).toBe('reply to ping');
		expect(outcome.value.published).toEqual({ kind: 'sent' });
		await core.connections.remove(connection.id);
	});

	it('MQTT 3.1.1: takes the next live message on the response topic, not the retained one', async () => {
		const responder = await startResponder([broker.url, 'rr311/service', 'v311', 'rr311/replies']);
		const stale = await mqtt.connectAsync(broker.url, { clientId: 'rr311-stale' });
		await stale.publishAsync('rr311/replies', 'stale answer', { qos: 1, retain: true });
		await stale.endAsync();
		const connection = await open('rr-311', 4);
		const outcome = await requestReply(connection, {
			request: { topic: 'rr311/service', payload: bytes('hello'), qos: 1, retain: false },
			responseTopic: 'rr311/replies',
			timeoutMs: 10_000,
		});
		await stop(responder);
		if (!outcome.ok) throw new Error(outcome.error.message);
		expect(outcome.value.mode).toBe('next-message');
		expect(outcome.value.correlationData).toBeNull();
		expect(text(outcome.value.reply.payload)).toBe('reply to hello');
		expect(outcome.value.ignoredCount).toBe(1);
		await core.connections.remove(connection.id);
	});

	it('MQTT 3.1.1 without a response topic is refused before anything is sent', async () => {
		const connection = await open('rr-311-none', 4);
		const outcome = await requestReply(connection, {
			request: { topic: 'x', payload: bytes('x'), qos: 0, retain: false },
			timeoutMs: 1_000,
		});
		expect(outcome.ok ? '' : outcome.error.message).toBe(
			'MQTT 3.1 and 3.1.1 have no Response Topic property: give the topic the responder answers on.',
		);
		await core.connections.remove(connection.id);
	});

	it('times out with the topic, the correlation data and what to check', async () => {
		const connection = await open('rr-timeout-5', 5);
		const outcome = await requestReply(connection, {
			request: { topic: 'rr/nobody', payload: bytes('anyone?'), qos: 1, retain: false },
			responseTopic: 'rr/nobody/replies',
			timeoutMs: 300,
		});
		expect(outcome.ok).toBe(false);
		if (outcome.ok) return;
		expect(outcome.error.code).toBe('request-timeout');
		expect(outcome.error.message).toMatch(
			/^No reply within 0\.3 s: no reply with correlation data [0-9a-f]{32} arrived on rr\/nobody\/replies\. Check that a responder listens on rr\/nobody\.$/,
		);
		await core.connections.remove(connection.id);
	});
});
