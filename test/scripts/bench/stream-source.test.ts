import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { benchTopic } from '../../../scripts/bench/publisher';
import {
	SENTINEL_TOPIC,
	spawnStreamSource,
	startStreamSource,
	type StreamReport,
} from '../../../scripts/bench/stream-source';

interface Received {
	readonly topics: string[];
	readonly afterSentinel: number;
	readonly report: StreamReport;
}

/** Subscribes a bare MQTT.js client, records every topic in order until the sentinel and close. */
async function receiveAll(
	url: string,
	protocolVersion: 4 | 5,
	done: Promise<StreamReport>,
): Promise<Received> {
	const client = await mqtt.connectAsync(url, {
		protocolVersion,
		clientId: `stream-source-test-${protocolVersion}`,
		reconnectPeriod: 0,
	});
	const topics: string[] = [];
	let isEnded = false;
	let afterSentinel = 0;
	const ended = new Promise<void>((resolve) => {
		client.on('message', (topic) => {
			if (isEnded) afterSentinel += 1;
			else if (topic === SENTINEL_TOPIC) {
				isEnded = true;
				resolve();
			} else topics.push(topic);
		});
	});
	await client.subscribeAsync('bench/#', { qos: 0 });
	await ended;
	await client.endAsync();
	return { topics, afterSentinel, report: await done };
}

describe('streaming source', () => {
	it('delivers exactly N messages round-robin over the topics, then the sentinel', async () => {
		// 12,345 is no multiple of the 1,000-frame batch, and 300 topics do not divide 1,000.
		const source = await startStreamSource({ messages: 12_345, topics: 300, payloadBytes: 100 });
		try {
			const received = await receiveAll(source.url, 4, source.done);
			expect(received.topics).toHaveLength(12_345);
			expect(received.afterSentinel).toBe(0);
			const wrong = received.topics.findIndex((topic, i) => topic !== benchTopic(i % 300));
			expect(wrong).toBe(-1);
			expect(received.report.sent).toBe(12_345);
			expect(received.report.error).toBeUndefined();
		} finally {
			await source.stop();
		}
	});

	it('speaks MQTT 5 to an MQTT 5 client and carries 100-byte payloads', async () => {
		const source = await startStreamSource({ messages: 2_000, topics: 10, payloadBytes: 100 });
		try {
			const client = await mqtt.connectAsync(source.url, {
				protocolVersion: 5,
				clientId: 'stream-source-v5',
				reconnectPeriod: 0,
			});
			const sizes = new Set<number>();
			let count = 0;
			const ended = new Promise<void>((resolve) =>
				client.on('message', (topic, payload) => {
					if (topic === SENTINEL_TOPIC) resolve();
					else {
						count += 1;
						sizes.add(payload.length);
					}
				}),
			);
			await client.subscribeAsync('bench/#', { qos: 0 });
			await ended;
			await client.endAsync();
			expect(count).toBe(2_000);
			expect([...sizes]).toEqual([100]);
			expect((await source.done).sent).toBe(2_000);
		} finally {
			await source.stop();
		}
	});

	it('runs as its own process, reports what it sent and exits once the client has gone', async () => {
		const source = await spawnStreamSource({ messages: 50_000, topics: 10_000, payloadBytes: 100 });
		try {
			const received = await receiveAll(source.url, 4, source.done);
			expect(received.topics).toHaveLength(50_000);
			expect(new Set(received.topics).size).toBe(10_000);
			expect(received.report.sent).toBe(50_000);
			expect(received.report.error).toBeUndefined();
			await source.exited;
			expect(source.hasExited()).toBe(true);
		} finally {
			source.kill();
		}
	});
});
