import { describe, expect, it } from 'vitest';
import { createClient } from '../../../shared/ipc/client';
import type { StreamHandlers, Transport } from '../../../shared/ipc/transport';

/** A transport that records what the client opens and lets the test deliver envelopes. */
function recordingTransport(): {
	transport: Transport;
	opened: StreamHandlers[];
	closedCount: () => number;
} {
	const opened: StreamHandlers[] = [];
	let closed = 0;
	const transport: Transport = {
		invoke: () => Promise.resolve({ ok: true, value: null }),
		subscribe: (_stream, _params, handlers) => {
			opened.push(handlers);
			return {
				close: () => {
					closed += 1;
				},
				update: () => {},
			};
		},
	};
	return { transport, opened, closedCount: () => closed };
}

const snapshot = (seq: number, name: string) => ({ seq, data: { connections: [{ name }] } });

describe('createClient streams', () => {
	it('takes a snapshot after the transport reopened the stream, without opening it again', () => {
		const recorded = recordingTransport();
		const seen: unknown[] = [];
		createClient(recorded.transport).subscribe('connections:state', {}, (message) =>
			seen.push(message),
		);
		const [stream] = recorded.opened;
		stream?.onMessage(snapshot(0, 'a'));
		stream?.onMessage(snapshot(1, 'b'));
		stream?.onReopen?.();
		stream?.onMessage(snapshot(0, 'c'));
		stream?.onMessage(snapshot(1, 'd'));
		expect(seen).toEqual(['a', 'b', 'c', 'd'].map((name) => ({ connections: [{ name }] })));
		expect(recorded.opened).toHaveLength(1);
		expect(recorded.closedCount()).toBe(0);
	});

	it('opens the stream again on a gap in sequence numbers', () => {
		const recorded = recordingTransport();
		const seen: unknown[] = [];
		createClient(recorded.transport).subscribe('connections:state', {}, (message) =>
			seen.push(message),
		);
		recorded.opened[0]?.onMessage(snapshot(0, 'a'));
		recorded.opened[0]?.onMessage(snapshot(2, 'lost one before'));
		expect(recorded.closedCount()).toBe(1);
		expect(recorded.opened).toHaveLength(2);
		recorded.opened[1]?.onMessage(snapshot(0, 'b'));
		expect(seen).toEqual(['a', 'b'].map((name) => ({ connections: [{ name }] })));
	});
});
