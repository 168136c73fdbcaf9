/**
 * Builds the services for either shell (Electron or browser mode) and owns start-up and shutdown.
 * Runs under plain Node: tests and the benchmark use it directly.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '../../shared/result';
import type { AppInfo } from '../../shared/ipc/contract';
import type { ConnectionId, ConnectionSummary } from '../../shared/model/connection';
import { DEFAULT_PROFILE } from '../../shared/model/profile';
import type { Connection } from '../connections/connection';
import { ConnectionManager } from '../connections/connection-manager';
import { DecodeService } from '../decoders/decode-service';
import { DecoderSettingsStore } from '../decoders/decoder-settings';
import { FrameLog } from '../frames/frame-log';
import { generateClientId } from '../../shared/mqtt/client-id';
import { startDemoPublisher } from '../local-broker/demo-publisher';
import { startLocalBroker } from '../local-broker/local-broker';
import { createLogger } from '../log/logger';
import { ProfileService } from '../profiles/profile-service';
import { PublishingService } from '../publish/publishing-service';
import { ProfileStore } from '../profiles/profile-store';
import { TopicTree } from '../topics/topic-tree';
import { createKeyFileSecretBox, type SecretBox } from '../profiles/secret-box';
import { SparkplugState } from '../sparkplug/state';
import { BrokerStats, SAMPLE_INTERVAL_MS } from '../broker/broker-stats';
import { FlushTicker } from './flush-ticker';
import { HistoryService } from '../history/history-service';
import { historySourceOf } from '../history/sources';
import { BrokerChecks } from '../check/check-service';
import { UpdateService, type Updater } from '../desktop/update-service';
import { SettingsService } from '../settings/settings-service';
import { MemorySettings } from '../settings/settings-table';

const log = createLogger('core');

function openProfiles(options: CoreOptions): Result<ProfileService> {
	const { dataDir } = options;
	if (dataDir === undefined) {
		return err('internal', 'Profiles are not saved in this mode: no data folder was given.');
	}
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const box = options.secretBox
		? ok(options.secretBox)
		: createKeyFileSecretBox(join(dataDir, 'secrets.key'));
	if (!box.ok) return box;
	const store = ProfileStore.open(join(dataDir, 'profiles.sqlite'), box.value, {
		...(options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {}),
	});
	if (!store.ok) return store;
	log.info('profiles opened', { secrets: box.value.kind });
	return ok(new ProfileService(store.value));
}

function openHistory(options: CoreOptions): Result<HistoryService> {
	if (options.dataDir === undefined) {
		return err('not-found', 'History is not kept in this mode: no data folder was given.');
	}
	if (options.keepHistory === false) return err('not-found', 'History is turned off.');
	const history = new HistoryService({
		dataDir: options.dataDir,
		...(options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {}),
	});
	log.info('history opening', { path: history.path });
	return ok(history);
}

export interface CoreOptions {
	readonly shell: AppInfo['shell'];
	readonly version: string;
	/** Where profiles and history live; without it nothing is saved. */
	readonly dataDir?: string;
	/** The OS keychain box from the Electron shell; otherwise a key file in `dataDir`. */
	readonly secretBox?: SecretBox;
	/** better-sqlite3 addon for another runtime's ABI (Electron during development). */
	readonly sqliteNativeBinding?: string;
	/** Keep the raw frames of every connection (default true; the benchmark measures both). */
	readonly captureFrames?: boolean;
	/** Frames kept per connection before the oldest are evicted. */
	readonly frameCapacity?: number;
	/**
	 * Asks the user where to save `bytes` and writes them there (the Electron shell's save dialog).
	 * Without it the renderer downloads what it saves (browser mode): it never names a path.
	 */
	readonly saveFile?: (suggestedName: string, bytes: Uint8Array) => Promise<Result<SaveOutcome>>;
	/** Store every message in `dataDir`/history.sqlite (default true when there is a data folder). */
	readonly keepHistory?: boolean;
	/** Release updates (electron-updater in the Electron shell); without it there are none. */
	readonly updater?: Updater;
	/** Why there are no updates, when `updater` is absent or inactive. */
	readonly updatesUnavailableReason?: string;
	/** The folder of the log file, shown in About. */
	readonly logDir?: string;
	/** Opens a folder in the file manager (the Electron shell); browser mode shows paths instead. */
	readonly openFolder?: (path: string) => Promise<Result<null>>;
}

/** What became of a save the user was asked about. */
export type SaveOutcome = 'saved' | 'cancelled';

interface LocalBrokerHandle {
	readonly url: string;
	readonly port: number;
	stop(): Promise<void>;
}

