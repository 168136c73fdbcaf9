/**
 * Release updates, decided here and tested without Electron or a network: the Electron shell
 * hands in an `Updater` (electron-updater behind main/electron/updater.ts); browser mode has none.
 *
 * The rules users asked for after other tools broke them: the check never holds up start-up (it
 * runs a while after, on a timer, and nobody awaits it); a check that cannot reach the server
 * (offline, DNS, proxy, a timeout) is silent unless the user asked for it; nothing is downloaded
 * until the user agrees; beta releases only on the beta channel.
 */
import type { UpdateChannel } from '../../shared/model/settings';
import type { UpdateState, UpdateStatus } from '../../shared/model/updates';
import { err, ok, type Result } from '../../shared/result';
import { createLogger } from '../log/logger';

const log = createLogger('updates');

/** What a release feed answers: the newer version, or null when this one is the newest. */
export interface UpdateFound {
	readonly version: string;
	readonly releaseDate?: string;
}

/** The part of electron-updater this service drives (autoDownload off, set by the adapter). */
export interface Updater {
	/** False in a development build or without an update feed: then nothing is ever checked. */
	readonly isActive: boolean;
	setChannel(channel: UpdateChannel): void;
	check(): Promise<UpdateFound | null>;
	download(onProgress: (percent: number) => void): Promise<void>;
	/** Quits and installs the downloaded release. */
	install(): void;
}

/** Timers, injected so tests drive them. */
export interface UpdateTimers {
	setTimeout(run: () => void, delayMs: number): unknown;
	clearTimeout(handle: unknown): void;
	now(): number;
}

export interface UpdateServiceOptions {
	readonly currentVersion: string;
	/** Absent in browser mode; `reason` says why there are no updates. */
	readonly updater: Updater | null;
	readonly unavailableReason: string;
	readonly channel: () => UpdateChannel;
	readonly isCheckEnabled: () => boolean;
	readonly timers?: UpdateTimers;
	/** The first check, this long after start (default 10 s: well after the window shows). */
	readonly firstCheckDelayMs?: number;
	/** Between checks while the app runs (default a day). */
	readonly intervalMs?: number;
	/** A check taking longer than this is abandoned (default 30 s): it never hangs the state. */
	readonly checkTimeoutMs?: number;
}

const NODE_TIMERS: UpdateTimers = {
	setTimeout: (run, delayMs) => setTimeout(run, delayMs),
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
	now: () => Date.now(),
};

/** Errors that mean "the server could not be reached", not "something is broken". */
const OFFLINE_PATTERN =
	/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENETDOWN|EPIPE|socket hang up|net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NETWORK_CHANGED|NETWORK_ACCESS_DENIED|CONNECTION_\w+|ADDRESS_UNREACHABLE|TIMED_OUT|PROXY_\w+|TUNNEL_CONNECTION_FAILED|NAME_RESOLUTION_FAILED|SSL_PROTOCOL_ERROR)|update check timed out/i;

export function isOfflineError(error: unknown): boolean {
	const text =
		error instanceof Error
			? `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`
			: String(error);
	return OFFLINE_PATTERN.test(text);
}

class CheckTimeout extends Error {
	override readonly name = 'CheckTimeout';
}

export class UpdateService {
	readonly #options: UpdateServiceOptions;
	readonly #timers: UpdateTimers;
	readonly #listeners = new Set<(status: UpdateStatus) => void>();
	#state: UpdateState;
	#timer: unknown = null;
	#isStopped = false;

	constructor(options: UpdateServiceOptions) {
		this.#options = options;
		this.#timers = options.timers ?? NODE_TIMERS;
		this.#state =
			options.updater?.isActive === true
				? { kind: 'idle' }
				: { kind: 'unavailable', reason: options.unavailableReason };
		options.updater?.setChannel(options.channel());
	}

	get status(): UpdateStatus {
		return {
			currentVersion: this.#options.currentVersion,
			channel: this.#options.channel(),
			state: this.#state,
		};
	}

