/**
 * The broker panel's model in the core against real mosquitto with `sys_interval 1`: opening the
 * panel subscribes to `$SYS/#`, the tiles carry the values mosquitto itself published (the same
 * as a bare MQTT client reads), counters become rates, the ranking sees a real flood, and the past
 * view reads the stored `$SYS` rows back from history. Then mosquitto with `sys_interval 0`: the
 * panel explains the silence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { SYS_SILENCE_MS } from '../../../main/broker/broker-stats';
import { handlers } from '../../../main/ipc/handlers';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { waitFor } from '../../helpers/wait';

async function until<T>(
	read: () => Promise<T>,
	isDone: (value: T) => boolean,
	what: string,
): Promise<T> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const value = await read();
		if (isDone(value)) return value;
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

describe.skipIf(!findMosquitto())('broker statistics against mosquitto', () => {
	let core: Core;
	let broker: TestBroker;
	let dataDir: string;

	beforeAll(async () => {
		dataDir = mkdtempSync(join(tmpdir(), 'topicscope-broker-'));
		core = new Core({ shell: 'test', version: 'test', dataDir });
		broker = await startBroker({ kind: 'mosquitto', extraConfig: 'sys_interval 1' });
	});
	afterAll(async () => {
		await core.close();
		await broker.stop();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it("shows mosquitto's own $SYS values, rates, the flood ranking and the past from history", async () => {
		const openedAtMs = Date.now();
		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'broker-panel',
				subscriptions: subscribeTo('plant/#'),
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const id = connected.value.id;
		const stats = core.brokerStats.get(id);
		if (stats === undefined) throw new Error('no broker stats for the connection');

		// A bare client reads the same tree, as the reference.
		const reference = await mqtt.connectAsync(broker.url, { clientId: 'sys-reference' });
		const seen = new Map<string, string[]>();
		reference.on('message', (topic, payload) => {
			seen.set(topic, [...(seen.get(topic) ?? []), payload.toString()]);
		});
		await reference.subscribeAsync('$SYS/broker/#');

		const watch = await handlers['broker:watch-sys']({ connectionId: id }, core);
		expect(watch).toEqual({ ok: true, value: { kind: 'added', filter: '$SYS/#' } });
		expect(
			core.connections
				.get(id)
				?.subscriptions()
				.map((s) => s.spec.filter),
		).toEqual(['plant/#', '$SYS/#']);
		// Asked again (the panel reopened): nothing added twice.
		await handlers['broker:watch-sys']({ connectionId: id }, core);
		expect(core.connections.get(id)?.subscriptions()).toHaveLength(2);

		// A flood on one subtree, a trickle on another.
		for (let i = 0; i < 200; i++) reference.publish(`plant/line1/sensor${i % 4}`, 'x'.repeat(50));
		for (let i = 0; i < 10; i++) reference.publish('plant/line2/door', 'open');

		await waitFor(
			() => stats.family === 'mosquitto' && (stats.uptimeSeconds() ?? 0) >= 2,
			'mosquitto recognised with its uptime',
		);
		expect(stats.brokerVersion).toMatch(/^mosquitto version \d+\.\d+\.\d+$/);
		expect(seen.get('$SYS/broker/version')).toContain(stats.brokerVersion);
		// Two clients connected: ours and the reference.
		await waitFor(
			() => stats.metrics().find((m) => m.key === 'clients/connected')?.value === 2,
			'clients/connected at 2',
		);
		// A counter read twice becomes a rate, and its value is one mosquitto published (the
		// reference client reads the same publish a moment later or earlier).
		await waitFor(() => {
			const metric = stats.metrics().find((m) => m.key === 'messages/received');
			return metric?.ratePerSecond != null && (metric.value ?? 0) >= 210;
		}, 'a rate for messages/received after the flood');
		const received = stats.metrics().find((m) => m.key === 'messages/received');
		expect(received?.isTile).toBe(true);
		await waitFor(
			() => seen.get('$SYS/broker/messages/received')?.includes(received?.text ?? '') === true,
			'the same messages/received value at the reference client',
		);

		// The flood, after the next sample: plant/line1 holds 200 of the 210 plant messages.
		await waitFor(() => (stats.topic('plant/line2/door')?.messages ?? 0) === 10, 'the flood');
		const sensor = stats.topic('plant/line1/sensor0');
		expect(sensor).toMatchObject({ messages: 50, minBytes: 50, avgBytes: 50, maxBytes: 50 });
		const byDepth2 = stats.topSubtrees(2, 'messages', 50);
		expect(byDepth2.find((row) => row.prefix === 'plant/line1')?.topics).toBe(4);
		expect(byDepth2.find((row) => row.prefix === 'plant/line2')?.topics).toBe(1);

		// The past: the $SYS rows history stored, read back as series.
		const past = await until(
			async () => {
				const answer = await handlers['broker:past'](
					{ connectionId: id, fromMs: openedAtMs - 1_000, toMs: Date.now() + 1_000 },
					core,
				);
				if (!answer.ok) throw new Error(answer.error.message);
				return answer.value;
			},
			(value) =>
				(value.metrics.find((m) => m.key === 'messages/received')?.values.length ?? 0) >= 1 &&
				value.metrics.find((m) => m.key === 'clients/connected')?.values.includes(2) === true,
			'stored $SYS rows',
		);
		const pastVersion = past.metrics.find((m) => m.key === 'version');
		expect(pastVersion?.lastText).toBe(stats.brokerVersion);
		const pastClients = past.metrics.find((m) => m.key === 'clients/connected');
		expect(pastClients?.values).toContain(2);
		await reference.endAsync();
	});

	it('explains a mosquitto whose $SYS tree is off (sys_interval 0)', async () => {
		const silent = await startBroker({ kind: 'mosquitto', extraConfig: 'sys_interval 0' });
		try {
			const connected = await core.connections.connect(
				testProfile({
					port: silent.port,
					clientId: 'broker-silent',
					subscriptions: subscribeTo('plant/#'),
				}),
			);
			if (!connected.ok) throw new Error(connected.error.message);
			const stats = core.brokerStats.get(connected.value.id);
			if (stats === undefined) throw new Error('no broker stats for the connection');
			await handlers['broker:watch-sys']({ connectionId: connected.value.id }, core);
			await waitFor(() => stats.explanation() !== null, 'the explanation', SYS_SILENCE_MS + 10_000);
			expect(stats.explanation()).toMatch(
				/^No \$SYS message arrived within 5 s of asking for it\. EMQX allows \$SYS only from localhost by default; HiveMQ has no \$SYS tree;/,
			);
			expect(stats.metrics()).toEqual([]);
		} finally {
			await silent.stop();
		}
	});
});