export class Core {
	/** Appearance, layout and update settings, saved with the profiles (in memory without them). */
	readonly settings: SettingsService;
	readonly updates: UpdateService;
	readonly connections = new ConnectionManager();
	/** The topic tree of each connection, while the connection exists. */
	readonly trees = new Map<ConnectionId, TopicTree>();
	/** The raw frame log of each connection, while the connection exists. */
	readonly frames = new Map<ConnectionId, FrameLog>();
	/** The Sparkplug B state (sessions, aliases, seq, metrics) of each connection. */
	readonly sparkplug = new Map<ConnectionId, SparkplugState>();
	/** The broker panel's model (`$SYS`, rates, per-topic figures) of each connection. */
	readonly brokerStats = new Map<ConnectionId, BrokerStats>();
	/** Each connection's once-a-second sampling of its broker statistics. */
	readonly #sampling = new Map<ConnectionId, NodeJS.Timeout>();
	readonly ticker = new FlushTicker();
	/** Broker checks started from the app, followed on `broker:check-progress`. */
	readonly checks = new BrokerChecks();
	#localBroker: Promise<{
		broker: LocalBrokerHandle;
		publisher: { stop(): Promise<void> };
	}> | null = null;

	/** Saved profiles, or why they are unavailable (no data folder, unreadable key file…). */
	readonly profiles: Result<ProfileService>;
	/** Publishing, request/response and retained messages of every connection. */
	readonly publishing: PublishingService;
	/** The message history, or why none is kept (no data folder, turned off). */
	readonly history: Result<HistoryService>;

	/** Payload decoders, with the bindings and .proto files kept in the data folder. */
	readonly decoders: DecodeService;

	constructor(readonly options: CoreOptions) {
		this.profiles = openProfiles(options);
		this.history = openHistory(options);
		this.publishing = new PublishingService({
			...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
			...(options.sqliteNativeBinding ? { sqliteNativeBinding: options.sqliteNativeBinding } : {}),
		});
		this.decoders = new DecodeService(DecoderSettingsStore.open(options.dataDir));
		// Everything that hangs off a connection is a listener attached here, before it opens.
		this.connections.observe({
			added: (connection) => this.#attach(connection),
			removed: (connectionId) => {
				this.trees.delete(connectionId);
				this.frames.delete(connectionId);
				this.publishing.detach(connectionId);
				this.sparkplug.delete(connectionId);
				this.brokerStats.delete(connectionId);
				clearInterval(this.#sampling.get(connectionId));
				this.#sampling.delete(connectionId);
			},
		});
		this.settings = new SettingsService(
			this.profiles.ok ? this.profiles.value.store.settings : new MemorySettings(),
		);
		this.updates = new UpdateService({
			currentVersion: options.version,
			updater: options.updater ?? null,
			unavailableReason:
				options.updatesUnavailableReason ??
				'In browser mode Topicscope is updated where it was installed (git pull and npm ci, or your package manager), not by itself.',
			channel: () => this.settings.get().updateChannel,
			isCheckEnabled: () => this.settings.get().checkForUpdates,
		});
		this.settings.onChange((_settings, changed) => {
			if (changed.includes('updateChannel')) this.updates.channelChanged();
		});
	}

	#attach(connection: Connection): void {
		const tree = new TopicTree();
		this.trees.set(connection.id, tree);
		// The tree shows what the broker sends; our own publishes reach it when the broker echoes them.
		connection.onMessage((message) => {
			if (message.direction === 'in') tree.ingest(message);
		});
		// After the tree: the retained index shares the tree's copy of each retained message.
		this.publishing.attach(connection, tree);
		const sparkplug = new SparkplugState();
		this.sparkplug.set(connection.id, sparkplug);
		connection.onMessage((message) => sparkplug.ingest(message));
		const brokerStats = new BrokerStats();
		this.brokerStats.set(connection.id, brokerStats);
		connection.onMessage((message) => {
			if (message.direction === 'in') brokerStats.ingest(message);
		});
		// Rates come from snapshots once a second, never from per-message timers.
		const sampling = setInterval(() => brokerStats.sample(), SAMPLE_INTERVAL_MS);
		sampling.unref();
		this.#sampling.set(connection.id, sampling);
		if (this.history.ok) {
			const source = historySourceOf(connection.profile, connection.extras);
			const sink = this.history.value.sinkFor(connection.id, source);
			// The hand-off: packs the message into the writer's current batch, never waits.
			connection.onMessage((message) => sink.enqueue(message));
		}
		if (this.options.captureFrames !== false) {
			const log = new FrameLog({
				...(this.options.frameCapacity ? { capacity: this.options.frameCapacity } : {}),
			});
			this.frames.set(connection.id, log);
			connection.onFrames(log);
		}
	}

	/**
	 * Opens a saved profile, secrets decrypted in main only. A profile already open is not opened
	 * twice (its two sessions would take each other over): its live connection is the answer. A
	 * closed or failed one is replaced by a connection with the profile as it is saved now.
	 */
	async connectProfile(id: string): Promise<Result<ConnectionSummary>> {
		if (!this.profiles.ok) return this.profiles;
		const existing = this.connections.findByProfile(id);
		if (existing?.isLive) return ok(existing.summary());
		if (existing) await this.connections.remove(existing.id);
		const profile = this.profiles.value.store.getWithSecrets(id);
		if (!profile.ok) return profile;
		return this.connections.connect(profile.value, { profileId: id });
	}

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
		const existing = this.connections.all().find((c) => c.extras.isLocalBroker && c.isLive);
		if (existing) return ok(existing.summary());
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
		this.updates.stop();
		this.ticker.stop();
		await this.checks.close();
		for (const sampling of this.#sampling.values()) clearInterval(sampling);
		this.#sampling.clear();
		await this.connections.closeAll();
		await this.decoders.close();
		if (this.profiles.ok) this.profiles.value.store.close();
		this.publishing.close();
		if (this.history.ok) await this.history.value.close();
		if (this.#localBroker) {
			const { broker, publisher } = await this.#localBroker;
			await publisher.stop();
			await broker.stop();
			this.#localBroker = null;
		}
		log.info('core closed');
	}
}
