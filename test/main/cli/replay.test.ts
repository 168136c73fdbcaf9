/**
 * `topicscope replay` against mosquitto: stored messages reach a subscriber in order, byte for
 * byte, with the topic prefix rewritten and the retain flag stripped; a dry run connects to nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageToJsonLine } from '../../../shared/model/message-json';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { waitFor } from '../../helpers/wait';
import { runCli } from './run-cli';

describe.skipIf(!findMosquitto())('topicscope replay', () => {
	let broker: TestBroker;
	let dir: string;
	let db: string;
	const base = Date.UTC(2024, 4, 1, 12) * 1000;
	const stored = [
		{ topic: 'plant/line/1', payload: Uint8Array.of(0, 1, 2, 255), retain: true, offsetUs: 0 },
		{
			topic: 'plant/line/2',
			payload: new TextEncoder().encode('{"t":21.5}'),
			retain: false,
			offsetUs: 150_000,
		},
		{
			topic: 'office/door',
			payload: new TextEncoder().encode('open'),
			retain: false,
			offsetUs: 200_000,
		},
		{
			topic: 'plant/line/1',
			payload: new TextEncoder().encode('second'),
			retain: true,
			offsetUs: 300_000,
		},
	];

	beforeAll(async () => {
		broker = await startBroker();
		dir = mkdtempSync(join(tmpdir(), 'topicscope-replay-'));
		db = join(dir, 'h.sqlite');
		const lines = stored.map((m) =>
			messageToJsonLine({
				...m,
				timeUs: base + m.offsetUs,
				connection: 'plant',
				qos: 1,
				direction: 'in',
				properties: undefined,
			}),
		);
		const imported = await runCli(['history', 'import', '--db', db], `${lines.join('\n')}\n`);
		expect(imported.status).toBe(0);
	});
	afterAll(async () => {
		await broker.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('sends the selection in order with the prefix rewritten and retain stripped', async () => {
		const subscriber = await mqtt.connectAsync(broker.url, { clientId: 'replay-sub' });
		const received: { topic: string; payload: Buffer; retain: boolean }[] = [];
		subscriber.on('message', (topic, payload, packet) =>
			received.push({ topic, payload, retain: packet.retain }),
		);
		await subscriber.subscribeAsync('replayed/#', { qos: 1 });
		const run = await runCli([
			'replay',
			'--db',
			db,
			'--url',
			broker.url,
			'-t',
			'plant/#',
			'--speed',
			'4',
			'--from-prefix',
			'plant/',
			'--to-prefix',
			'replayed/',
			'--no-retain',
		]);
		expect(run.stderr).toContain('topicscope replay: 3 messages sent.');
		expect(run.status).toBe(0);
		await waitFor(() => received.length === 3, 'three replayed messages');
		await subscriber.endAsync();
		expect(received.map((m) => [m.topic, m.retain])).toEqual([
			['replayed/line/1', false],
			['replayed/line/2', false],
			['replayed/line/1', false],
		]);
		expect(received.map((m) => m.payload.toString('hex'))).toEqual(
			[0, 1, 3].map((i) => Buffer.from(stored[i]?.payload ?? []).toString('hex')),
		);
	});

	it('prints a dry run with the replayed topic and when each is due, and sends nothing', async () => {
		const run = await runCli([
			'replay',
			'--db',
			db,
			'--dry-run',
			'--speed',
			'2',
			'--from-prefix',
			'office/',
			'--to-prefix',
			'x/',
		]);
		expect(run.status).toBe(0);
		const planned = run.stdout
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as { topic: string; dueMs: number; retain: boolean });
		expect(planned.map((p) => p.topic)).toEqual([
			'plant/line/1',
			'plant/line/2',
			'x/door',
			'plant/line/1',
		]);
		expect(planned.map((p) => p.retain)).toEqual([true, false, false, true]);
		expect(planned.map((p) => p.dueMs)).toEqual([0, 75, 100, 150]);
		expect(run.stderr).toContain('4 messages would be sent');
	});
});
