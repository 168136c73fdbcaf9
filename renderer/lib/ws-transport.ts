/** The browser-mode transport: msgpack frames over one WebSocket to main's router. */
import { decode, encode } from '@msgpack/msgpack';
import type { AppError } from '../../shared/result';
import type { StreamHandlers, Transport } from '../../shared/ipc/transport';
import { WS_PATH, type ClientFrame, type ServerFrame } from '../../shared/ipc/ws-protocol';

const LOST: AppError = {
	code: 'connection-closed',
	message: 'Lost contact with the Topicscope core. Restart `npm run serve` and reload this page.',
};

/**
 * Opens the socket at once; frames sent before it opens are queued. `WebSocketClass` is the
 * browser's own in the app; Node tests pass the `ws` package's, which has the same API.
 */
export function createWebSocketTransport(
	baseUrl: string,
	token: string,
	WebSocketClass: typeof WebSocket = WebSocket,
): Transport {
	const url = new URL(WS_PATH, baseUrl);
	url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
	url.searchParams.set('token', token);
	const socket = new WebSocketClass(url);
	socket.binaryType = 'arraybuffer';
	const queue: Uint8Array[] = [];
	const pending = new Map<number, (result: unknown) => void>();
	const streams = new Map<number, StreamHandlers>();
	let nextId = 1;
	let isLost = false;

	const send = (frame: ClientFrame): void => {
		// Absent optional fields stay absent (msgpack would turn undefined into null).
		const bytes = encode(frame, { ignoreUndefined: true });
		if (socket.readyState === socket.OPEN) socket.send(bytes);
		else if (socket.readyState === socket.CONNECTING) queue.push(bytes);
	};
	socket.addEventListener('open', () => {
		for (const bytes of queue.splice(0)) socket.send(bytes);
	});
	socket.addEventListener('message', (event: MessageEvent<ArrayBuffer>) => {
		const frame = decode(new Uint8Array(event.data)) as ServerFrame;
		switch (frame.t) {
			case 'result':
				pending.get(frame.id)?.(frame.result);
				pending.delete(frame.id);
				return;
			case 'stream':
				streams.get(frame.id)?.onMessage(frame.envelope);
				return;
			case 'end':
				streams.get(frame.id)?.onEnd(frame.error);
				streams.delete(frame.id);
				return;
			case 'error':
				console.error('core refused a frame', frame.error);
				return;
		}
	});
	socket.addEventListener('close', () => {
		isLost = true;
		for (const resolve of pending.values()) resolve({ ok: false, error: LOST });
		pending.clear();
		for (const handlers of streams.values()) handlers.onEnd(LOST);
		streams.clear();
	});

	return {
		invoke(channel, payload) {
			if (isLost) return Promise.resolve({ ok: false, error: LOST });
			const id = nextId++;
			return new Promise((resolve) => {
				pending.set(id, resolve);
				send({ t: 'invoke', id, channel, payload });
			});
		},
		subscribe(stream, params, handlers) {
			if (isLost) {
				handlers.onEnd(LOST);
				return { close() {}, update() {} };
			}
			const id = nextId++;
			streams.set(id, handlers);
			send({ t: 'subscribe', id, stream, params });
			return {
				close() {
					if (!streams.delete(id)) return;
					send({ t: 'unsubscribe', id });
				},
				update(next) {
					if (streams.has(id)) send({ t: 'update', id, params: next });
				},
			};
		},
	};
}
