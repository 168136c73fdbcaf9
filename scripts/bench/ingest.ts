/**
 * The ingest benchmark: how many messages a second the Topicscope core takes into its topic tree,
 * as a ratio to a bare MQTT.js subscriber measured in the same run, on the same broker.
 *
 * Each run starts a fresh publisher process (scripts/bench/publisher.ts) that sends a bounded
 * firehose and then a sentinel on `bench/_end`; a run ends when the sentinel arrives, or with an
 * error when it never does. Rates are messages counted between two timestamps taken in this
 * process (first message seen, sentinel seen), so set-up and teardown are not measured.
 *
 * Over 300 lines because the brief keeps the section in one module: the publisher process, the
 * ceiling run, the core run with its views, and the summary share their timing and figures.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { encode } from '@msgpack/msgpack';
import mqtt from 'mqtt';
import { Core, type CoreOptions } from '../../main/core/core';
import { Router } from '../../main/ipc/router';
import type { TopicTree } from '../../main/topics/topic-tree';
import { DEFAULT_PROFILE, type Profile } from '../../shared/model/profile';
import { startBroker, type TestBroker } from '../../test/helpers/broker';
import { SENTINEL_TOPIC, benchTopic } from './publisher';

export interface IngestOptions {
	readonly messages: number;
	readonly topics: number;
	readonly payloadBytes: number;
	/** Ceiling and core runs each; the best of each is reported. */
	readonly repeat: number;
	/** A run that has not seen its sentinel by then ends with an error. */
	readonly runTimeoutMs: number;
	/** How the publisher process sends: pre-encoded batches (`raw`) or `client.publish` per message. */
	readonly publisherMode: 'raw' | 'mqttjs';
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
	messages: 200_000,
	topics: 10_000,
	payloadBytes: 100,
	repeat: 3,
	runTimeoutMs: 120_000,
	publisherMode: 'raw',
};

/** Once the publisher has exited, how long to wait for the sentinel before calling it lost. */
const SENTINEL_GRACE_MS = 10_000;
const CONNECT_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 1;
const RSS_SAMPLE_INTERVAL_MS = 50;
const MB = 1024 * 1024;

const PUBLISHER_PATH = fileURLToPath(new URL('./publisher.ts', import.meta.url));

function progress(message: string): void {
	process.stderr.write(`[bench] ${message}\n`);
}

function round(value: number, digits = 0): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

interface PublisherReport {
	readonly sent: number;
	readonly elapsedMs: number;
	readonly messagesPerSecond: number;
	readonly drainWaits: number;
}

interface PublisherHandle {
	/** Resolves when the process exits: its report, or why there is none. */
	readonly done: Promise<PublisherReport | { error: string }>;
	readonly hasExited: () => boolean;
	kill(): void;
}

/** Starts the publisher in its own Node process (through tsx, like this script). */
function startPublisher(url: string, options: IngestOptions): PublisherHandle {
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			PUBLISHER_PATH,
			url,
			String(options.messages),
			String(options.topics),
			String(options.payloadBytes),
			options.publisherMode,
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	let stdout = '';
	let hasExited = false;
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => {
		stdout += chunk;
	});
	const done = new Promise<PublisherReport | { error: string }>((resolve) => {
		child.once('error', (error) => resolve({ error: `publisher did not start: ${error.message}` }));
		child.once('close', (code, signal) => {
			hasExited = true;
			if (code !== 0) {
				resolve({ error: `publisher exited with ${signal ?? `code ${String(code)}`}` });
				return;
			}
			try {
				resolve(JSON.parse(stdout) as PublisherReport);
			} catch {
				resolve({ error: `publisher printed no report: ${stdout.slice(0, 200)}` });
			}
		});
	});
	return {
		done,
		hasExited: () => hasExited,
		kill: () => {
			if (!hasExited) child.kill('SIGKILL');
		},
	};
}

/**
 * Waits until `isFinished()` or the run is hopeless: past the deadline, or the publisher gone
 * and no sentinel within the grace period. Returns the reason it gave up, or undefined.
 */
async function waitForSentinel(
	isFinished: () => boolean,
	publisher: PublisherHandle,
	deadline: number,
): Promise<string | undefined> {
	let exitedAt: number | undefined;
	for (;;) {
		if (isFinished()) return undefined;
		const now = Date.now();
		if (now > deadline) return 'timed out before the sentinel arrived';
		if (publisher.hasExited()) {
			exitedAt ??= now;
			if (now - exitedAt > SENTINEL_GRACE_MS) return 'sentinel not received (lost by the broker?)';
		}
		await sleep(20);
	}
}

