/**
 * A slow page makes main coalesce, not queue: over the real WebSocket, a stream whose page has not
 * acknowledged its last patches sits flush ticks out, and its next patch carries the latest
 * values of everything that changed meanwhile. The status bar's stream reports it.
 */
import { decode, encode } from '@msgpack/msgpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { MAX_IN_FLIGHT } from '../../main/ipc/receiver';
import { TopicTree } from '../../main/topics/topic-tree';
import { WS_PATH } from '../../shared/ipc/ws-protocol';
import type { TrafficStats } from '../../shared/model/traffic';
import type { TreePatch } from '../../shared/tree/patch';
import { message } from '../helpers/message';
import { serveCore, type ServedCore } from '../helpers/serve';
import { waitFor } from '../helpers/wait';

let served: ServedCore;
const CONNECTION = 'paced';

beforeAll(async () => {
	served = await serveCore();
});
afterAll(async () => {
	await served.close();
});

/** A page that acknowledges only when told to: every frame it receives, in order. */
async function slowPage(): Promise<{
	frames: Record<string, unknown>[];
	send: (frame: Record<string, unknown>) => void;
	/** Resolves once every frame main sent before this call has arrived (an answered request). */
	settle: () => Promise<void>;
	close: () => void;
}> {
	const socket = new WebSocket(
		`ws://127.0.0.1:${served.server.port}${WS_PATH}?token=${served.server.token}`,
	);
	const frames: Record<string, unknown>[] = [];
	socket.on('message', (data) => frames.push(decode(data as Buffer) as Record<string, unknown>));
	await waitFor(() => frames.some((frame) => frame.t === 'ready'), 'the ready frame');
	const send = (frame: Record<string, unknown>): void => socket.send(encode(frame));
	let nextId = 1_000;
	return {
		frames,
		send,
		settle: async () => {
			const id = nextId++;
			send({ t: 'invoke', id, channel: 'app:info', payload: {} });
			await waitFor(
				() => frames.some((frame) => frame.t === 'result' && frame.id === id),
				'an answer',
			);
		},
		close: () => socket.close(),
	};
}

function streamOf(
	frames: readonly Record<string, unknown>[],
	id: number,
): { seq: number; data: unknown }[] {
	return frames
		.filter((frame) => frame.t === 'stream' && frame.id === id)
		.map((frame) => frame.envelope as { seq: number; data: unknown });
}

describe('stream pacing', () => {
	it('holds a stream whose page is behind, then sends one patch with the latest values', async () => {
		const tree = new TopicTree();
		served.core.trees.set(CONNECTION, tree);
		tree.ingest(message('plant/a', '0'));
		const page = await slowPage();
		page.send({
			t: 'subscribe',
			id: 1,
			stream: 'tree:patch',
			params: { connectionId: CONNECTION, expanded: ['plant'], offset: 0, limit: 10 },
		});
		await waitFor(() => streamOf(page.frames, 1).length === 1, 'the snapshot');
		// This page acknowledges: main now paces its streams by what it has taken in.
		page.send({ t: 'ack', id: 1, seq: 0 });
		await page.settle();
		// Changes at every tick, never acknowledged past the snapshot.
		for (let tick = 1; tick <= 10; tick++) {
			tree.ingest(message('plant/a', String(tick)));
			served.core.ticker.flush();
		}
		await page.settle();
		const held = streamOf(page.frames, 1);
		expect(held.map((envelope) => envelope.seq)).toEqual(
			Array.from({ length: MAX_IN_FLIGHT + 1 }, (_, seq) => seq),
		);
		// Caught up: the next tick sends what the sat-out ticks changed, in one patch.
		page.send({ t: 'ack', id: 1, seq: MAX_IN_FLIGHT });
		await page.settle();
		served.core.ticker.flush();
		await page.settle();
		const after = streamOf(page.frames, 1);
		expect(after).toHaveLength(MAX_IN_FLIGHT + 2);
		const patch = after.at(-1)?.data as TreePatch;
		expect(patch.kind).toBe('update');
		expect(patch.rows.find((row) => row.id === 'plant/a')).toMatchObject({
			preview: '10',
			messageCount: 11,
		});

		// The status bar's stream counts the ticks the tree stream sat out.
		page.send({
			t: 'subscribe',
			id: 2,
			stream: 'connection:traffic',
			params: { connectionId: CONNECTION },
		});
		await waitFor(() => streamOf(page.frames, 2).length === 1, 'the traffic snapshot');
		const traffic = streamOf(page.frames, 2)[0]?.data as TrafficStats;
		expect(traffic.patchesCoalesced).toBeGreaterThanOrEqual(10 - MAX_IN_FLIGHT);
		expect(traffic).toMatchObject({ totalMessages: 11, patchesShed: 0 });
		page.close();
	});

	it('does not hold a page that never acknowledges (an older client)', async () => {
		const tree = new TopicTree();
		served.core.trees.set(`${CONNECTION}-2`, tree);
		const page = await slowPage();
		page.send({
			t: 'subscribe',
			id: 1,
			stream: 'tree:patch',
			params: { connectionId: `${CONNECTION}-2`, expanded: [], offset: 0, limit: 10 },
		});
		await page.settle();
		for (let tick = 1; tick <= 6; tick++) {
			tree.ingest(message(`t/${tick}`, 'x'));
			served.core.ticker.flush();
		}
		await page.settle();
		expect(streamOf(page.frames, 1)).toHaveLength(7);
		page.close();
	});
});
