/**
 * The benchmark's firehose, run in its own process so it does not share an event loop with the
 * subscriber being measured.
 *
 * Publishes `messages` QoS 0 messages round-robin over `topics` topics (`bench/<site>/<device>`,
 * 100 devices per site), then one sentinel on `bench/_end`, then disconnects cleanly. Paced by the
 * socket: after each batch it waits for 'drain' when the stream asks for it, so nothing piles up in
 * this process and mosquitto sees the stream as fast as it accepts it. Prints one JSON line with
 * what it sent on stdout; everything else goes to stderr.
 *
 * Two modes. `raw` (the default) connects with MQTT.js but writes PUBLISH packets encoded once up
 * front (mqtt-packet), a batch per socket write: the publisher then costs almost no CPU, so on a
 * 2-core machine the measured rate is bounded by mosquitto and the subscriber, not by us. `mqttjs`
 * calls `client.publish` per message (about 6 µs each); it is there to show that difference.
 * QoS 0 PUBLISH packets carry no id and no client state, so writing them below MQTT.js is safe.
 *
 * Usage: publisher.ts <url> <messages> <topics> <payloadBytes> [raw|mqttjs]
 */
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { generate } from 'mqtt-packet';

export const SENTINEL_TOPIC = 'bench/_end';
const DEVICES_PER_SITE = 100;
const BATCH_SIZE = 1_000;

/** The topic of the index-th benchmark topic: realistic depth, numeric segments. */
export function benchTopic(index: number): string {
	return `bench/${Math.floor(index / DEVICES_PER_SITE)}/${index % DEVICES_PER_SITE}`;
}

/** A JSON-looking payload of exactly `sizeBytes` bytes (ASCII), like a small sensor reading. */
export function benchPayload(sizeBytes: number): Buffer {
	const text = '{"temperature":21.5,"humidity":40.1,"battery":97,"status":"ok","pad":"';
	const body = text.padEnd(Math.max(sizeBytes - 2, 0), 'x');
	return Buffer.from(`${body}"}`.slice(0, sizeBytes), 'ascii');
}

function positiveInteger(raw: string | undefined, name: string): number {
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1)
		throw new Error(`publisher: ${name} must be a positive integer`);
	return value;
}

function nextTurn(): Promise<void> {
	// Lets the socket write and MQTT.js read (keep-alive) between batches.
	return new Promise<void>((resolve) => setImmediate(resolve));
}

/** Publishes through MQTT.js, one `publish` call per message. Returns how often it waited for drain. */
async function publishWithMqttJs(
	client: MqttClient,
	topics: readonly string[],
	payload: Buffer,
	messages: number,
): Promise<number> {
	let drainWaits = 0;
	for (let sent = 0; sent < messages;) {
		const end = Math.min(sent + BATCH_SIZE, messages);
		for (; sent < end; sent++) {
			client.publish(topics[sent % topics.length] as string, payload, { qos: 0 });
		}
		if (client.stream.writableNeedDrain) {
			drainWaits += 1;
			await once(client.stream, 'drain');
		} else {
			await nextTurn();
		}
	}
	return drainWaits;
}

/** Writes pre-encoded PUBLISH packets, one socket write per batch. Returns how often it waited for drain. */
async function publishRaw(
	client: MqttClient,
	topics: readonly string[],
	payload: Buffer,
	messages: number,
): Promise<number> {
	const packets = topics.map((topic) =>
		generate({ cmd: 'publish', topic, payload, qos: 0, retain: false, dup: false }),
	);
	let drainWaits = 0;
	for (let sent = 0; sent < messages;) {
		const end = Math.min(sent + BATCH_SIZE, messages);
		const batch: Buffer[] = [];
		for (; sent < end; sent++) batch.push(packets[sent % packets.length] as Buffer);
		if (!client.stream.write(Buffer.concat(batch))) {
			drainWaits += 1;
			await once(client.stream, 'drain');
		} else {
			await nextTurn();
		}
	}
	return drainWaits;
}

async function main(): Promise<void> {
	const [url, rawMessages, rawTopics, rawPayloadBytes, mode = 'raw'] = process.argv.slice(2);
	if (url === undefined || (mode !== 'raw' && mode !== 'mqttjs')) {
		throw new Error(
			'publisher: usage: publisher.ts <url> <messages> <topics> <payloadBytes> [raw|mqttjs]',
		);
	}
	const messages = positiveInteger(rawMessages, 'messages');
	const topicCount = positiveInteger(rawTopics, 'topics');
	const payload = benchPayload(positiveInteger(rawPayloadBytes, 'payloadBytes'));
	const topics = Array.from({ length: topicCount }, (_, i) => benchTopic(i));

	const client = mqtt.connect(url, {
		clientId: `bench-publisher-${process.pid}`,
		protocolVersion: 4,
		clean: true,
		reconnectPeriod: 0,
		keepalive: 60,
	});
	await new Promise<void>((resolve, reject) => {
		client.once('connect', () => resolve());
		client.once('error', reject);
	});

	const startedAt = performance.now();
	const drainWaits =
		mode === 'raw'
			? await publishRaw(client, topics, payload, messages)
			: await publishWithMqttJs(client, topics, payload, messages);
	client.publish(SENTINEL_TOPIC, Buffer.from('end'), { qos: 0 });
	// end(false) flushes what is queued and sends DISCONNECT before closing.
	await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
	const elapsedMs = performance.now() - startedAt;
	process.stdout.write(
		`${JSON.stringify({ sent: messages, elapsedMs, messagesPerSecond: (messages / elapsedMs) * 1000, drainWaits })}\n`,
	);
}

// Run only as a script, so the ingest bench can import the topic and payload helpers.
if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
	main().catch((error: unknown) => {
		process.stderr.write(
			`publisher failed: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		process.exit(1);
	});
}
