/** The tap under load leaves the stream intact; a broker refusal is flagged; the bench runs. */
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { benchFramesView, benchTap } from '../../../main/frames/bench';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { waitFor } from '../../helpers/wait';
import { flowOf, logNextConnection, waitForEntry } from './capture';
import { publish } from './build';

const MESSAGES = 10_000;
const TOPICS = 500;
const BATCH = 500;

describe('the frame tap under load and against refusals', () => {
	let core: Core;

	beforeAll(() => {
		core = new Core({ shell: 'test', version: 'test' });
	});
	afterAll(async () => {
		await core.close();
	});

	describe.skipIf(!findMosquitto())('with mosquitto', () => {
		let broker: TestBroker;
		beforeAll(async () => {
			broker = await startBroker();
		});
		afterAll(async () => {
			await broker.stop();
		});

		it(
			'a tapped subscriber receives exactly 10,000 QoS 1 messages; the log holds each with its PUBACK',
			{ timeout: 120_000 },
			async () => {
				const log = logNextConnection(core);
				const connected = await core.connections.connect(
					testProfile({
						port: broker.port,
						clientId: 'frames-load',
						protocolVersion: 4,
						subscriptions: [{ filter: 'load/#', qos: 1 }],
					}),
				);
				if (!connected.ok) throw new Error(connected.error.message);
				const tree = core.trees.get(connected.value.id);
				if (!tree) throw new Error('no tree');

				const publisher = await mqtt.connectAsync(broker.url, {
					clientId: 'frames-load-publisher',
				});
				// In batches the subscriber keeps up with: mosquitto drops QoS 1 messages beyond a
				// subscriber's queue (max_queued_messages, 1000), which would test the broker, not the tap.
				for (let start = 0; start < MESSAGES; start += BATCH) {
					const sends: Promise<unknown>[] = [];
					for (let i = start; i < start + BATCH; i++) {
						sends.push(publisher.publishAsync(`load/t${i % TOPICS}`, `payload-${i}`, { qos: 1 }));
					}
					await Promise.all(sends);
					const sent = start + BATCH;
					await waitFor(() => tree.root.totalMessages >= sent, `${sent} messages in the tree`);
				}
				await publisher.endAsync();
				await waitFor(
					() => tree.root.totalMessages >= MESSAGES,
					'10,000 messages in the tree',
					60_000,
				);
				const inbound = () =>
					log.window(0, 0, { types: ['PUBLISH'], direction: 'in' }).totalMatching;
				const acks = () => log.window(0, 0, { types: ['PUBACK'], direction: 'out' }).totalMatching;
				await waitFor(() => acks() >= MESSAGES, '10,000 PUBACKs in the frame log', 30_000);
				await core.connections.disconnect(connected.value.id);

				expect(tree.root.totalMessages).toBe(MESSAGES);
				for (let t = 0; t < TOPICS; t++) {
					const node = tree.find(`load/t${t}`);
					expect(node?.messageCount).toBe(MESSAGES / TOPICS);
					const last = MESSAGES - TOPICS + t;
					expect(new TextDecoder().decode(node?.last?.payload)).toBe(`payload-${last}`);
				}
				expect(inbound()).toBe(MESSAGES);
				expect(acks()).toBe(MESSAGES);
				expect(log.evictedCount).toBe(0);
				const publishes = log.window(0, MESSAGES, { types: ['PUBLISH'] }).entries;
				expect(publishes.map((e) => e.topic)).toEqual(
					Array.from({ length: MESSAGES }, (_, i) => `load/t${i % TOPICS}`),
				);
				const sample = publishes[MESSAGES - 1];
				expect(sample && flowOf(log, sample.seq).map((e) => e.type)).toEqual(['PUBLISH', 'PUBACK']);
				const payload = sample && log.get(sample.seq)?.decoded?.packet;
				expect(
					payload && payload.type === 'PUBLISH' && new TextDecoder().decode(payload.payload),
				).toBe(`payload-${MESSAGES - 1}`);
				expect(log.entries(1, 3 * MESSAGES).flatMap((e) => e.flags)).toEqual([]);
			},
		);
	});

	describe('with Aedes refusing a filter', () => {
		let server: Server;
		let aedes: Aedes;
		beforeAll(async () => {
			// mosquitto 2.0 grants every SUBSCRIBE and applies its ACL at delivery; Aedes can refuse.
			aedes = await Aedes.createBroker({
				authorizeSubscribe: (_client, subscription, done) =>
					done(null, subscription.topic.startsWith('forbidden/') ? null : subscription),
			});
			server = createServer((socket) => aedes.handle(socket));
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		});
		afterAll(async () => {
			await new Promise<void>((resolve) => aedes.close(() => resolve()));
			await new Promise<void>((resolve) => server.close(() => resolve()));
		});

		it('flags the SUBACK that refuses a subscription', async () => {
			const log = logNextConnection(core);
			const result = await core.connections.connect(
				testProfile({
					port: (server.address() as AddressInfo).port,
					clientId: 'frames-refused',
					protocolVersion: 4,
					subscriptions: subscribeTo('forbidden/#'),
				}),
			);
			expect(result.ok).toBe(false);
			const suback = await waitForEntry(log, (e) => e.type === 'SUBACK', 'the SUBACK');
			expect(suback.flags).toEqual(['suback-refused']);
			expect(suback.summary).toContain('0x80');
			expect(flowOf(log, suback.seq).map((e) => e.type)).toEqual(['SUBSCRIBE', 'SUBACK']);
		});
	});

	it('benchTap reports a cost per frame', () => {
		const frames = Array.from({ length: 1000 }, (_, i) => publish(`bench/${i % 50}`, 0));
		const result = benchTap(frames, { minFrames: 5_000 });
		expect(result.frames).toBeGreaterThanOrEqual(5_000);
		expect(result.nsPerFrame).toBeGreaterThan(0);
	});

	it('benchFramesView times a filtered view per tick both ways on a full ring, checking they agree', () => {
		const frames = Array.from({ length: 1000 }, (_, i) => publish(`bench/${i % 50}`, 0));
		const result = benchFramesView(
			frames,
			{ topicFilter: 'bench/7' },
			{ capacity: 2_000, framesPerTick: 100, ticks: 5 },
		);
		expect(result).toMatchObject({ ringFrames: 2_000, matchingFrames: 40, ticks: 5 });
		expect(result.incremental.medianUs).toBeGreaterThan(0);
		expect(result.fullScan.medianUs).toBeGreaterThan(0);
	});
});
