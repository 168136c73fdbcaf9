/**
 * One measured run of a subscriber on a bounded firehose, for the stream and broker sections: a
 * bare MQTT.js client (the ceiling) or the Topicscope core with renderer-like views attached.
 *
 * A run's window opens at the first message and closes at the sentinel, both seen by a listener
 * in this process (the core's own message listener, or MQTT.js's 'message' handler: the same
 * place, so the two compare), so set-up and teardown are not measured. CPU is this process's
 * (process.cpuUsage) over the same window, and the event loop's delay is sampled through it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { encode } from '@msgpack/msgpack';
import mqtt from 'mqtt';
import { Core, type CoreOptions } from '../../main/core/core';
import { Router } from '../../main/ipc/router';
import type { MqttMessage } from '../../shared/model/message';
import { DEFAULT_PROFILE, type Profile } from '../../shared/model/profile';
import { SENTINEL_TOPIC, benchTopic } from './publisher';

export const MB = 1024 * 1024;
const CONNECT_TIMEOUT_MS = 10_000;
/** Once the source is gone, how long to wait for the sentinel before calling it lost. */
const SENTINEL_GRACE_MS = 10_000;
const RSS_SAMPLE_INTERVAL_MS = 50;

export function round(value: number, digits = 0): number {
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

export function progress(message: string): void {
	process.stderr.write(`[bench] ${message}\n`);
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** This process's CPU time (user + system, all threads) in microseconds. */
export function cpuMicros(): number {
	const usage = process.cpuUsage();
	return usage.user + usage.system;
}

export function collectGarbage(): boolean {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc === undefined) return false;
	gc();
	gc();
	return true;
}

/** What a run needs from whatever sends the firehose (a streaming source, or a broker + publisher). */
export interface FirehoseRun {
	/** Where the subscriber connects. */
	readonly url: string;
	readonly port: number;
	/** Called once the subscriber is subscribed; resolves with what the sender says it sent. */
	begin(): Promise<SenderHandle>;
}

export interface SenderHandle {
	readonly done: Promise<{ readonly sent: number } | { readonly error: string }>;
	readonly hasExited: () => boolean;
	kill(): void;
	/** Anything the sender reports that is worth keeping (its own rate, drain waits). */
	readonly describe: () => Promise<Record<string, unknown>>;
}

/** A window mark: when, how many messages so far, how much CPU. */
interface Mark {
	readonly atMs: number;
	readonly messages: number;
	readonly cpuUs: number;
}

/** Counts messages and marks the window; `onMessage` is the one call per message. */
class WindowMarks {
	count = 0;
	first: Mark | null = null;
	end: Mark | null = null;

	onMessage(topic: string): void {
		if (topic === SENTINEL_TOPIC) {
			this.end ??= { atMs: performance.now(), messages: this.count, cpuUs: cpuMicros() };
			return;
		}
		if (this.first === null) {
			this.first = { atMs: performance.now(), messages: this.count, cpuUs: cpuMicros() };
		}
		this.count += 1;
	}
}

/** Waits for the sentinel, the sender's end plus a grace period, or the deadline. */
async function waitForSentinel(
	marks: WindowMarks,
	sender: SenderHandle,
	deadline: number,
): Promise<string | undefined> {
	let exitedAt: number | undefined;
	for (;;) {
		if (marks.end !== null) return undefined;
		const now = Date.now();
		if (now > deadline) return 'timed out before the sentinel arrived';
		if (sender.hasExited()) {
			exitedAt ??= now;
			if (now - exitedAt > SENTINEL_GRACE_MS) return 'sentinel not received';
		}
		await sleep(20);
	}
}

/** The window's rate and CPU per message, or nulls when it never closed. */
function windowFigures(marks: WindowMarks): Record<string, number | null> {
	const { first, end } = marks;
	if (first === null || end === null) {
		return { messagesPerSecond: null, cpuMicrosPerMessage: null, elapsedMs: null };
	}
	// The first message opens the window: the ones after it are what it counts.
	const counted = end.messages - first.messages - 1;
	const elapsedMs = end.atMs - first.atMs;
	const cpuUs = end.cpuUs - first.cpuUs;
	return {
		messagesPerSecond: elapsedMs > 0 ? round((counted / elapsedMs) * 1000) : null,
		cpuMicrosPerMessage: counted > 0 ? round(cpuUs / counted, 2) : null,
		cpuPercentOfOneCore: elapsedMs > 0 ? round((cpuUs / 1000 / elapsedMs) * 100, 1) : null,
		elapsedMs: round(elapsedMs, 1),
	};
}

/** Event-loop delay over a run: p50/p99/max in ms (perf_hooks histogram, 10 ms resolution). */
function startLagMonitor(): () => Record<string, number> {
	const histogram = monitorEventLoopDelay({ resolution: 10 });
	histogram.enable();
	return () => {
		histogram.disable();
		const ms = (ns: number): number => round(ns / 1e6, 1);
		return {
			loopLagP50Ms: ms(histogram.percentile(50)),
			loopLagP99Ms: ms(histogram.percentile(99)),
			loopLagMaxMs: ms(histogram.max),
		};
	};
}

export interface RunOptions {
	readonly runTimeoutMs: number;
	/** The subscription filter (the firehose is under bench/). */
	readonly filter?: string;
}

/** A bare MQTT.js subscriber: counts messages, nothing else. The most any Node client can do. */
export async function runCeiling(
	firehose: FirehoseRun,
	options: RunOptions,
): Promise<Record<string, unknown>> {
	const client = mqtt.connect(firehose.url, {
		clientId: `bench-ceiling-${process.pid}`,
		protocolVersion: 4,
		clean: true,
		reconnectPeriod: 0,
		keepalive: 60,
	});
	const marks = new WindowMarks();
	client.on('message', (topic) => marks.onMessage(topic));
	const stopLag = startLagMonitor();
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
				client.subscribe(options.filter ?? 'bench/#', { qos: 0 }, (error) => {
					clearTimeout(timer);
					if (error) reject(error);
					else resolve();
				});
			});
		});
		const sender = await firehose.begin();
		const failure = await waitForSentinel(marks, sender, Date.now() + options.runTimeoutMs);
		if (failure !== undefined) sender.kill();
		const report = await sender.done;
		const received = marks.count;
		return {
			...windowFigures(marks),
			received,
			sent: 'sent' in report ? report.sent : null,
			lost: 'sent' in report ? report.sent - received : null,
			...stopLag(),
			sender: await sender.describe(),
			...(failure === undefined ? {} : { error: failure }),
		};
	} finally {
		await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
	}
}

