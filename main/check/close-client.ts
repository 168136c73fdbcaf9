/**
 * Letting go of a connection the broker may have dropped, and waiting on one that may drop: what
 * the check's probes and the client commands do when a publish costs the connection.
 */
import type { Result } from '../../shared/result';
import { err } from '../../shared/result';
import type { Connection } from '../connections/connection';

/**
 * Disconnects; a connection the broker already dropped is let go without waiting. Its close()
 * would wait for the acknowledgements of QoS 1/2 publishes still in flight, which a dead socket
 * never brings (MQTT.js ends a client that has messages in flight only once they are acked).
 */
export async function closeClient(connection: Connection): Promise<void> {
	if (connection.state.kind === 'connected') await connection.close();
	else void connection.close();
}

/**
 * `work` (a publish, a subscribe) unless the connection is lost first: a QoS 1/2 publish the
 * broker answers by dropping us would wait for its acknowledgement for ever.
 */
export function untilLost<T>(connection: Connection, work: Promise<Result<T>>): Promise<Result<T>> {
	if (connection.state.kind !== 'connected') return work;
	return new Promise((resolve) => {
		const stop = connection.onStateChange((c) => {
			const state = c.state;
			if (state.kind === 'connected' || state.kind === 'connecting') return;
			stop();
			resolve(
				state.kind === 'failed'
					? { ok: false, error: state.error }
					: state.kind === 'reconnecting'
						? { ok: false, error: state.lastError }
						: err('connection-closed', 'The connection was closed.'),
			);
		});
		void work.then((result) => {
			stop();
			resolve(result);
		});
	});
}