/** This process's CPU time (user + system, all threads) in microseconds. */
function cpuMicros(): number {
	const usage = process.cpuUsage();
	return usage.user + usage.system;
}

/**
 * CPU cost per message and share of one core over the window. The rate alone can be bounded by
 * mosquitto or the publisher (all share 2 cores); CPU per message is this process's own cost.
 */
function cpuFigures(
	cpuUs: number,
	count: number,
	elapsedMs: number,
): Record<string, number | null> {
	return {
		cpuMicrosPerMessage: count > 0 ? round(cpuUs / count, 2) : null,
		cpuPercentOfOneCore: elapsedMs > 0 ? round((cpuUs / 1000 / elapsedMs) * 100, 1) : null,
	};
}

function rate(count: number, elapsedMs: number): number {
	return elapsedMs > 0 ? round((count / elapsedMs) * 1000) : 0;
}

/** A bare MQTT.js subscriber: counts messages, nothing else. The most any Node client can do. */
async function runCeiling(
	broker: TestBroker,
	options: IngestOptions,
): Promise<Record<string, unknown>> {
	const client = mqtt.connect(broker.url, {
		clientId: `bench-ceiling-${process.pid}`,
		protocolVersion: 4,
		clean: true,
		reconnectPeriod: 0,
		keepalive: 60,
	});
	let received = 0;
	let firstAt = 0;
	let endAt = 0;
	let receivedAtEnd = 0;
	let cpuAtFirst = 0;
	let cpuAtEnd = 0;
	client.on('message', (topic) => {
		if (topic === SENTINEL_TOPIC) {
			endAt = performance.now();
			cpuAtEnd = cpuMicros();
			receivedAtEnd = received;
			return;
		}
		if (received === 0) {
			firstAt = performance.now();
			cpuAtFirst = cpuMicros();
		}
		received += 1;
	});
	try {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`ceiling subscriber not subscribed after ${CONNECT_TIMEOUT_MS} ms`)),
				CONNECT_TIMEOUT_MS,
			);
			client.on('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
			client.once('connect', () => {
				client.subscribe('bench/#', { qos: 0 }, (error) => {
					clearTimeout(timer);
					if (error) reject(error);
					else resolve();
				});
			});
		});
		// The core run polls its tree on this interval; the same idle timer here keeps CPU comparable.
		let ticks = 0;
		const timer = setInterval(() => {
			ticks += received > 0 ? 1 : 0;
		}, POLL_INTERVAL_MS);
		const publisher = startPublisher(broker.url, options);
		const failure = await waitForSentinel(
			() => endAt > 0,
			publisher,
			Date.now() + options.runTimeoutMs,
		);
		clearInterval(timer);
		if (failure !== undefined) publisher.kill();
		const report = await publisher.done;
		// The first message starts the clock, so it is not one of the messages counted in the window.
		const counted = Math.max(receivedAtEnd - 1, 0);
		const elapsedMs = endAt - firstAt;
		const isDone = failure === undefined;
		return {
			messagesPerSecond: isDone ? rate(counted, elapsedMs) : null,
			received,
			sent: 'sent' in report ? report.sent : null,
			lost: 'sent' in report ? report.sent - received : null,
			elapsedMs: isDone ? round(elapsedMs, 1) : null,
			...(isDone ? cpuFigures(cpuAtEnd - cpuAtFirst, counted, elapsedMs) : {}),
			publisher: summarisePublisher(report),
			// How often the 1 ms timer got a turn while messages flowed: a rough event-loop lag figure.
			pollTimerTicks: ticks,
			...(failure === undefined ? {} : { error: failure }),
		};
	} finally {
		await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
	}
}

function summarisePublisher(report: PublisherReport | { error: string }): Record<string, unknown> {
	if ('error' in report) return { error: report.error };
	return {
		messagesPerSecond: round(report.messagesPerSecond),
		elapsedMs: round(report.elapsedMs, 1),
		drainWaits: report.drainWaits,
	};
}

/** Counts what the renderer-facing streams would put on the WebSocket, as the transport encodes it. */
class PatchMeter {
	readonly streams = new Map<string, { messages: number; bytes: number }>();
	encodeMs = 0;

	sink(stream: string, id: number): (envelope: unknown) => boolean {
		const counts = { messages: 0, bytes: 0 };
		this.streams.set(stream, counts);
		return (envelope) => {
			const started = performance.now();
			// The same frame main/serve/ws-transport.ts sends for a stream message.
			const bytes = encode({ t: 'stream', id, envelope }).byteLength;
			this.encodeMs += performance.now() - started;
			counts.messages += 1;
			counts.bytes += bytes;
			return true;
		};
	}

