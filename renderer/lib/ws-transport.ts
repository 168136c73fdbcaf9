/**
 * The browser-mode transport: msgpack frames over one WebSocket to main's router. It reports
 * where the link stands, so the page never shows frozen data as live, and it reconnects by itself:
 * when the same core answers again, every open stream is subscribed again and starts from a fresh
 * snapshot. A core that refuses the token (a new core on the same port) ends it for good.
 */
import { decode, encode } from '@msgpack/msgpack';
import type { AppError } from '../../shared/result';
import type { StreamHandlers, Transport } from '../../shared/ipc/transport';
import {
	WS_CLOSE,
	WS_PATH,
	type ClientFrame,
	type ServerFrame,
} from '../../shared/ipc/ws-protocol';

/** Where the link to the core stands. */
export type CoreLinkStatus =
	| { readonly kind: 'connecting' }
	| { readonly kind: 'open' }
	/**
	 * No core answers; retrying. `stopped`: the core said it was shutting down; `unreachable`: the
	 * socket dropped or never opened (killed, crashed, network).
	 */
	| { readonly kind: 'lost'; readonly cause: 'stopped' | 'unreachable'; readonly attempt: number }
	/** The core will not serve this page: its address had no token, or another core's. */
	| { readonly kind: 'refused'; readonly reason: 'missing-token' | 'wrong-token' };

export interface WebSocketTransport extends Transport {
	/** While the link is lost: try now instead of at the next scheduled attempt. */
	retryNow(): void;
	/** Closes the socket and stops retrying (tests; a page simply goes away). */
	close(): void;
}

export interface WebSocketTransportOptions {
	readonly onStatus?: (status: CoreLinkStatus) => void;
	/** The browser's own in the app; Node tests pass the `ws` package's, which has the same API. */
	readonly WebSocketClass?: typeof WebSocket;
	/** Wait before reconnect attempt `attempt` (1, 2, …). */
	readonly retryDelayMs?: (attempt: number) => number;
}

/** 0.5 s, 1 s, 2 s, 4 s, then every 5 s: quick after a blip, light while the core is away. */
export function defaultRetryDelayMs(attempt: number): number {
	return Math.min(500 * 2 ** (attempt - 1), 5_000);
}

const LOST: AppError = {
	code: 'connection-closed',
	message:
		'The Topicscope core is not answering: it stopped or cannot be reached. This page reconnects by itself when it is back.',
};

const NO_TOKEN: AppError = {
	code: 'unauthorised',
	message:
		'This page has no access token. Open the address printed in the terminal where `npm run serve` runs.',
};

const WRONG_TOKEN: AppError = {
	code: 'unauthorised',
	message:
		'The running Topicscope core does not accept this page’s access token (it was probably restarted). Open the address it printed.',
};

interface OpenStream {
	readonly stream: string;
	/** The latest parameters: what a reopened stream is subscribed with. */
	params: unknown;
	readonly handlers: StreamHandlers;
}

/**
 * Opens the socket at once (unless there is no token: then it reports `refused` and never
 * connects). Requests made before the core first answers are queued; requests made while the link
 * is lost fail at once rather than run later, unexpectedly.
 */
