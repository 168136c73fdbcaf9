/**
 * `npm run bench`: runs every benchmark section and prints ONE JSON object on stdout.
 *
 * Each section returns its report (under its name) and its summary keys; `summary` is one flat
 * object of headline figures (camelCase numbers, null when not measured) merged from the sections
 * that ran, so tools can track them and a new section adds keys without touching the others.
 * Progress and logs go to stderr, so `npm run -s bench > bench.json` keeps a clean result.
 *
 * Flags: --messages N (stream and broker runs), --topics N, --payload-bytes N, --repeat N (runs of
 * each kind, default 3), --timeout-seconds N (per run, default 120), --publisher raw|mqttjs,
 * --ui-seconds N (default 30), --history-rows N (rows of the history section's query database,
 * default 1,000,000), --quick (short runs, one each), --skip-codec,
 * --only SECTION[,SECTION] (stream, broker, tree, ui, tap, frames-view, codec, history).
 * Exits 1 when a section or a run failed; the JSON still says what did run and why it failed.
 */
import { execFile } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { findMosquitto } from '../../test/helpers/broker';
import { DEFAULT_BROKER_OPTIONS, runBrokerBench, type BrokerBenchOptions } from './broker';
import { runCodecBench } from './codec';
import { runFramesViewBench } from './frames-view';
import { DEFAULT_HISTORY_OPTIONS, historySummary, runHistoryBench } from './history';
import { DEFAULT_STREAM_OPTIONS, runStreamBench, type StreamBenchOptions } from './stream';
import { runTapBench } from './tap';
import { runTreeBench } from './tree';
import { DEFAULT_UI_OPTIONS, runUiBench, type UiBenchOptions } from './ui';

// Before anything from main/ logs: the bench's stdout and stderr are its own.
process.env.TOPICSCOPE_LOG = 'silent';

type Summary = Record<string, number | null>;

interface SectionResult {
	readonly report: Record<string, unknown>;
	readonly summary: Summary;
}

interface BenchArgs {
	readonly stream: StreamBenchOptions;
	readonly broker: BrokerBenchOptions;
	readonly ui: UiBenchOptions;
	readonly historyRows: number;
	readonly skipCodec: boolean;
	/** Sections to run; all unless --only names some. */
	readonly only: readonly string[] | null;
}

/** The sections in the order they run, each with its key in the report. */
const SECTIONS: readonly {
	readonly name: string;
	readonly key: string;
	readonly run: (args: BenchArgs) => Promise<SectionResult>;
}[] = [
	{ name: 'stream', key: 'stream', run: (args) => runStreamBench(args.stream) },
	{ name: 'broker', key: 'broker', run: (args) => runBrokerBench(args.broker) },
	{ name: 'tree', key: 'tree', run: () => runTreeBench() },
	{ name: 'ui', key: 'ui', run: (args) => runUiBench(args.ui) },
	{
		name: 'tap',
		key: 'tap',
		run: async () => {
			const report = runTapBench();
			return { report, summary: { tapNsPerFrame: numberOr(report.nsPerFrame, 0) } };
		},
	},
	{
		name: 'frames-view',
		key: 'framesView',
		run: async () => {
			const report = runFramesViewBench();
			return {
				report,
				summary: { framesViewUsPerTick: numberOr(report.incrementalUsPerTick, 2) },
			};
		},
	},
	{
		name: 'codec',
		key: 'codec',
		run: async (args): Promise<SectionResult> => {
			if (args.skipCodec) return { report: { skipped: '--skip-codec' }, summary: {} };
			const report = await runCodecBench();
			const ratioOf = (name: string): number | null =>
				numberOr((report[name] as { ratio?: unknown } | undefined)?.ratio, 2);
			return {
				report,
				summary: {
					codecPublishQos1Ratio: ratioOf('publishQos1'),
					codecConnectV5Ratio: ratioOf('connectV5'),
				},
			};
		},
	},
	{
		name: 'history',
		key: 'history',
		run: async (args) => {
			const report = await runHistoryBench({
				...DEFAULT_HISTORY_OPTIONS,
				ingest: args.broker,
				rows: args.historyRows,
			});
			return { report, summary: historySummary(report) };
		},
	},
];

function numberOr(value: unknown, digits: number): number | null {
	if (typeof value !== 'number') return null;
	const factor = 10 ** digits;
	return Math.round(value * factor) / factor;
}

const SECTION_NAMES = SECTIONS.map((section) => section.name);

function parseSections(raw: string | undefined): string[] {
	const names = (raw ?? '').split(',').filter((name) => name !== '');
	const unknown = names.filter((name) => !SECTION_NAMES.includes(name));
	if (names.length === 0 || unknown.length > 0) {
		throw new Error(`--only needs sections from ${SECTION_NAMES.join(', ')}, got ${String(raw)}`);
	}
	return names;
}