	totals(): {
		messages: number;
		bytes: number;
		perStream: Record<string, { messages: number; bytes: number }>;
	} {
		let messages = 0;
		let bytes = 0;
		const perStream: Record<string, { messages: number; bytes: number }> = {};
		for (const [stream, counts] of this.streams) {
			messages += counts.messages;
			bytes += counts.bytes;
			perStream[stream] = { ...counts };
		}
		return { messages, bytes, perStream };
	}
}

function collectGarbage(): boolean {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc === undefined) return false;
	gc();
	gc();
	return true;
}

type PatchTotals = ReturnType<PatchMeter['totals']>;

/** One end of the measured window: when, how many messages, how much CPU, how many patches. */
interface WindowMark {
	readonly atMs: number;
	readonly messages: number;
	readonly cpuUs: number;
	readonly patches: PatchTotals;
}

/**
 * Watches the tree from outside, as the views do, on a short timer: marks the first message and
 * the sentinel. The end time is the sentinel's own `timeUs` (stamped when its bytes arrived), so the
 * polling delay does not lengthen the window.
 */
function watchTree(
	tree: TopicTree,
	meter: PatchMeter,
): { first: () => WindowMark | null; end: () => WindowMark | null; stop: () => void } {
	let first: WindowMark | null = null;
	let end: WindowMark | null = null;
	const timer = setInterval(() => {
		const total = tree.root.totalMessages;
		if (first === null && total > 0) {
			first = { atMs: Date.now(), messages: total, cpuUs: cpuMicros(), patches: meter.totals() };
		}
		const last = end === null ? tree.find(SENTINEL_TOPIC) : null;
		if (last !== null && last.last !== null) {
			const messages = total - last.messageCount;
			end = {
				atMs: last.last.timeUs / 1000,
				messages,
				cpuUs: cpuMicros(),
				patches: meter.totals(),
			};
		}
	}, POLL_INTERVAL_MS);
	return { first: () => first, end: () => end, stop: () => clearInterval(timer) };
}

/** Opens the streams a renderer showing the bench tree would; returns their closers or an error. */
function openViews(core: Core, connectionId: string, meter: PatchMeter): (() => void)[] | string {
	const router = new Router(core);
	const views: [string, unknown][] = [
		[
			'tree:patch',
			{ connectionId, expanded: ['bench', 'bench/0', 'bench/1'], offset: 0, limit: 60 },
		],
		['topic:message', { connectionId, topic: benchTopic(0) }],
		['connections:state', {}],
	];
	const closers: (() => void)[] = [];
	for (const [index, [stream, params]] of views.entries()) {
		const opened = router.subscribe(stream, params, meter.sink(stream, index));
		if (!opened.ok) {
			for (const close of closers) close();
			return `could not subscribe to ${stream}: ${opened.error.message}`;
		}
		closers.push(opened.value.close);
	}
	return closers;
}

/** Patch traffic between two marks: what the WebSocket transport would have sent. */
function patchFigures(first: WindowMark, end: WindowMark): Record<string, unknown> {
	const elapsedMs = end.atMs - first.atMs;
	const perStream: Record<string, number> = {};
	for (const [stream, counts] of Object.entries(end.patches.perStream)) {
		const before = first.patches.perStream[stream]?.messages ?? 0;
		perStream[stream] = round(((counts.messages - before) / elapsedMs) * 1000, 1);
	}
	return {
		patchBytesPerSecond: rate(end.patches.bytes - first.patches.bytes, elapsedMs),
		patchMessagesPerSecond: round(
			((end.patches.messages - first.patches.messages) / elapsedMs) * 1000,
			1,
		),
		patchMessagesPerSecondPerStream: perStream,
	};
}

/** Rate, CPU and patch figures of a finished window, or nulls when the run did not finish. */
function windowFigures(first: WindowMark | null, end: WindowMark | null): Record<string, unknown> {
	if (first === null || end === null) {
		return { messagesPerSecond: null, elapsedMs: null, patchBytesPerSecond: null };
	}
	const elapsedMs = end.atMs - first.atMs;
	const counted = end.messages - first.messages;
	return {
		messagesPerSecond: rate(counted, elapsedMs),
		elapsedMs,
		...cpuFigures(end.cpuUs - first.cpuUs, counted, elapsedMs),
		...patchFigures(first, end),
	};
}