export function createWebSocketTransport(
	baseUrl: string,
	token: string | null,
	options: WebSocketTransportOptions = {},
): WebSocketTransport {
	const WebSocketClass = options.WebSocketClass ?? WebSocket;
	const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
	const url = new URL(WS_PATH, baseUrl);
	url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
	if (token !== null) url.searchParams.set('token', token);

	let socket: WebSocket | null = null;
	let status: CoreLinkStatus = { kind: 'connecting' };
	let hasOpened = false;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;
	let isClosedForGood = false;
	const queue: Uint8Array[] = [];
	const pending = new Map<number, (result: unknown) => void>();
	const streams = new Map<number, OpenStream>();
	let nextId = 1;

	const setStatus = (next: CoreLinkStatus): void => {
		status = next;
		options.onStatus?.(next);
	};
	const failure = (): AppError => {
		if (status.kind !== 'refused') return LOST;
		return status.reason === 'missing-token' ? NO_TOKEN : WRONG_TOKEN;
	};
	// Absent optional fields stay absent (msgpack would turn undefined into null).
	const bytesOf = (frame: ClientFrame): Uint8Array => encode(frame, { ignoreUndefined: true });
	const sendIfOpen = (frame: ClientFrame): void => {
		if (status.kind === 'open' && socket !== null && socket.readyState === socket.OPEN) {
			socket.send(bytesOf(frame));
		}
	};

	// Main sends a stream's next patch only once this page has taken in the previous ones, so a
	// page busy rendering gets fewer, fuller patches instead of a queue (main/ipc/receiver.ts).
	// Acknowledged after the next frame is drawn, the latest message per stream, in one go.
	const pendingAcks = new Map<number, number>();
	let isAckScheduled = false;
	const flushAcks = (): void => {
		isAckScheduled = false;
		for (const [id, seq] of pendingAcks) {
			if (streams.has(id)) sendIfOpen({ t: 'ack', id, seq });
		}
		pendingAcks.clear();
	};
	const acknowledge = (id: number, envelope: unknown): void => {
		const seq = (envelope as { seq?: unknown } | null)?.seq;
		if (typeof seq !== 'number') return;
		pendingAcks.set(id, seq);
		if (isAckScheduled) return;
		isAckScheduled = true;
		// After the frame: requestAnimationFrame runs before it is painted, a timeout after.
		if (typeof requestAnimationFrame === 'function') {
			requestAnimationFrame(() => setTimeout(flushAcks, 0));
		} else {
			setTimeout(flushAcks, 0);
		}
	};

	// On `ready`, not on the socket's `open`: a socket refused for its token opens too, then closes.
	const onReady = (opened: WebSocket): void => {
		const isReopen = hasOpened;
		hasOpened = true;
		setStatus({ kind: 'open' });
		for (const bytes of queue.splice(0)) opened.send(bytes);
		// Main forgot this page's subscriptions with the old socket: ask again, under the same ids.
		for (const [id, { stream, params, handlers }] of streams) {
			if (isReopen) handlers.onReopen?.();
			opened.send(bytesOf({ t: 'subscribe', id, stream, params }));
		}
	};

	const onMessage = (opened: WebSocket, event: MessageEvent<ArrayBuffer>): void => {
		const frame = decode(new Uint8Array(event.data)) as ServerFrame;
		switch (frame.t) {
			case 'ready':
				onReady(opened);
				return;
			case 'result':
				pending.get(frame.id)?.(frame.result);
				pending.delete(frame.id);
				return;
			case 'stream': {
				const open = streams.get(frame.id);
				if (open === undefined) return;
				acknowledge(frame.id, frame.envelope);
				open.handlers.onMessage(frame.envelope);
				return;
			}
			case 'end':
				streams.get(frame.id)?.handlers.onEnd(frame.error);
				streams.delete(frame.id);
				return;
			case 'error':
				console.error('core refused a frame', frame.error);
				return;
		}
	};

	const onClose = (code: number): void => {
		socket = null;
		queue.length = 0;
		// The new socket's streams start over at sequence 0: old acknowledgements mean nothing.
		pendingAcks.clear();
		if (code === WS_CLOSE.tokenMissing || code === WS_CLOSE.tokenWrong) {
			setStatus({
				kind: 'refused',
				reason: code === WS_CLOSE.tokenMissing ? 'missing-token' : 'wrong-token',
			});
			// Nothing will reopen these: only opening the right address (a new page) helps.
			for (const { handlers } of streams.values()) handlers.onEnd(failure());
			streams.clear();
		} else if (!isClosedForGood) {
			// Once the core said it stopped, a failed retry does not make it "unreachable".
			let cause: 'stopped' | 'unreachable' = 'unreachable';
			if (status.kind === 'lost') cause = status.cause;
			else if (code === WS_CLOSE.coreStopping) cause = 'stopped';
			const attempt = status.kind === 'lost' ? status.attempt + 1 : 1;
			setStatus({ kind: 'lost', cause, attempt });
			retryTimer = setTimeout(connect, retryDelayMs(attempt));
		}
		for (const resolve of pending.values()) resolve({ ok: false, error: failure() });
		pending.clear();
	};

	function connect(): void {
		clearTimeout(retryTimer);
		const opened = new WebSocketClass(url);
		opened.binaryType = 'arraybuffer';
		socket = opened;
		opened.addEventListener('message', (event: MessageEvent<ArrayBuffer>) =>
			onMessage(opened, event),
		);
		opened.addEventListener('close', (event) => onClose(event.code));
		// `close` follows every `error` and says what we need; Node's `ws` throws an unheard one.
		opened.addEventListener('error', () => {});
	}

	if (token === null) setStatus({ kind: 'refused', reason: 'missing-token' });
	else connect();

	return {
		invoke(channel, payload) {
			if (status.kind === 'lost' || status.kind === 'refused') {
				return Promise.resolve({ ok: false, error: failure() });
			}
			const id = nextId++;
			const frame: ClientFrame = { t: 'invoke', id, channel, payload };
			return new Promise((resolve) => {
				pending.set(id, resolve);
				if (status.kind === 'open') sendIfOpen(frame);
				else queue.push(bytesOf(frame));
			});
		},
		subscribe(stream, params, handlers) {
			if (status.kind === 'refused') {
				handlers.onEnd(failure());
				return { close() {}, update() {} };
			}
			const id = nextId++;
			const open: OpenStream = { stream, params, handlers };
			streams.set(id, open);
			// Otherwise it is sent when the socket opens.
			sendIfOpen({ t: 'subscribe', id, stream, params });
			return {
				close() {
					if (!streams.delete(id)) return;
					sendIfOpen({ t: 'unsubscribe', id });
				},
				update(next) {
					if (!streams.has(id)) return;
					open.params = next;
					sendIfOpen({ t: 'update', id, params: next });
				},
			};
		},
		retryNow() {
			if (status.kind === 'lost' && socket === null) connect();
		},
		close() {
			isClosedForGood = true;
			clearTimeout(retryTimer);
			socket?.close();
		},
	};
}
