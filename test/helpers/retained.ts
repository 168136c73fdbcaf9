/** What a broker retains, as a fresh independent MQTT.js client sees it. */
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import type { TestBroker } from './broker';
import { waitFor } from './wait';

export interface RetainedAtBroker {
	/** The payload as lowercase hex. */
	readonly payload: string;
	readonly qos: number;
	readonly contentType: string | undefined;
	readonly userProperties: unknown;
}

/**
 * Subscribes to `filter` and a sentinel topic, then publishes the sentinel on the same
 * connection: every retained message arrives before it.
 */
export async function retainedAtBroker(
	broker: TestBroker,
	filter: string,
): Promise<Map<string, RetainedAtBroker>> {
	const sentinel = `sentinel/${randomUUID()}`;
	const client = await mqtt.connectAsync(broker.url, {
		clientId: `retained-check-${randomUUID()}`,
		protocolVersion: 5,
	});
	const found = new Map<string, RetainedAtBroker>();
	let isDone = false;
	client.on('message', (topic, payload, packet) => {
		if (topic === sentinel) isDone = true;
		else if (packet.retain)
			found.set(topic, {
				payload: payload.toString('hex'),
				qos: packet.qos,
				contentType: packet.properties?.contentType,
				userProperties: packet.properties?.userProperties,
			});
	});
	await client.subscribeAsync([filter, sentinel], { qos: 2 });
	await client.publishAsync(sentinel, 'x', { qos: 1 });
	await waitFor(() => isDone, 'the sentinel');
	await client.endAsync();
	return found;
}