/** Counts what the renderer-facing streams would put on the WebSocket, as the transport encodes it. */
class PatchMeter {
	messages = 0;
	bytes = 0;
	readonly perStream: Record<string, number> = {};

	sink(stream: string, id: number): (envelope: unknown) => boolean {
		this.perStream[stream] = 0;
		return (envelope) => {
			// The same frame main/serve/ws-transport.ts sends for a stream message.
			this.bytes += encode({ t: 'stream', id, envelope }, { ignoreUndefined: true }).byteLength;
			this.messages += 1;
			this.perStream[stream] = (this.perStream[stream] ?? 0) + 1;
			return true;
		};
	}
}

/**
 * Opens the streams a renderer showing the bench tree on its Topics tab would (the frames list
 * streams only while its tab is open); returns their closers or an error.
 */
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

/** The app's default profile, pointed at the firehose, subscribed at QoS 0 like the ceiling. */
function benchProfile(port: number, filter: string): Profile {
	return {
		...DEFAULT_PROFILE,
		name: 'bench',
		host: '127.0.0.1',
		port,
		clientId: `bench-core-${process.pid}`,
		protocolVersion: 4,
		cleanSession: true,
		keepAliveSeconds: 60,
		subscriptions: [{ filter, qos: 0 }],
	};
}

export interface CoreRunOptions extends RunOptions {
	/** The frame tap (on in the product). */
	readonly captureFrames: boolean;
	/** More core options (a section that keeps history gives a data folder). */
	readonly coreOptions?: Partial<CoreOptions>;
}

/**
 * The Topicscope core on the same firehose: `new Core(...)`, `connections.connect(...)`, the
 * frame tap as asked, the topic tree, history off, and the views a renderer would hold (an
 * expanded tree window, a selected topic and the connection list, as on the Topics tab), their
 * patches msgpack-encoded as the WebSocket transport would send them.
 */
