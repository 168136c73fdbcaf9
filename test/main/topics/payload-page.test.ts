/**
 * Reading a topic's payload on demand: pages of the message the renderer shows, `not-found` once
 * a newer one replaced it (even with the same microsecond stamp), over the real WebSocket too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMessage, payloadFileName, readPayloadPage } from '../../../main/topics/payload-page';
import { TopicTree } from '../../../main/topics/topic-tree';
import { MAX_PAYLOAD_PAGE_BYTES } from '../../../shared/model/message';
import { message } from '../../helpers/message';
import { serveCore, type ServedCore } from '../../helpers/serve';
import { startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { waitFor } from '../../helpers/wait';
import mqtt from 'mqtt';

function everyByte(sizeBytes: number): Uint8Array {
	return Uint8Array.from({ length: sizeBytes }, (_, i) => i % 256);
}

describe('readPayloadPage', () => {
	it('reads the pages of the last message and stops at its end', () => {
		const tree = new TopicTree();
		tree.ingest(message('bin/blob', everyByte(1000), { timeMs: 5 }));
		const page = readPayloadPage(tree, { topic: 'bin/blob' }, 990, 100);
		expect(page.ok && page.value).toMatchObject({
			offset: 990,
			sizeBytes: 1000,
			receivedAtUs: 5000,
			messageCount: 1,
		});
		expect(page.ok && [...page.value.bytes]).toEqual([...everyByte(1000).subarray(990)]);
		const past = readPayloadPage(tree, { topic: 'bin/blob' }, 5000, 10);
		expect(past.ok && past.value.bytes.length).toBe(0);
	});

	it('answers not-found once a newer message replaced the one asked for, same stamp or not', () => {
		const tree = new TopicTree();
		tree.ingest(message('t', 'old', { timeMs: 7 }));
		const first = readPayloadPage(tree, { topic: 't' }, 0, 10);
		if (!first.ok) throw new Error(first.error.message);
		const pinned = { topic: 't', receivedAtUs: first.value.receivedAtUs, messageCount: 1 };
		// Two PUBLISH frames of one socket read share their stamp: the count tells them apart.
		tree.ingest(message('t', 'new', { timeMs: 7 }));
		const again = readPayloadPage(tree, pinned, 0, 10);
		expect(again.ok ? 'ok' : again.error.code).toBe('not-found');
		expect(again.ok ? '' : again.error.message).toContain('A newer message arrived on t');
		expect(readPayloadPage(tree, { topic: 't' }, 0, 10).ok).toBe(true);
	});

	it('says when a topic has no message of its own', () => {
		const tree = new TopicTree();
		tree.ingest(message('a/b', 'x'));
		const result = findMessage(tree, { topic: 'a' });
		expect(result.ok ? '' : result.error.message).toBe('The topic a has no message to read.');
		expect(findMessage(tree, { topic: 'nowhere' }).ok).toBe(false);
	});

	it('names saved files after the topic, text or binary by the payload', () => {
		expect(payloadFileName('plant/line 1/temp', new TextEncoder().encode('21.5'))).toBe(
			'plant_line_1_temp.txt',
		);
		expect(payloadFileName('$SYS/x', everyByte(300))).toBe('SYS_x.bin');
		expect(payloadFileName('', new Uint8Array([1]))).toBe('payload.bin');
	});
});

describe('topic:payload over the WebSocket', () => {
	let broker: TestBroker;
	let served: ServedCore;

	beforeAll(async () => {
		broker = await startBroker();
		served = await serveCore();
	});
	afterAll(async () => {
		await served.close();
		await broker.stop();
	});

	it('reads a 3 MB payload byte-exact in pages, and refuses pages over 1 MB', async () => {
		const connected = await served.core.connections.connect(
			testProfile({
				port: broker.port,
				clientId: 'payload-pages',
				protocolVersion: 4,
				subscriptions: subscribeTo('big/#'),
			}),
		);
		if (!connected.ok) throw new Error(connected.error.message);
		const connectionId = connected.value.id;
		const sent = everyByte(3 * 1024 * 1024 + 7);
		const publisher = await mqtt.connectAsync(broker.url, { clientId: 'payload-publisher' });
		await publisher.publishAsync('big/blob', Buffer.from(sent), { qos: 1 });
		await publisher.endAsync();
		const tree = served.core.trees.get(connectionId);
		await waitFor(() => tree?.find('big/blob')?.last != null, 'the big message');

		const api = served.connectClient();
		const received = new Uint8Array(sent.length);
		let offset = 0;
		let pinned: { receivedAtUs: number; messageCount: number } | undefined;
		while (offset < sent.length) {
			const page = await api.invoke('topic:payload', {
				connectionId,
				topic: 'big/blob',
				...pinned,
				offset,
				length: MAX_PAYLOAD_PAGE_BYTES,
			});
			if (!page.ok) throw new Error(page.error.message);
			pinned = { receivedAtUs: page.value.receivedAtUs, messageCount: page.value.messageCount };
			expect(page.value.sizeBytes).toBe(sent.length);
			received.set(page.value.bytes, offset);
			offset += page.value.bytes.length;
		}
		expect(Buffer.from(received).equals(Buffer.from(sent))).toBe(true);

		const tooLong = await api.invoke('topic:payload', {
			connectionId,
			topic: 'big/blob',
			offset: 0,
			length: MAX_PAYLOAD_PAGE_BYTES + 1,
		});
		expect(tooLong.ok ? 'ok' : tooLong.error.code).toBe('invalid-request');
		const unknown = await api.invoke('topic:payload', {
			connectionId: 'nope',
			topic: 'big/blob',
			offset: 0,
			length: 1,
		});
		expect(unknown.ok ? 'ok' : unknown.error.code).toBe('not-found');
		// Browser mode has no save dialog: the renderer downloads the bytes itself.
		const save = await api.invoke('topic:save-payload', { connectionId, topic: 'big/blob' });
		expect(save.ok && save.value.outcome).toBe('download');
	});
});