/** The app's default profile, pointed at the bench broker, subscribed to the firehose at QoS 0. */
function benchProfile(port: number): Profile {
	return {
		...DEFAULT_PROFILE,
		name: 'bench',
		host: '127.0.0.1',
		port,
		clientId: 'bench-core',
		// The same protocol and subscription QoS as the ceiling subscriber.
		protocolVersion: 4,
		cleanSession: true,
		keepAliveSeconds: 60,
		subscriptions: [{ filter: 'bench/#', qos: 0 }],
	};
}

/**
 * The Topicscope core ingesting the same stream, with renderer-like views attached; with the
 * frame tap on (the product's default) or off, to measure what the tap costs.
 */
export async function runCore(
	broker: TestBroker,
	options: IngestOptions,
	captureFrames: boolean,
	/** Extra core options (the history section gives a data folder so history is kept). */
	extra: Partial<CoreOptions> = {},
): Promise<Record<string, unknown>> {
	const hasGc = collectGarbage();
	const heapBefore = process.memoryUsage().heapUsed;
	const core = new Core({ shell: 'test', version: 'bench', captureFrames, ...extra });
	let closers: (() => void)[] = [];
	let peakRss = process.memoryUsage().rss;
	const rssTimer = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
	}, RSS_SAMPLE_INTERVAL_MS);
	try {
		// The history writer's thread starts with the core: let it open before the stream starts.
		if (core.history.ok) await core.history.value.recorder.ready;
		const connected = await core.connections.connect(benchProfile(broker.port));
		if (!connected.ok) return { error: `core could not connect: ${connected.error.message}` };
		const tree = core.trees.get(connected.value.id);
		if (tree === undefined) return { error: 'connection vanished after connect' };
		const meter = new PatchMeter();
		const views = openViews(core, connected.value.id, meter);
		if (typeof views === 'string') return { error: views };
		const watch = watchTree(tree, meter);
		closers = [...views, watch.stop];

		const publisher = startPublisher(broker.url, options);
		const deadline = Date.now() + options.runTimeoutMs;
		const failure = await waitForSentinel(() => watch.end() !== null, publisher, deadline);
		if (failure !== undefined) publisher.kill();
		const report = await publisher.done;
		for (const close of closers.splice(0)) close();

		const sentinelCount = tree.find(SENTINEL_TOPIC)?.messageCount ?? 0;
		const received = tree.root.totalMessages - sentinelCount;
		const treeTopics = tree.topicCount - (sentinelCount > 0 ? 1 : 0);
		const heapAfterIngest = process.memoryUsage().heapUsed;
		// With history kept: wait for the writer to commit everything, then count what it stored.
		const history = core.history.ok ? core.history.value.recorder : null;
		if (history !== null) await history.drain();
		const historyFigures =
			history === null
				? {}
				: {
						historyWritten: history.stats.written,
						historyShed: history.stats.shed,
						historyFailed: history.stats.failed,
						historyLost: received + sentinelCount - history.stats.written,
					};
		collectGarbage();
		const heapAfterGc = process.memoryUsage().heapUsed;
		return {
			...windowFigures(watch.first(), watch.end()),
			received,
			sent: 'sent' in report ? report.sent : null,
			lost: 'sent' in report ? report.sent - received : null,
			treeTopics,
			peakRssMb: round(Math.max(peakRss, process.memoryUsage().rss) / MB, 1),
			// maxRSS is in KiB and covers the whole process so far (earlier runs included).
			processMaxRssMb: round(process.resourceUsage().maxRSS / 1024, 1),
			heapUsedMb: round(heapAfterIngest / MB, 1),
			heapRetainedAfterGcMb: hasGc ? round(heapAfterGc / MB, 1) : null,
			// Everything the core kept (tree, last payloads, client), over the topics it holds.
			bytesPerTopic:
				hasGc && treeTopics > 0 ? round((heapAfterGc - heapBefore) / treeTopics) : null,
			patchEncodeMs: round(meter.encodeMs, 1),
			...historyFigures,
			publisher: summarisePublisher(report),
			...(failure === undefined ? {} : { error: failure }),
		};
	} finally {
		clearInterval(rssTimer);
		for (const close of closers) close();
		await core.close();
	}
}

/** Ceiling CPU per message over ours: 1 means the core adds nothing to a bare client's cost. */
function cpuRatio(
	ceiling: Record<string, unknown> | undefined,
	ours: Record<string, unknown> | undefined,
): number | null {
	const theirs = ceiling?.cpuMicrosPerMessage;
	const mine = ours?.cpuMicrosPerMessage;
	return typeof theirs === 'number' && typeof mine === 'number' && mine > 0
		? round(theirs / mine, 3)
		: null;
}

