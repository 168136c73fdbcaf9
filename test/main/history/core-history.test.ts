/**
 * History through the app's core against mosquitto: every message a connection receives is stored
 * byte for byte (binary, 5 MB, retained, MQTT 5 properties with duplicate user properties), read
 * back by topic page, and exported as NDJSON that parses back to the same bytes. An outgoing
 * message on the same path is stored marked outgoing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import type { HistoryService } from '../../../main/history/history-service';
import { historySourceOf } from '../../../main/history/sources';
import { fromBase64 } from '../../../shared/encoding/base64';
import { messageFromJson } from '../../../shared/model/message-json';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { message } from '../../helpers/message';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { waitFor } from '../../helpers/wait';

describe.skipIf(!findMosquitto())('history in the core', () => {
	let core: Core;
	let broker: TestBroker;
	let dataDir: string;
	let history: HistoryService;

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'topicscope-core-history-'));
		core = new Core({ shell: 'test', version: 'test', dataDir });
		if (!core.history.ok) throw new Error(core.history.error.message);
		history = core.history.value;
		broker = await startBroker();
	});
	afterAll(async () => {
		await core.close();
		await broker.stop();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('keeps no history without a data folder, and says why', async () => {
		const bare = new Core({ shell: 'test', version: 'test' });
		expect(bare.history.ok).toBe(false);
		if (!bare.history.ok) expect(bare.history.error.message).toMatch(/no data folder/);
		await bare.close();
	});

	it('stores binary, 5 MB, retained and MQTT 5 messages byte for byte and exports them losslessly', async () => {
		const publisher = await mqtt.connectAsync(broker.url, {
			protocolVersion: 5,
			clientId: 'hist-pub',
		});
		const binary = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
		const big = Buffer.alloc(5 * 1024 * 1024, 0);
		for (let i = 0; i < big.length; i++) big[i] = (i * 131 + 17) & 0xff;
		await publisher.publishAsync('hist/retained', 'kept', { qos: 1, retain: true });

		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'hist-core',
				protocolVersion: 5,
				subscriptions: subscribeTo('hist/#'),
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const connectionId = connected.value.id;
		await publisher.publishAsync('hist/bin', Buffer.from(binary), { qos: 1 });
		await publisher.publishAsync('hist/big', big, { qos: 2 });
		await publisher.publishAsync('hist/v5', 'with properties', {
			qos: 1,
			properties: {
				contentType: 'text/plain',
				correlationData: Buffer.from([1, 2, 3]),
				responseTopic: 'hist/reply',
				userProperties: { b: ['2', '3'], a: '1' },
			},
		});
		await publisher.endAsync();
		await waitFor(() => history.recorder.stats.written >= 4, 'four messages written');

		// What we publish comes down the same path, marked outgoing.
		const live = core.connections.get(connectionId);
		if (live === undefined) throw new Error('the connection is gone');
		const published = await live.publish({
			topic: 'hist/cmd',
			payload: new TextEncoder().encode('on'),
			qos: 1,
			retain: false,
		});
		expect(published.ok).toBe(true);
		// And a synthetic one through the sink, as any listener would hand it over.
		const sink = history.sinkFor(connectionId, historySourceOf(live.profile, live.extras));
		sink.enqueue({
			...message('hist/synthetic', 'x'),
			direction: 'out',
			timeUs: Date.now() * 1000,
		});
		await waitFor(
			() => history.recorder.stats.written >= 7,
			'the published message, its echo and the synthetic one',
		);
		await history.recorder.drain();

		const page = (topic: string) =>
			history.page({ connectionId, topic, limit: 10, previewBytes: 65_536 });
		const retained = await page('hist/retained');
		expect(
			retained.ok &&
				retained.value.items.map((i) => [i.retain, Buffer.from(i.payloadPreview).toString()]),
		).toEqual([[true, 'kept']]);
		const bin = await page('hist/bin');
		expect(
			bin.ok && Buffer.from(bin.value.items[0]?.payloadPreview ?? []).equals(Buffer.from(binary)),
		).toBe(true);
		const bigPage = await page('hist/big');
		const bigItem = bigPage.ok ? bigPage.value.items[0] : undefined;
		expect(bigItem).toMatchObject({ sizeBytes: big.length, truncated: true, qos: 2 });
		const v5 = await page('hist/v5');
		// Which subscription matched: the connection gives each of its subscriptions an identifier.
		expect(v5.ok && v5.value.items[0]?.properties).toEqual({
			subscriptionIdentifiers: [1],
			contentType: 'text/plain',
			correlationData: Uint8Array.of(1, 2, 3),
			responseTopic: 'hist/reply',
			userProperties: [
				['b', '2'],
				['b', '3'],
				['a', '1'],
			],
		});
		// The broker echoes our publish to our own subscription: stored twice, once each way.
		const out = await page('hist/cmd');
		expect(out.ok && out.value.items.map((i) => i.direction).sort()).toEqual(['in', 'out']);
		const synthetic = await page('hist/synthetic');
		expect(synthetic.ok && synthetic.value.items.map((i) => i.direction)).toEqual(['out']);

		const info = await history.info();
		expect(info.ok && info.value).toMatchObject({ rows: 7, shed: 0, backlogMessages: 0 });
		expect(info.ok && info.value.path).toBe(join(dataDir, 'history.sqlite'));

		const job = await history.startExport({ topicFilter: 'hist/#' }, 'ndjson');
		if (!job.ok) throw new Error(job.error.message);
		await waitFor(() => job.value.state.state !== 'running', 'the export to finish');
		expect(job.value.state).toMatchObject({ state: 'done', done: 7 });
		const text = readFileSync(join(dataDir, 'exports', job.value.state.fileName ?? ''), 'utf8');
		const lines = text
			.trimEnd()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		// QoS 2 is delivered at PUBREL, so hist/big may come after hist/v5: look lines up by topic.
		expect(lines.map((l) => l.topic).sort()).toEqual([
			'hist/big',
			'hist/bin',
			'hist/cmd',
			'hist/cmd',
			'hist/retained',
			'hist/synthetic',
			'hist/v5',
		]);
		const outgoing = lines.find((l) => l.topic === 'hist/cmd' && l.direction === 'out');
		expect(outgoing).toMatchObject({ payloadText: 'on', qos: 1, retain: false });
		const byTopic = new Map(lines.map((l) => [l.topic, l]));
		lines.splice(
			0,
			lines.length,
			...['hist/retained', 'hist/bin', 'hist/big', 'hist/v5', 'hist/synthetic'].map(
				(t) => byTopic.get(t) ?? {},
			),
		);
		expect(Object.keys(lines[3] ?? {})).toEqual([
			'time',
			'connection',
			'topic',
			'qos',
			'retain',
			'direction',
			'payloadBase64',
			'payloadText',
			'size',
			'properties',
		]);
		expect(lines[3]?.properties).toEqual({
			subscriptionIdentifier: 1,
			responseTopic: 'hist/reply',
			correlationData: '010203',
			userProperties: [
				['b', '2'],
				['b', '3'],
				['a', '1'],
			],
			contentType: 'text/plain',
		});
		expect(lines[1]).not.toHaveProperty('payloadText');
		expect(
			Buffer.from(fromBase64(String(lines[1]?.payloadBase64)) ?? []).equals(Buffer.from(binary)),
		).toBe(true);
		const bigBack = messageFromJson(lines[2]);
		expect(bigBack.ok && Buffer.from(bigBack.value.payload).equals(big)).toBe(true);
		expect(lines[0]).toMatchObject({
			retain: true,
			payloadText: 'kept',
			size: 4,
			direction: 'in',
			qos: 1,
		});
		expect(lines[4]).toMatchObject({ direction: 'out' });
	});
});