export async function runCore(
	firehose: FirehoseRun,
	options: CoreRunOptions,
): Promise<Record<string, unknown>> {
	const hasGc = collectGarbage();
	const before = process.memoryUsage();
	const core = new Core({
		shell: 'test',
		version: 'bench',
		captureFrames: options.captureFrames,
		...options.coreOptions,
	});
	const marks = new WindowMarks();
	// Added after the core's own observer: our listener runs after the tree and the others.
	const stopObserving = core.connections.observe({
		added: (connection) =>
			connection.onMessage((message: MqttMessage) => marks.onMessage(message.topic)),
	});
	let closers: (() => void)[] = [];
	let peakRss = process.memoryUsage().rss;
	const rssTimer = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
	}, RSS_SAMPLE_INTERVAL_MS);
	const stopLag = startLagMonitor();
	const meter = new PatchMeter();
	try {
		// A history writer's thread starts with the core: let it open before the stream starts.
		if (core.history.ok) await core.history.value.recorder.ready;
		const connected = await core.connections.connect(
			benchProfile(firehose.port, options.filter ?? 'bench/#'),
		);
		if (!connected.ok) return { error: `core could not connect: ${connected.error.message}` };
		const tree = core.trees.get(connected.value.id);
		if (tree === undefined) return { error: 'connection vanished after connect' };
		const views = openViews(core, connected.value.id, meter);
		if (typeof views === 'string') return { error: views };
		closers = views;
		const patchesAtStart = { messages: meter.messages, bytes: meter.bytes };
		const sender = await firehose.begin();
		const failure = await waitForSentinel(marks, sender, Date.now() + options.runTimeoutMs);
		if (failure !== undefined) sender.kill();
		const report = await sender.done;
		const lag = stopLag();
		for (const close of closers.splice(0)) close();
		const figures = windowFigures(marks);
		const windowMs = typeof figures.elapsedMs === 'number' ? figures.elapsedMs : 0;
		const sentinel = tree.find(SENTINEL_TOPIC);
		const received = tree.root.totalMessages - (sentinel?.messageCount ?? 0);
		const treeTopics = tree.topicCount - (sentinel === null ? 0 : 1);
		const after = process.memoryUsage();
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
						historyLost: tree.root.totalMessages - history.stats.written,
					};
		collectGarbage();
		const retained = process.memoryUsage();
		return {
			...figures,
			received,
			sent: 'sent' in report ? report.sent : null,
			lost: 'sent' in report ? report.sent - received : null,
			...lag,
			treeTopics,
			framesHeld: core.frames.get(connected.value.id)?.size ?? 0,
			patchMessagesPerSecond:
				windowMs > 0
					? round(((meter.messages - patchesAtStart.messages) / windowMs) * 1000, 1)
					: null,
			patchBytesPerSecond:
				windowMs > 0 ? round(((meter.bytes - patchesAtStart.bytes) / windowMs) * 1000) : null,
			patchMessagesPerStream: { ...meter.perStream },
			peakRssMb: round(Math.max(peakRss, after.rss) / MB, 1),
			heapUsedMb: round(after.heapUsed / MB, 1),
			// Everything the core kept (tree, frame ring, client), heap and buffers, after a full GC.
			retainedMbAfterGc: hasGc
				? round(
						(retained.heapUsed + retained.arrayBuffers - before.heapUsed - before.arrayBuffers) /
							MB,
						1,
					)
				: null,
			...historyFigures,
			sender: await sender.describe(),
			...(failure === undefined ? {} : { error: failure }),
		};
	} finally {
		clearInterval(rssTimer);
		stopObserving();
		for (const close of closers) close();
		await core.close();
	}
}

export interface Spread {
	readonly median: number | null;
	readonly min: number | null;
	readonly max: number | null;
}

/** Median, min and max of a figure over runs (runs without it are left out). */
export function spread(runs: readonly Record<string, unknown>[], key: string): Spread {
	const values = runs
		.map((run) => run[key])
		.filter((value): value is number => typeof value === 'number')
		.sort((a, b) => a - b);
	if (values.length === 0) return { median: null, min: null, max: null };
	const middle = values.length >> 1;
	const median =
		values.length % 2 === 1
			? (values[middle] as number)
			: ((values[middle - 1] as number) + (values[middle] as number)) / 2;
	return {
		median: round(median, 2),
		min: values[0] as number,
		max: values[values.length - 1] as number,
	};
}

/** The run with the highest rate (the history section reports its best runs). */
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

/** a / b rounded to three decimals, or null when either is missing. */
export function ratio(a: number | null, b: number | null): number | null {
	return a !== null && b !== null && b > 0 ? round(a / b, 3) : null;
}

/** Messages lost in the worst run (null when no run said). */
export function worstLoss(runs: readonly Record<string, unknown>[]): number | null {
	const losses = runs.map((run) => run.lost).filter((lost) => typeof lost === 'number');
	return losses.length === 0 ? null : Math.max(...(losses as number[]));
}

/** The errors of failed runs, named. */
export function runErrors(label: string, runs: readonly Record<string, unknown>[]): string[] {
	return runs.flatMap((run, i) =>
		run.error === undefined ? [] : [`${label} run ${i + 1}: ${String(run.error)}`],
	);
}