export function best(
	runs: readonly Record<string, unknown>[],
): Record<string, unknown> | undefined {
	let chosen: Record<string, unknown> | undefined;
	for (const run of runs) {
		const value = run.messagesPerSecond;
		if (typeof value !== 'number') continue;
		const chosenValue = chosen?.messagesPerSecond;
		if (typeof chosenValue !== 'number' || value > chosenValue) chosen = run;
	}
	return chosen ?? runs[runs.length - 1];
}

/**
 * Runs the ingest benchmark: ceiling then core, `repeat` times, each with a fresh publisher.
 *
 * Reports the best run of each (highest messages/s) and every run's rate, so the spread is visible.
 */
export async function runIngestBench(
	overrides: Partial<IngestOptions> = {},
): Promise<Record<string, unknown>> {
	const options: IngestOptions = { ...DEFAULT_INGEST_OPTIONS, ...overrides };
	const broker = await startBroker({ kind: 'mosquitto' });
	const ceilingRuns: Record<string, unknown>[] = [];
	const coreRuns: Record<string, unknown>[] = [];
	const noTapRuns: Record<string, unknown>[] = [];
	try {
		for (let run = 1; run <= options.repeat; run++) {
			progress(`ceiling run ${run}/${options.repeat}: ${options.messages} messages`);
			ceilingRuns.push(await runCeiling(broker, options));
			progress(`  ${JSON.stringify(ceilingRuns.at(-1)?.messagesPerSecond)} msg/s`);
			progress(`core run ${run}/${options.repeat}: ${options.messages} messages`);
			coreRuns.push(await runCore(broker, options, true));
			progress(`  ${JSON.stringify(coreRuns.at(-1)?.messagesPerSecond)} msg/s`);
			progress(`core run without the frame tap ${run}/${options.repeat}`);
			noTapRuns.push(await runCore(broker, options, false));
			progress(`  ${JSON.stringify(noTapRuns.at(-1)?.messagesPerSecond)} msg/s`);
		}
	} finally {
		await broker.stop();
	}
	const errors = [
		...ceilingRuns.map((run, i) =>
			run.error === undefined ? null : `ceiling run ${i + 1}: ${String(run.error)}`,
		),
		...coreRuns.map((run, i) =>
			run.error === undefined ? null : `core run ${i + 1}: ${String(run.error)}`,
		),
		...noTapRuns.map((run, i) =>
			run.error === undefined ? null : `core run without tap ${i + 1}: ${String(run.error)}`,
		),
	].filter((error) => error !== null);
	const ceiling = best(ceilingRuns);
	const ours = best(coreRuns);
	const noTap = best(noTapRuns);
	const ceilingRate = ceiling?.messagesPerSecond;
	const coreRate = ours?.messagesPerSecond;
	const noTapRate = noTap?.messagesPerSecond;
	const cpuOn = ours?.cpuMicrosPerMessage;
	const cpuOff = noTap?.cpuMicrosPerMessage;
	return {
		messages: options.messages,
		topics: options.topics,
		payloadBytes: options.payloadBytes,
		qos: 0,
		publisherMode: options.publisherMode,
		runs: options.repeat,
		reported: 'best of the runs (highest messages/s) for ceiling and core separately',
		ceiling,
		core: ours,
		ratio:
			typeof ceilingRate === 'number' && typeof coreRate === 'number' && ceilingRate > 0
				? round(coreRate / ceilingRate, 3)
				: null,
		cpuRatio: cpuRatio(ceiling, ours),
		coreWithoutTap: noTap,
		frameTap: {
			goal: 'the tap costs at most 15% of throughput',
			throughputCost:
				typeof coreRate === 'number' && typeof noTapRate === 'number' && noTapRate > 0
					? round(1 - coreRate / noTapRate, 3)
					: null,
			cpuCost:
				typeof cpuOn === 'number' && typeof cpuOff === 'number' && cpuOff > 0
					? round(cpuOn / cpuOff - 1, 3)
					: null,
		},
		allRuns: {
			ceilingMessagesPerSecond: ceilingRuns.map((run) => run.messagesPerSecond ?? null),
			coreMessagesPerSecond: coreRuns.map((run) => run.messagesPerSecond ?? null),
			coreWithoutTapMessagesPerSecond: noTapRuns.map((run) => run.messagesPerSecond ?? null),
			ceilingCpuMicrosPerMessage: ceilingRuns.map((run) => run.cpuMicrosPerMessage ?? null),
			coreCpuMicrosPerMessage: coreRuns.map((run) => run.cpuMicrosPerMessage ?? null),
		},
		...(errors.length === 0 ? {} : { errors }),
	};
}
