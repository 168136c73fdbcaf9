/** The update rules, with a scripted updater and hand-driven timers: no Electron, no network. */
import { describe, expect, it } from 'vitest';
import {
	isOfflineError,
	UpdateService,
	type UpdateFound,
	type Updater,
	type UpdateTimers,
} from '../../../main/desktop/update-service';
import type { UpdateChannel } from '../../../shared/model/settings';
import type { UpdateState } from '../../../shared/model/updates';

class ManualTimers implements UpdateTimers {
	#now = 0;
	#next = 1;
	readonly #due = new Map<number, { at: number; run: () => void }>();

	setTimeout(run: () => void, delayMs: number): unknown {
		const id = this.#next++;
		this.#due.set(id, { at: this.#now + delayMs, run });
		return id;
	}
	clearTimeout(handle: unknown): void {
		this.#due.delete(handle as number);
	}
	now(): number {
		return this.#now;
	}
	get pending(): number {
		return this.#due.size;
	}
	/** Moves time on, running what falls due in order, and lets promises settle between. */
	async advance(ms: number): Promise<void> {
		const until = this.#now + ms;
		for (;;) {
			const [id, first] = [...this.#due.entries()].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
			if (id === undefined || first === undefined || first.at > until) break;
			this.#due.delete(id);
			this.#now = first.at;
			first.run();
			await settle();
		}
		this.#now = until;
		await settle();
	}
}

async function settle(): Promise<void> {
	for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** An updater whose answers the test scripts; it records what it was asked. */
class ScriptedUpdater implements Updater {
	isActive = true;
	checks = 0;
	downloads = 0;
	installs = 0;
	channels: UpdateChannel[] = [];
	answer: () => Promise<UpdateFound | null> = () => Promise.resolve(null);
	downloadWith: (onProgress: (percent: number) => void) => Promise<void> = async (progress) => {
		progress(12.5);
		progress(70);
		progress(100);
	};

	setChannel(channel: UpdateChannel): void {
		this.channels.push(channel);
	}
	check(): Promise<UpdateFound | null> {
		this.checks++;
		return this.answer();
	}
	download(onProgress: (percent: number) => void): Promise<void> {
		this.downloads++;
		return this.downloadWith(onProgress);
	}
	install(): void {
		this.installs++;
	}
}

function setUp(options: { channel?: UpdateChannel; isCheckEnabled?: boolean } = {}) {
	const timers = new ManualTimers();
	const updater = new ScriptedUpdater();
	let channel: UpdateChannel = options.channel ?? 'stable';
	const service = new UpdateService({
		currentVersion: '1.2.0',
		updater,
		unavailableReason: 'not here',
		channel: () => channel,
		isCheckEnabled: () => options.isCheckEnabled ?? true,
		timers,
		firstCheckDelayMs: 10_000,
		intervalMs: 86_400_000,
		checkTimeoutMs: 30_000,
	});
	const seen: UpdateState['kind'][] = [];
	service.onChange((status) => seen.push(status.state.kind));
	return {
		timers,
		updater,
		service,
		seen,
		setChannel(next: UpdateChannel) {
			channel = next;
		},
	};
}

const offline = () => Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED'));

describe('UpdateService', () => {
	it('checks only a while after start, never during it', async () => {
		const { timers, updater, service } = setUp();
		service.start();
		expect(updater.checks).toBe(0);
		await timers.advance(9_999);
		expect(updater.checks).toBe(0);
		await timers.advance(1);
		expect(updater.checks).toBe(1);
		expect(service.status.state).toEqual({ kind: 'up-to-date', checkedAt: 10_000 });
		// Then once a day.
		await timers.advance(86_400_000);
		expect(updater.checks).toBe(2);
		service.stop();
		expect(timers.pending).toBe(0);
	});

	it('is silent offline: a background check that cannot reach the server says nothing', async () => {
		const { timers, updater, service, seen } = setUp();
		updater.answer = offline;
		service.start();
		await timers.advance(10_000);
		expect(updater.checks).toBe(1);
		expect(service.status.state).toEqual({ kind: 'idle' });
		expect(seen).toEqual(['checking', 'idle']);
	});

	it('abandons a check that hangs, quietly in the background', async () => {
		const { timers, updater, service, seen } = setUp();
		updater.answer = () => new Promise(() => {});
		service.start();
		await timers.advance(10_000);
		expect(service.status.state.kind).toBe('checking');
		await timers.advance(30_000);
		expect(service.status.state).toEqual({ kind: 'idle' });
		expect(seen).not.toContain('failed');
	});

	it('tells the user why a check they asked for failed, offline or otherwise', async () => {
		const { updater, service } = setUp();
		updater.answer = offline;
		const status = await service.check(true);
		expect(status.state).toMatchObject({ kind: 'failed' });
		expect(status.state.kind === 'failed' ? status.state.message : '').toMatch(
			/seems to be offline/,
		);
		updater.answer = () => Promise.reject(new Error('Cannot parse latest.yml'));
		const broken = await service.check(true);
		expect(broken.state.kind === 'failed' ? broken.state.message : '').toBe(
			'The update check failed: Cannot parse latest.yml. Try again later; the log folder has the details.',
		);
	});

	it('downloads only when the user agrees, then installs on request', async () => {
		const { timers, updater, service, seen } = setUp();
		updater.answer = () => Promise.resolve({ version: '1.3.0', releaseDate: '2026-12-01' });
		service.start();
		await timers.advance(10_000);
		expect(service.status.state).toEqual({
			kind: 'available',
			version: '1.3.0',
			releaseDate: '2026-12-01',
		});
		// A day of background checks later, still nothing downloaded.
		await timers.advance(86_400_000);
		expect(updater.downloads).toBe(0);
		expect(service.install().ok).toBe(false);

		const downloaded = await service.download();
		expect(downloaded.ok && downloaded.value.state).toEqual({ kind: 'ready', version: '1.3.0' });
		expect(updater.downloads).toBe(1);
		expect(seen.slice(-5)).toEqual([
			'downloading',
			'downloading',
			'downloading',
			'downloading',
			'ready',
		]);
		expect(service.install().ok).toBe(true);
		expect(updater.installs).toBe(1);
	});

	it('offers the download again when it fails', async () => {
		const { updater, service } = setUp();
		updater.answer = () => Promise.resolve({ version: '1.3.0' });
		await service.check(true);
		updater.downloadWith = () => Promise.reject(new Error('read ECONNRESET'));
		await service.download();
		expect(service.status.state).toEqual({
			kind: 'available',
			version: '1.3.0',
			downloadError: 'The download failed (the connection was lost). Try again.',
		});
		expect((await service.download()).ok).toBe(true);
	});

	it('follows the channel: beta only when chosen, and a change looks again', async () => {
		const { updater, service, setChannel } = setUp({ channel: 'stable' });
		expect(updater.channels).toEqual(['stable']);
		updater.answer = () => Promise.resolve({ version: '1.3.0' });
		await service.check(false);
		setChannel('beta');
		updater.answer = () => Promise.resolve({ version: '1.4.0-beta.2' });
		service.channelChanged();
		await settle();
		expect(updater.channels).toEqual(['stable', 'beta']);
		expect(service.status).toEqual({
			currentVersion: '1.2.0',
			channel: 'beta',
			state: { kind: 'available', version: '1.4.0-beta.2' },
		});
	});

	it('does not check in the background when the user turned checks off', async () => {
		const { timers, updater, service } = setUp({ isCheckEnabled: false });
		service.start();
		await timers.advance(3 * 86_400_000);
		expect(updater.checks).toBe(0);
		await service.check(true);
		expect(updater.checks).toBe(1);
	});

	it('has no updates without an active updater, and says why', async () => {
		const { updater } = setUp();
		updater.isActive = false;
		const service = new UpdateService({
			currentVersion: '1.2.0',
			updater,
			unavailableReason: 'This is a development build: updates come with git pull.',
			channel: () => 'stable',
			isCheckEnabled: () => true,
		});
		service.start();
		expect((await service.check(true)).state).toEqual({
			kind: 'unavailable',
			reason: 'This is a development build: updates come with git pull.',
		});
		expect(updater.checks).toBe(0);
		expect((await service.download()).ok).toBe(false);
	});
});

describe('isOfflineError', () => {
	it.each([
		['getaddrinfo ENOTFOUND github.com', true],
		['net::ERR_INTERNET_DISCONNECTED', true],
		['net::ERR_NAME_NOT_RESOLVED', true],
		['connect ECONNREFUSED 127.0.0.1:443', true],
		['net::ERR_PROXY_CONNECTION_FAILED', true],
		['update check timed out after 30 s', true],
		['HttpError: 404 Not Found', false],
		['Cannot parse latest.yml', false],
	])('%s → %s', (message, expected) => {
		expect(isOfflineError(new Error(message))).toBe(expected);
	});
});
