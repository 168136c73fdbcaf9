/**
 * The client measured without a broker: a bare MQTT.js subscriber (the ceiling) and the Topicscope
 * core, each fed by a fresh streaming source process (stream-source.ts) in the same run.
 *
 * Runs alternate (ceiling, core, core without the frame tap, ceiling, …) so a change in machine
 * load hits all of them alike; the median of each is reported with its min and max, with the CPU
 * microseconds per message beside each rate (the rate alone moves with what else the two cores
 * do; CPU per message much less).
 */
import {
	progress,
	ratio,
	round,
	runCeiling,
	runCore,
	runErrors,
	spread,
	worstLoss,
	type FirehoseRun,
} from './runs';
import { spawnStreamSource, type StreamSourceOptions } from './stream-source';

export interface StreamBenchOptions extends StreamSourceOptions {
	/** Runs of each kind, alternated; at least 3 for a median worth the name. */
	readonly repeat: number;
	readonly runTimeoutMs: number;
	/** Also run the core without the frame tap (what the tap costs). */
	readonly withoutTap: boolean;
}

export const DEFAULT_STREAM_OPTIONS: StreamBenchOptions = {
	messages: 500_000,
	topics: 10_000,
	payloadBytes: 100,
	repeat: 3,
	runTimeoutMs: 120_000,
	withoutTap: true,
};

/** A fresh source process per run: its sockets and buffers start empty each time. */
async function streamFirehose(options: StreamSourceOptions): Promise<FirehoseRun> {
	const source = await spawnStreamSource(options);
	return {
		url: source.url,
		port: source.port,
		// The source streams as soon as the client subscribes; nothing to start here.
		begin: async () => ({
			done: source.done.then((report) =>
				report.error !== undefined && report.sent === 0 ? { error: report.error } : report,
			),
			hasExited: source.hasExited,
			kill: source.kill,
			describe: async () => {
				const report = await source.done;
				return {
					sourceMessagesPerSecond:
						report.elapsedMs > 0 ? round((report.sent / report.elapsedMs) * 1000) : null,
					drainWaits: report.drainWaits,
					...(report.error === undefined ? {} : { error: report.error }),
				};
			},
		}),
	};
}

type Kind = 'ceiling' | 'core' | 'coreWithoutTap';

/** Runs the section; returns its report and its summary keys. */
export async function runStreamBench(
	overrides: Partial<StreamBenchOptions> = {},
): Promise<{ report: Record<string, unknown>; summary: Record<string, number | null> }> {
	const options: StreamBenchOptions = { ...DEFAULT_STREAM_OPTIONS, ...overrides };
	const runs: Record<Kind, Record<string, unknown>[]> = {
		ceiling: [],
		core: [],
		coreWithoutTap: [],
	};
	const kinds: Kind[] = options.withoutTap
		? ['ceiling', 'core', 'coreWithoutTap']
		: ['ceiling', 'core'];
	for (let round_ = 1; round_ <= options.repeat; round_++) {
		for (const kind of kinds) {
			progress(`stream ${kind} run ${round_}/${options.repeat}: ${options.messages} messages`);
			const firehose = await streamFirehose(options);
			const run =
				kind === 'ceiling'
					? await runCeiling(firehose, options)
					: await runCore(firehose, { ...options, captureFrames: kind === 'core' });
			runs[kind].push(run);
			progress(
				`  ${String(run.messagesPerSecond)} msg/s, ${String(run.cpuMicrosPerMessage)} µs CPU/msg`,
			);
		}
	}
	const rate = (kind: Kind) => spread(runs[kind], 'messagesPerSecond');
	const cpu = (kind: Kind) => spread(runs[kind], 'cpuMicrosPerMessage');
	const ceilingRate = rate('ceiling');
	const coreRate = rate('core');
	const noTapRate = rate('coreWithoutTap');
	const lagP99 = spread(runs.core, 'loopLagP99Ms');
	// The bare client's own: what the machine's load alone does to the event loop.
	const ceilingLagP99 = spread(runs.ceiling, 'loopLagP99Ms');
	const patchBytes = spread(runs.core, 'patchBytesPerSecond');
	const errors = [
		...runErrors('ceiling', runs.ceiling),
		...runErrors('core', runs.core),
		...runErrors('core without tap', runs.coreWithoutTap),
	];
	const lost = worstLoss([...runs.ceiling, ...runs.core, ...runs.coreWithoutTap]);
	const report = {
		messages: options.messages,
		topics: options.topics,
		payloadBytes: options.payloadBytes,
		qos: 0,
		runsEach: options.repeat,
		order: kinds.join(', '),
		reported: 'median of the runs, with min and max',
		ceiling: {
			messagesPerSecond: ceilingRate,
			cpuMicrosPerMessage: cpu('ceiling'),
			loopLagP99Ms: ceilingLagP99,
		},
		core: {
			messagesPerSecond: coreRate,
			cpuMicrosPerMessage: cpu('core'),
			loopLagP99Ms: lagP99,
			patchBytesPerSecond: patchBytes,
		},
		...(options.withoutTap
			? {
					coreWithoutTap: {
						messagesPerSecond: noTapRate,
						cpuMicrosPerMessage: cpu('coreWithoutTap'),
					},
				}
			: {}),
		ratio: ratio(coreRate.median, ceilingRate.median),
		lost,
		runs,
		...(errors.length === 0 ? {} : { errors }),
	};
	return {
		report,
		summary: {
			streamCeilingMsgsPerSec: ceilingRate.median,
			streamCoreMsgsPerSec: coreRate.median,
			streamRatio: ratio(coreRate.median, ceilingRate.median),
			streamCoreWithoutTapMsgsPerSec: noTapRate.median,
			cpuMicrosPerMsgCeiling: cpu('ceiling').median,
			cpuMicrosPerMsgCore: cpu('core').median,
			cpuMicrosPerMsgCoreWithoutTap: cpu('coreWithoutTap').median,
			mainLoopLagP99Ms: lagP99.median,
			mainLoopLagP99MsCeiling: ceilingLagP99.median,
			patchBytesPerSec: patchBytes.median,
			streamLost: lost,
		},
	};
}
