/**
 * Serves the router over one WebSocket: requests, stream subscriptions and their teardown when
 * the socket closes. Every frame is validated; nothing a client sends can crash main.
 */
import { decode, encode } from '@msgpack/msgpack';
import * as v from 'valibot';
import type { WebSocket } from 'ws';
import { ClientFrameSchema, type ServerFrame } from '../../shared/ipc/ws-protocol';
import { Receiver } from '../ipc/receiver';
import type { RoutedStream, Router } from '../ipc/router';
import { createLogger } from '../log/logger';

const log = createLogger('serve');

const ENCODE_OPTIONS = { ignoreUndefined: true } as const;

/**
 * Past this much unsent data the socket itself is behind (a slow network): streams sit their
 * ticks out until it drains, as they do for a page that has not acknowledged their last patches.
 */
const HOLD_BUFFERED_BYTES = 1024 * 1024;

/**
 * Past this much unsent data a stream message is dropped rather than queued (only what bypasses
 * the pacing can get here: a snapshot, a moved window). Its sequence number is still used, so the
 * client sees the gap on the next message and resubscribes for a snapshot. Counted as shed.
 */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

export function serveSocket(socket: WebSocket, router: Router): void {
	const subscriptions = new Map<number, RoutedStream>();
	const receiver = new Receiver();
	const send = (frame: ServerFrame): boolean => {
		if (socket.readyState !== socket.OPEN) return false;
		if (frame.t === 'stream' && socket.bufferedAmount > MAX_BUFFERED_BYTES) {
			receiver.shed();
			log.warn('slow client: stream message shed', { shed: receiver.counters.shedMessages });
			return true;
		}
		// Absent optional fields stay absent (msgpack would turn undefined into null).
		const bytes = encode(frame, ENCODE_OPTIONS);
		if (frame.t === 'stream') {
			receiver.sent(frame.id, (frame.envelope as { seq: number }).seq, bytes.byteLength);
		}
		socket.send(bytes);
		return true;
	};

	socket.on('message', (data, isBinary) => {
		let raw: unknown;
		try {
			if (!isBinary) throw new Error('text frame');
			raw = decode(data as Buffer);
		} catch {
			send({
				t: 'error',
				error: {
					code: 'invalid-request',
					message: 'Unreadable frame: expected a msgpack binary frame.',
				},
			});
			return;
		}
		const parsed = v.safeParse(ClientFrameSchema, raw);
		if (!parsed.success) {
			const id = (raw as { id?: unknown } | null)?.id;
			const error = {
				code: 'invalid-request' as const,
				message: `Malformed frame: ${parsed.issues[0]?.message ?? 'unknown shape'}.`,
			};
			if (typeof id === 'number') send({ t: 'result', id, result: { ok: false, error } });
			else send({ t: 'error', error });
			return;
		}
		const frame = parsed.output;
		switch (frame.t) {
			case 'invoke':
				void router.invoke(frame.channel, frame.payload).then((result) => {
					send({ t: 'result', id: frame.id, result });
				});
				return;
			case 'subscribe': {
				subscriptions.get(frame.id)?.close();
				receiver.opened(frame.id);
				const opened = router.subscribe(
					frame.stream,
					frame.params,
					(envelope) => send({ t: 'stream', id: frame.id, envelope }),
					{
						isReady: () =>
							socket.bufferedAmount < HOLD_BUFFERED_BYTES && receiver.isReady(frame.id),
						held: () => receiver.held(),
						counters: receiver.counters,
					},
				);
				if (opened.ok) subscriptions.set(frame.id, opened.value);
				else {
					receiver.closed(frame.id);
					send({ t: 'end', id: frame.id, error: opened.error });
				}
				return;
			}
			case 'unsubscribe':
				subscriptions.get(frame.id)?.close();
				subscriptions.delete(frame.id);
				receiver.closed(frame.id);
				return;
			case 'ack':
				receiver.acked(frame.id, frame.seq);
				return;
			case 'update': {
				// An unknown id is a stream that already ended: nothing to move.
				const stream = subscriptions.get(frame.id);
				const updated = stream?.update(frame.params);
				if (stream && updated && !updated.ok) {
					stream.close();
					subscriptions.delete(frame.id);
					send({ t: 'end', id: frame.id, error: updated.error });
				}
				return;
			}
		}
	});

	send({ t: 'ready' });

	socket.on('close', () => {
		for (const stream of subscriptions.values()) stream.close();
		subscriptions.clear();
		log.debug('socket closed');
	});
	socket.on('error', (error) => log.warn('socket error', { error }));
}