function parseArgs(argv: readonly string[]): BenchArgs {
	let stream: StreamBenchOptions = { ...DEFAULT_STREAM_OPTIONS };
	let broker: BrokerBenchOptions = { ...DEFAULT_BROKER_OPTIONS };
	let ui: UiBenchOptions = { ...DEFAULT_UI_OPTIONS };
	let skipCodec = false;
	let only: string[] | null = null;
	let historyRows = DEFAULT_HISTORY_OPTIONS.rows;
	// --quick is a default like the others: explicit flags win, in any order.
	if (argv.includes('--quick')) {
		stream = { ...stream, messages: 50_000, repeat: 1 };
		broker = { ...broker, messages: 20_000, repeat: 1 };
		ui = { ...ui, seconds: 5 };
	}
	const integer = (flag: string, raw: string | undefined): number => {
		const value = Number(raw);
		if (raw === undefined || !Number.isInteger(value) || value < 1) {
			throw new Error(`${flag} needs a positive integer, got ${String(raw)}`);
		}
		return value;
	};
	const both = (change: Partial<StreamBenchOptions & BrokerBenchOptions>): void => {
		stream = { ...stream, ...change };
		broker = { ...broker, ...change };
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		switch (flag) {
			case '--quick':
				break;
			case '--messages':
				both({ messages: integer(flag, argv[++i]) });
				break;
			case '--topics':
				both({ topics: integer(flag, argv[++i]) });
				break;
			case '--payload-bytes':
				both({ payloadBytes: integer(flag, argv[++i]) });
				break;
			case '--timeout-seconds':
				both({ runTimeoutMs: integer(flag, argv[++i]) * 1000 });
				break;
			case '--repeat':
				both({ repeat: integer(flag, argv[++i]) });
				break;
			case '--history-rows':
				historyRows = integer(flag, argv[++i]);
				break;
			case '--ui-seconds':
				ui = { ...ui, seconds: integer(flag, argv[++i]) };
				break;
			case '--publisher': {
				const mode = argv[++i];
				if (mode !== 'raw' && mode !== 'mqttjs') throw new Error('--publisher needs raw or mqttjs');
				broker = { ...broker, publisherMode: mode };
				break;
			}
			case '--skip-codec':
				skipCodec = true;
				break;
			case '--only':
				only = parseSections(argv[++i]);
				break;
			default:
				throw new Error(
					`unknown flag ${String(flag)}; flags: --messages N --topics N --payload-bytes N --repeat N --timeout-seconds N --publisher raw|mqttjs --ui-seconds N --history-rows N --quick --skip-codec --only ${SECTION_NAMES.join('|')}[,…]`,
				);
		}
	}
	return { stream, broker, ui, historyRows, skipCodec, only };
}

async function mosquittoVersion(): Promise<string | null> {
	const binary = findMosquitto();
	if (binary === undefined) return null;
	// `mosquitto -h` prints its version and exits with 3; the output is what we want.
	const output = await promisify(execFile)(binary, ['-h']).then(
		(result) => result.stdout,
		(error: { stdout?: string }) => error.stdout ?? '',
	);
	return /version (\S+)/.exec(output)?.[1] ?? null;
}

/** 1, 5 and 15 minute load averages, two decimals. */
function roundedLoad(): number[] {
	return loadavg().map((value) => Math.round(value * 100) / 100);
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Whether a report says something failed (an error of its own or of one of its runs). */
function hasFailed(report: Record<string, unknown>): boolean {
	return 'error' in report || 'errors' in report;
}

async function main(): Promise<number> {
	const args = parseArgs(process.argv.slice(2));
	const machine: Record<string, unknown> = {
		cpus: cpus().length,
		cpuModel: cpus()[0]?.model ?? null,
		memoryMb: Math.round(totalmem() / 1024 / 1024),
		platform: process.platform,
		node: process.version,
		mosquitto: await mosquittoVersion(),
		// Other work on the machine lowers rates (less so CPU per message): see both load figures.
		loadAverageAtStart: roundedLoad(),
	};
	const result: Record<string, unknown> = {
		startedAt: new Date().toISOString(),
		command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
		machine,
	};
	const summary: Summary = {};
	let failed = false;
	for (const section of SECTIONS) {
		if (args.only !== null && !args.only.includes(section.name)) {
			result[section.key] = { skipped: `--only ${args.only.join(',')}` };
			continue;
		}
		process.stderr.write(`[bench] ${section.name}\n`);
		try {
			const { report, summary: fragment } = await section.run(args);
			result[section.key] = report;
			Object.assign(summary, fragment);
			failed ||= hasFailed(report);
		} catch (error) {
			process.stderr.write(
				`[bench] ${section.name} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
			);
			result[section.key] = { error: errorText(error) };
			failed = true;
		}
	}
	// Messages lost in any run, streaming source or broker: the goal is 0.
	const losses = [summary.streamLost, summary.brokerLost].filter(
		(lost) => typeof lost === 'number',
	);
	if (losses.length > 0) summary.lost = Math.max(...(losses as number[]));
	machine.loadAverageAtEnd = roundedLoad();
	result.summary = summary;
	process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	return failed ? 1 : 0;
}

main().then(
	(code) => {
		process.exitCode = code;
	},
	(error: unknown) => {
		process.stderr.write(`[bench] ${errorText(error)}\n`);
		process.exitCode = 2;
	},
);
