/**
 * The built-in broker: Aedes in this process, on loopback only.
 *
 * It is the embedded default a new user connects to, so it must never be reachable from another
 * machine: the host is fixed to 127.0.0.1 by type as well as by value.
 */
import { createServer, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import { createLogger } from '../log/logger.js';

const log = createLogger('local-broker');

export interface LocalBrokerOptions {
	/** 0 (the default) picks a free port. */
	readonly port?: number;
	readonly host?: '127.0.0.1';
}

export interface LocalBroker {
	readonly host: string;
	readonly port: number;
	/** `mqtt://127.0.0.1:<port>` */
	readonly url: string;
	/** Closes every client, the listening socket and Aedes; safe to call twice. */
	stop(): Promise<void>;
}

/** Starts an in-process MQTT 3.1.1 broker on 127.0.0.1 and resolves once it listens. */
export async function startLocalBroker(options: LocalBrokerOptions = {}): Promise<LocalBroker> {
	const host = options.host ?? '127.0.0.1';
	const aedes = await Aedes.createBroker();
	// Aedes forgets sockets that never sent CONNECT; tracking them all lets stop() leave no handle.
	const sockets = new Set<Socket>();
	const server = createServer((socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
		aedes.handle(socket);
	});
	aedes.on('clientError', (client, error) => {
		log.debug('client error', { clientId: client.id, error: error.message });
	});
	aedes.on('connectionError', (_client, error) => {
		log.debug('connection error', { error: error.message });
	});

	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, host, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		await new Promise<void>((resolve) => aedes.close(() => resolve()));
		throw error;
	}
	const address = server.address();
	if (address === null || typeof address === 'string') {
		throw new Error('local broker: a TCP server has no TCP address');
	}
	const port = address.port;
	log.info('local broker started', { host, port });

	let stopping: Promise<void> | undefined;
	const stop = async (): Promise<void> => {
		const closed = new Promise<void>((resolve) => server.close(() => resolve()));
		await new Promise<void>((resolve) => aedes.close(() => resolve()));
		for (const socket of sockets) socket.destroy();
		await closed;
		log.info('local broker stopped', { port });
	};

	return {
		host,
		port,
		url: `mqtt://${host}:${port}`,
		stop: () => (stopping ??= stop()),
	};
}
