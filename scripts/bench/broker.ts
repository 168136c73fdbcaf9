/**
 * The realistic figure: the same subscribers behind a real broker (mosquitto on a free loopback
 * port), fed by a publisher process (publisher.ts) on the same two cores.
 *
 * Here the broker and the publisher share the machine with the client measured, so the rate is
 * often theirs, not the client's (DESIGN §4): the streaming source (stream.ts) measures the client;
 * this shows what a user sees through a broker. Runs alternate ceiling and core, median reported.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBroker, type TestBroker } from '../../test/helpers/broker';
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
	type SenderHandle,
} from './runs';

export interface BrokerBenchOptions {
	readonly messages: number;
	readonly topics: number;
	readonly payloadBytes: number;
	readonly repeat: number;
	readonly runTimeoutMs: number;
	/** How the publisher sends: pre-encoded batches (`raw`) or `client.publish` per message. */
	readonly publisherMode: 'raw' | 'mqttjs';
}

export const DEFAULT_BROKER_OPTIONS: BrokerBenchOptions = {
	messages: 200_000,
	topics: 10_000,
	payloadBytes: 100,
	repeat: 3,
	runTimeoutMs: 120_000,
	publisherMode: 'raw',
};

const PUBLISHER_PATH = fileURLToPath(new URL('./publisher.ts', import.meta.url));

interface PublisherReport {
	readonly sent: number;
	readonly elapsedMs: number;
	readonly messagesPerSecond: number;
	readonly drainWaits: number;
}

/** Starts the publisher in its own Node process (through tsx, like this script). */
function startPublisher(url: string, options: BrokerBenchOptions): SenderHandle {
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
	child.stdout.on('data', (chunk: string) => (stdout += chunk));
	const report = new Promise<PublisherReport | { error: string }>((resolve) => {
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
		done: report,
		hasExited: () => hasExited,
		kill: () => {
			if (!hasExited) child.kill('SIGKILL');
		},
		describe: async () => {
			const sent = await report;
			return 'error' in sent
				? { error: sent.error }
				: {
						publisherMessagesPerSecond: round(sent.messagesPerSecond),
						drainWaits: sent.drainWaits,
					};
		},
	};
}

/** The firehose through a running broker: a fresh publisher process per run. */
export function brokerFirehose(broker: TestBroker, options: BrokerBenchOptions): FirehoseRun {
	return {
		url: broker.url,
		port: broker.port,
		begin: async () => startPublisher(broker.url, options),
	};
}

type Kind = 'ceiling' | 'core';

/** Runs the section; returns its report and its summary keys. */
export async function runBrokerBench(
	overrides: Partial<BrokerBenchOptions> = {},
): Promise<{ report: Record<string, unknown>; summary: Record<string, number | null> }> {
	const options: BrokerBenchOptions = { ...DEFAULT_BROKER_OPTIONS, ...overrides };
	const broker = await startBroker({ kind: 'mosquitto' });
	const firehose = brokerFirehose(broker, options);
	const runs: Record<Kind, Record<string, unknown>[]> = { ceiling: [], core: [] };
	try {
		for (let round_ = 1; round_ <= options.repeat; round_++) {
			for (const kind of ['ceiling', 'core'] as const) {
				progress(`broker ${kind} run ${round_}/${options.repeat}: ${options.messages} messages`);
				const run =
					kind === 'ceiling'
						? await runCeiling(firehose, options)
						: await runCore(firehose, { ...options, captureFrames: true });
				runs[kind].push(run);
				progress(
					`  ${String(run.messagesPerSecond)} msg/s, ${String(run.cpuMicrosPerMessage)} µs CPU/msg`,
				);
			}
		}
	} finally {
		await broker.stop();
	}
	const ceilingRate = spread(runs.ceiling, 'messagesPerSecond');
	const coreRate = spread(runs.core, 'messagesPerSecond');
	const lost = worstLoss([...runs.ceiling, ...runs.core]);
	const errors = [...runErrors('ceiling', runs.ceiling), ...runErrors('core', runs.core)];
	return {
		report: {
			broker: 'mosquitto',
			messages: options.messages,
			topics: options.topics,
			payloadBytes: options.payloadBytes,
			qos: 0,
			publisherMode: options.publisherMode,
			runsEach: options.repeat,
			reported: 'median of the runs, with min and max',
			ceiling: {
				messagesPerSecond: ceilingRate,
				cpuMicrosPerMessage: spread(runs.ceiling, 'cpuMicrosPerMessage'),
			},
			core: {
				messagesPerSecond: coreRate,
				cpuMicrosPerMessage: spread(runs.core, 'cpuMicrosPerMessage'),
			},
			ratio: ratio(coreRate.median, ceilingRate.median),
			lost,
			runs,
			...(errors.length === 0 ? {} : { errors }),
		},
		summary: {
			brokerCeilingMsgsPerSec: ceilingRate.median,
			brokerCoreMsgsPerSec: coreRate.median,
			brokerRatio: ratio(coreRate.median, ceilingRate.median),
			brokerCpuMicrosPerMsgCeiling: spread(runs.ceiling, 'cpuMicrosPerMessage').median,
			brokerCpuMicrosPerMsgCore: spread(runs.core, 'cpuMicrosPerMessage').median,
			brokerLost: lost,
		},
	};
}