	onChange(listener: (status: UpdateStatus) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Schedules the background checks and returns at once: start-up never waits on a network. */
	start(): void {
		if (this.#state.kind === 'unavailable') return;
		this.#schedule(this.#options.firstCheckDelayMs ?? 10_000);
	}

	stop(): void {
		this.#isStopped = true;
		if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
		this.#timer = null;
	}

	/**
	 * Asks the feed for a newer release. A check the user asked for says what went wrong; a
	 * background one goes back quietly to where it was (logged), offline or not.
	 */
	async check(isUserInitiated: boolean): Promise<UpdateStatus> {
		const updater = this.#options.updater;
		if (updater === null || this.#state.kind === 'unavailable') return this.status;
		if (this.#isBusy()) return this.status;
		const before = this.#state;
		this.#set({ kind: 'checking' });
		try {
			const found = await this.#withTimeout(updater.check());
			this.#set(
				found === null
					? { kind: 'up-to-date', checkedAt: this.#timers.now() }
					: {
							kind: 'available',
							version: found.version,
							...(found.releaseDate ? { releaseDate: found.releaseDate } : {}),
						},
			);
			if (found) log.info('update available', { version: found.version });
		} catch (error) {
			const isOffline = isOfflineError(error);
			log.info('update check failed', { isOffline, isUserInitiated, error });
			if (!isUserInitiated) this.#set(before.kind === 'checking' ? { kind: 'idle' } : before);
			else
				this.#set({
					kind: 'failed',
					message: isOffline
						? 'Could not reach the update server: this computer seems to be offline, or a proxy or firewall stops it. Topicscope works the same without it; try again later.'
						: `The update check failed: ${describe(error)}. Try again later; the log folder has the details.`,
				});
		}
		return this.status;
	}

	/** Downloads the release found: only ever called because the user said yes. */
	async download(): Promise<Result<UpdateStatus>> {
		const updater = this.#options.updater;
		const state = this.#state;
		if (updater === null || state.kind !== 'available') {
			return err('invalid-request', 'There is no update to download: check for updates first.');
		}
		const { version } = state;
		this.#set({ kind: 'downloading', version, percent: 0 });
		try {
			await updater.download((percent) => {
				if (this.#state.kind !== 'downloading') return;
				const rounded = Math.max(0, Math.min(100, Math.floor(percent)));
				if (rounded !== this.#state.percent)
					this.#set({ kind: 'downloading', version, percent: rounded });
			});
			this.#set({ kind: 'ready', version });
			log.info('update downloaded', { version });
		} catch (error) {
			log.warn('update download failed', { version, error });
			const reason = isOfflineError(error) ? 'the connection was lost' : describe(error);
			this.#set({
				kind: 'available',
				version,
				downloadError: `The download failed (${reason}). Try again.`,
			});
		}
		return ok(this.status);
	}

	/** Restarts into the downloaded release. */
	install(): Result<null> {
		const updater = this.#options.updater;
		if (updater === null || this.#state.kind !== 'ready') {
			return err('invalid-request', 'No update has been downloaded yet.');
		}
		log.info('installing update', { version: this.#state.version });
		updater.install();
		return ok(null);
	}

	/** The channel changed (settings): what was found on the other one no longer applies. */
	channelChanged(): void {
		const updater = this.#options.updater;
		if (updater === null || this.#state.kind === 'unavailable') return;
		updater.setChannel(this.#options.channel());
		if (this.#state.kind === 'available' || this.#state.kind === 'up-to-date')
			this.#set({ kind: 'idle' });
		else this.#emit();
		if (this.#options.isCheckEnabled()) void this.check(false);
	}

	#isBusy(): boolean {
		const kind = this.#state.kind;
		return kind === 'checking' || kind === 'downloading' || kind === 'ready';
	}

	#schedule(delayMs: number): void {
		if (this.#isStopped) return;
		this.#timer = this.#timers.setTimeout(() => {
			this.#timer = null;
			const checked = this.#options.isCheckEnabled() ? this.check(false) : Promise.resolve();
			void checked.finally(() => this.#schedule(this.#options.intervalMs ?? 24 * 3_600_000));
		}, delayMs);
	}

	#withTimeout<T>(work: Promise<T>): Promise<T> {
		const timeoutMs = this.#options.checkTimeoutMs ?? 30_000;
		return new Promise<T>((resolve, reject) => {
			const timer = this.#timers.setTimeout(
				() => reject(new CheckTimeout(`update check timed out after ${timeoutMs / 1000} s`)),
				timeoutMs,
			);
			work.then(
				(value) => {
					this.#timers.clearTimeout(timer);
					resolve(value);
				},
				(error: unknown) => {
					this.#timers.clearTimeout(timer);
					reject(error instanceof Error ? error : new Error(String(error)));
				},
			);
		});
	}

	#set(state: UpdateState): void {
		this.#state = state;
		this.#emit();
	}

	#emit(): void {
		const status = this.status;
		for (const listener of this.#listeners) listener(status);
	}
}

function describe(error: unknown): string {
	return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}
