/**
 * Builds the services for either shell (Electron or browser mode) and owns start-up and shutdown.
 * Runs under plain Node: tests and the benchmark use it directly.
 */
import type { Result } from '../../shared/ipc/errors';
import type { AppInfo } from '../../shared/ipc/contract';
import type { ConnectionSummary } from '../../shared/model/connection';
import { DEFAULT_PROFILE } from '../../shared/model/profile';
import { ConnectionManager } from '../connections/connection-manager';
import { generateClientId } from '../connections/connection';
import { startDemoPublisher } from '../local-broker/demo-publisher';
import { startLocalBroker } from '../local-broker/local-broker';
import { createLogger } from '../log/logger';
import { FlushTicker } from './flush-ticker';

const log = createLogger('core');

export interface CoreOptions {
	readonly shell: AppInfo['shell'];
	readonly version: string;
}

interface LocalBrokerHandle {
	readonly url: string;
	readonly port: number;
	stop(): Promise<void>;
}

export class Core {
	readonly connections = new ConnectionManager();
	readonly ticker = new FlushTicker();
	#localBroker: Promise<{
		broker: LocalBrokerHandle;
		publisher: { stop(): Promise<void> };
	}> | null = null;

	constructor(readonly options: CoreOptions) {}

	info(): AppInfo {
		return { version: this.options.version, shell: this.options.shell, platform: process.platform };
	}

	/** Starts the built-in broker and its demo publisher once, then connects to it. */
	async connectLocalBroker(): Promise<Result<ConnectionSummary>> {
		this.#localBroker ??= (async () => {
			const broker = await startLocalBroker({ port: 0 });
			const publisher = await startDemoPublisher({ url: broker.url });
			log.info('local broker started', { port: broker.port });
			return { broker, publisher };
		})();
		const { broker } = await this.#localBroker;
		const existing = this.connections
			.list()
			.find(
				(c) => c.isLocalBroker && (c.state.kind === 'connected' || c.state.kind === 'reconnecting'),
			);
		if (existing) return { ok: true, value: existing };
		return this.connections.connect(
			{
				...DEFAULT_PROFILE,
				name: 'Built-in local broker',
				host: '127.0.0.1',
				port: broker.port,
				// Aedes speaks MQTT 3.1.1.
				protocolVersion: 4,
				clientId: generateClientId(),
			},
			{ isLocalBroker: true },
		);
	}

	async close(): Promise<void> {
		this.ticker.stop();
		await this.connections.closeAll();
		if (this.#localBroker) {
			const { broker, publisher } = await this.#localBroker;
			await publisher.stop();
			await broker.stop();
			this.#localBroker = null;
		}
		log.info('core closed');
	}
}
