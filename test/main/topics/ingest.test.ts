import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { waitFor } from '../../helpers/wait';

describe('ingest from a real broker', () => {
	let broker: TestBroker;
	let core: Core;

	beforeAll(async () => {
		broker = await startBroker();
		core = new Core({ shell: 'test', version: 'test' });
	});
	afterAll(async () => {
		await core.close();
		await broker.stop();
	});

	it('builds exactly the published topics, with counts and last payloads', async () => {
		const connected = await core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'ingest-test',
				protocolVersion: 4,
				subscriptions: subscribeTo('fleet/#'),
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const tree = core.trees.get(connected.value.id);
		if (!tree) throw new Error('no tree');

		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'ingest-publisher' });
		const expected = new Map<string, { count: number; last: string }>();
		for (let i = 0; i < 1000; i++) {
			const topic = `fleet/site${i % 10}/device${i % 200}`;
			const payload = `{"seq":${i}}`;
			const entry = expected.get(topic) ?? { count: 0, last: '' };
			expected.set(topic, { count: entry.count + 1, last: payload });
			await publisher.publishAsync(topic, payload, { qos: 1 });
		}
		await publisher.endAsync();
		await waitFor(() => tree.root.totalMessages === 1000, '1000 messages in the tree');

		expect(tree.topicCount).toBe(200);
		expect(expected.size).toBe(200);
		for (const [topic, { count, last }] of expected) {
			const node = tree.find(topic);
			expect(node?.messageCount, topic).toBe(count);
			expect(node?.children.size, topic).toBe(0);
			expect(new TextDecoder().decode(node?.last?.payload), topic).toBe(last);
			expect(node?.last?.qos).toBe(1);
		}
		expect(tree.find('fleet')?.topicCount).toBe(200);
		expect(tree.find('fleet/site3')?.children.size).toBe(20);
	});
});
