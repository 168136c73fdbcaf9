import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { describe, expect, it } from 'vitest';
import {
	BOILER_TOPIC,
	createDemo,
	DOOR_TOPIC,
	initialMessages,
	LIGHT_TOPIC,
	METER_TOPIC,
	nextTick,
	READING_TOPICS,
	SENSORS,
	seededRandom,
	startDemoPublisher,
	STATE_TOPICS,
	WATERING_TOPIC,
	type DemoState,
} from '../../../main/local-broker/demo-publisher.js';
import { startLocalBroker } from '../../../main/local-broker/local-broker.js';
import { freePort } from '../../helpers/broker.js';

const WAIT_MS = 5_000;
const REPO_ROOT_URL = new URL('../../../', import.meta.url);

interface Received {
	readonly payload: string;
	readonly isRetained: boolean;
}

/** Resolves with the first message of every topic once all have arrived; bounded by WAIT_MS. */
function firstOfEach(
	client: MqttClient,
	topics: readonly string[],
): Promise<Map<string, Received>> {
	return new Promise((resolve, reject) => {
		const seen = new Map<string, Received>();
		const onMessage = (topic: string, payload: Buffer, packet: { retain: boolean }): void => {
			if (!seen.has(topic))
				seen.set(topic, { payload: payload.toString('utf8'), isRetained: packet.retain });
			if (topics.every((t) => seen.has(t))) {
				clearTimeout(timer);
				client.off('message', onMessage);
				resolve(seen);
			}
		};
		const timer = setTimeout(() => {
			client.off('message', onMessage);
			const missing = topics.filter((t) => !seen.has(t));
			reject(new Error(`no message within ${WAIT_MS} ms on ${missing.join(', ')}`));
		}, WAIT_MS);
		client.on('message', onMessage);
	});
}

/**
 * Handles and requests alive once pending closes have run.
 *
 * A 'close' event fires before libuv's close phase frees the handle; two check-phase turns put us
 * after one close phase (one event-loop turn, not a timed wait).
 */
async function openTcpHandles(): Promise<number> {
	for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
	return process.getActiveResourcesInfo().filter((name) => name.startsWith('TCP')).length;
}

// Run in a child Node: it exits by itself only if stop() left no handle or timer behind.
const EXIT_SCRIPT = `
const root = process.argv[1];
const { startLocalBroker } = await import(new URL('main/local-broker/local-broker.ts', root).href);
const { startDemoPublisher } = await import(new URL('main/local-broker/demo-publisher.ts', root).href);
const mqtt = (await import('mqtt')).default;
const broker = await startLocalBroker();
const publisher = await startDemoPublisher({ url: broker.url, intervalMs: 20 });
const subscriber = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 }, false);
const readings = [];
const enough = new Promise((resolve) => subscriber.on('message', (topic) => {
	readings.push(topic);
	if (readings.length >= 20) resolve();
}));
await subscriber.subscribeAsync('maison/salon/temperature');
await enough;
await subscriber.endAsync();
await publisher.stop();
await broker.stop();
process.stdout.write('stopped after ' + readings.length + ' readings');
`;

function payloadOf(seen: Map<string, Received>, topic: string): string {
	const message = seen.get(topic);
	if (message === undefined) throw new Error(`nothing on ${topic}`);
	return message.payload;
}

