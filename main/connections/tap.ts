/**
 * The wire tap: the exact bytes MQTT.js writes to and reads from its stream, below its parser and
 * above TLS or WebSocket framing, so mqtts and wss frames are visible in clear. It observes only:
 * every chunk still goes where it was going, unchanged.
 */
import type { Duplex } from 'node:stream';

import type { WireDirection } from '../../shared/model/frames';

export type { WireDirection };

export interface WireTap {
	/** A new socket (first connect or a reconnect): byte streams start over. */
	open(): void;
	data(direction: WireDirection, chunk: Uint8Array): void;
	close(): void;
}

type WriteArguments = [chunk: unknown, ...rest: unknown[]];

/**
 * Reading for longer than this in one turn of the event loop hands the loop back before reading
 * on: under a firehose libuv reads a socket up to 32 times (2 MB) per turn, which is 100 ms of
 * messages, and timers (the flush ticker, keep-alives) and IPC would wait that long.
 */
export const YIELD_AFTER_MS = 8;

/** The native handle of a TCP or TLS socket, whose reading can stop and start. */
interface ReadingHandle {
	reading?: boolean;
	readStop(): number;
	readStart(): number;
}

function readingHandle(stream: Duplex): ReadingHandle | null {
	const handle = (stream as unknown as { _handle?: Partial<ReadingHandle> | null })._handle;
	return typeof handle?.readStop === 'function' && typeof handle.readStart === 'function'
		? (handle as ReadingHandle)
		: null;
}

/**
 * Returns the function to call after each chunk read: past YIELD_AFTER_MS in this turn, it stops
 * the socket's reads until the next turn (the kernel holds the bytes; TCP slows the sender). Node's own idea of whether
 * the socket reads (`reading`) is left alone and respected: reading starts again only if Node
 * still wants it, so its backpressure is never overridden. Streams without a native handle (a
 * WebSocket's) are read as they come.
 */
function turnKeeper(stream: Duplex): () => void {
	let turnStartedAt = -1;
	let isStopped = false;
	return () => {
		const now = performance.now();
		if (turnStartedAt < 0) {
			turnStartedAt = now;
			setImmediate(() => (turnStartedAt = -1));
			return;
		}
		if (isStopped || now - turnStartedAt < YIELD_AFTER_MS) return;
		const handle = readingHandle(stream);
		if (handle === null || handle.reading === false) return;
		isStopped = true;
		handle.readStop();
		setImmediate(() => {
			isStopped = false;
			const current = readingHandle(stream);
			if (current === handle && handle.reading === true && !stream.destroyed) handle.readStart();
		});
	};
}

function asBytes(chunk: unknown): Uint8Array | null {
	if (chunk instanceof Uint8Array) return chunk;
	if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
	return null;
}

/**
 * Keeps a stream MQTT.js is about to use from holding the event loop for a whole firehose turn,
 * whether or not it is tapped (see `turnKeeper`).
 */
export function keepTurns(stream: Duplex): Duplex {
	const keepTurn = turnKeeper(stream);
	stream.on('data', keepTurn);
	return stream;
}

/** Installs the tap on a stream MQTT.js is about to use. */
export function tapStream(stream: Duplex, tap: WireTap): Duplex {
	tap.open();
	const write = stream.write.bind(stream) as (...args: WriteArguments) => boolean;
	stream.write = ((...args: WriteArguments): boolean => {
		const bytes = asBytes(args[0]);
		if (bytes) tap.data('out', bytes);
		return write(...args);
	}) as Duplex['write'];
	// MQTT.js pipes the stream into its parser right after building it; a second 'data' listener
	// sees the same chunks in the same order.
	stream.on('data', (chunk: unknown) => {
		const bytes = asBytes(chunk);
		if (bytes) tap.data('in', bytes);
	});
	keepTurns(stream);
	stream.once('close', () => tap.close());
	return stream;
}
