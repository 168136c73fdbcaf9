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

function asBytes(chunk: unknown): Uint8Array | null {
	if (chunk instanceof Uint8Array) return chunk;
	if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
	return null;
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
	stream.once('close', () => tap.close());
	return stream;
}