describe('local broker with the demo publisher', () => {
	it('serves retained states and live readings of every topic, then stops cleanly', async () => {
		const tcpBefore = await openTcpHandles();
		const broker = await startLocalBroker({ port: 0 });
		expect(broker.host).toBe('127.0.0.1');
		expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
		const publisher = await startDemoPublisher({ url: broker.url, intervalMs: 50, seed: 7 });

		// Subscribing after the publisher started: states must come from the retained store.
		const subscriber = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 }, false);
		const arrived = firstOfEach(subscriber, [...STATE_TOPICS, ...READING_TOPICS]);
		await subscriber.subscribeAsync('maison/#', { qos: 1 });
		const seen = await arrived;

		for (const topic of STATE_TOPICS) expect(seen.get(topic)?.isRetained, topic).toBe(true);
		expect(['on', 'off']).toContain(payloadOf(seen, LIGHT_TOPIC));
		expect(['ouverte', 'fermee']).toContain(payloadOf(seen, DOOR_TOPIC));
		expect(['actif', 'inactif']).toContain(payloadOf(seen, WATERING_TOPIC));
		expect(JSON.parse(payloadOf(seen, BOILER_TOPIC))).toMatchObject({
			mode: expect.stringMatching(/^(chauffage|eco|arret)$/),
			consigne_c: expect.any(Number),
			flamme: expect.any(Boolean),
		});

		for (const spec of SENSORS) {
			const payload = payloadOf(seen, spec.topic);
			expect(payload, spec.topic).toMatch(/^\d+(\.\d)?$/);
			expect(Number(payload)).toBeGreaterThanOrEqual(spec.min);
			expect(Number(payload)).toBeLessThanOrEqual(spec.max);
		}
		const meter: unknown = JSON.parse(payloadOf(seen, METER_TOPIC));
		expect(meter).toEqual({
			puissance_w: expect.any(Number),
			energie_kwh: expect.any(Number),
			ts: expect.any(Number),
		});

		await subscriber.endAsync();
		await publisher.stop();
		await publisher.stop();
		await broker.stop();
		await broker.stop();
		await expect(
			mqtt.connectAsync(broker.url, { reconnectPeriod: 0, connectTimeout: WAIT_MS }, false),
		).rejects.toThrow();
		expect(await openTcpHandles()).toBe(tcpBefore);
	});

	it('lets a process exit on its own once everything is stopped', async () => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', '--input-type=module', '-e', EXIT_SCRIPT, REPO_ROOT_URL.href],
			{ cwd: fileURLToPath(REPO_ROOT_URL), env: { ...process.env, TOPICSCOPE_LOG: 'silent' } },
		);
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		const exited = once(child, 'exit', { signal: AbortSignal.timeout(10_000) });
		try {
			const [code] = (await exited) as [number | null];
			expect(code, output).toBe(0);
			expect(output).toMatch(/^stopped after \d+ readings$/);
		} finally {
			child.kill('SIGKILL');
		}
	});

	it('listens on the port it is given', async () => {
		const port = await freePort();
		const broker = await startLocalBroker({ port });
		expect(broker.port).toBe(port);
		await broker.stop();
	});

	it('refuses to start the demo publisher when no broker answers', async () => {
		const port = await freePort();
		await expect(startDemoPublisher({ url: `mqtt://127.0.0.1:${port}` })).rejects.toThrow();
	});
});

describe('demo simulation', () => {
	function run(seed: number, ticks: number): DemoState[] {
		const random = seededRandom(seed);
		const states = [createDemo()];
		for (let i = 0; i < ticks; i++) {
			const last = states[states.length - 1];
			if (last === undefined) throw new Error('no state');
			states.push(nextTick(last, random, 1_000, 1_700_000_000_000 + i * 1_000).state);
		}
		return states;
	}

	it('is a pure function of the seed', () => {
		expect(run(42, 50)).toEqual(run(42, 50));
		expect(run(42, 50)).not.toEqual(run(43, 50));
	});

	it('keeps sensors in range and the energy counter rising over a long run', () => {
		const states = run(1, 5_000);
		const outOfRange = states.flatMap((state, tick) => [
			...SENSORS.filter((spec, index) => {
				const value = state.readings[index] ?? Number.NaN;
				return !(value >= spec.min && value <= spec.max);
			}).map((spec) => `${spec.topic} at tick ${tick}`),
			...(state.powerW >= 150 && state.powerW <= 4_000 ? [] : [`power at tick ${tick}`]),
		]);
		expect(outOfRange).toEqual([]);
		const first = states[0]?.energyKwh ?? 0;
		const last = states[states.length - 1]?.energyKwh ?? 0;
		// 5,000 s at 150 W or more is at least 0.2 kWh.
		expect(last - first).toBeGreaterThan(0.2);
	});

	it('republishes a retained state only when it changes', () => {
		const random = seededRandom(3);
		let state = createDemo();
		const initial = initialMessages(state, 0);
		expect(initial.filter((m) => m.isRetained).map((m) => m.topic)).toEqual(STATE_TOPICS);
		let changes = 0;
		for (let i = 0; i < 500; i++) {
			const step = nextTick(state, random, 1_000, i);
			const retained = step.messages.filter((m) => m.isRetained);
			changes += retained.length;
			if (retained.some((m) => m.topic === LIGHT_TOPIC)) {
				expect(step.state.isLightOn).not.toBe(state.isLightOn);
			} else {
				expect(step.state.isLightOn).toBe(state.isLightOn);
			}
			expect(step.messages.filter((m) => !m.isRetained).map((m) => m.topic)).toEqual(
				READING_TOPICS,
			);
			state = step.state;
		}
		expect(changes).toBeGreaterThan(0);
		expect(changes).toBeLessThan(500);
	});
});
