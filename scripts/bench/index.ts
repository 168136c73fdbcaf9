/**
 * `npm run bench`: runs every benchmark section and prints ONE JSON object on stdout.
 *
 * Progress and logs go to stderr, so `npm run bench --silent > bench.json` keeps a clean result.
 * Flags: --messages N, --topics N, --payload-bytes N, --repeat N (default 3), --timeout-seconds N
 * (per run, default 120), --publisher raw|mqttjs, --quick (20,000 messages, one run), --skip-codec,
 * --only SECTION[,SECTION] (ingest, tap, frames-view, codec, history: the others are reported
 * skipped), --history-rows N (rows of the history section's query database, default 1,000,000).
 * Exits 1 when a section or a run failed; the JSON still says what did run and why it failed.
 */
import { execFile } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { findMosquitto } from '../../test/helpers/broker';
import { runCodecBench } from './codec';
import { runFramesViewBench } from './frames-view';
import { DEFAULT_INGEST_OPTIONS, runIngestBench, type IngestOptions } from './ingest';
import { runTapBench } from './tap';
import { DEFAULT_HISTORY_OPTIONS, historySummary, runHistoryBench } from './history';

// Before anything from main/ logs: the bench's stdout and stderr are its own.
process.env.TOPICSCOPE_LOG = 'silent';

const QUICK_MESSAGES = 20_000;

const SECTIONS = ['ingest', 'tap', 'frames-view', 'codec', 'history'] as const;
type Section = (typeof SECTIONS)[number];

interface BenchArgs {
	readonly ingest: IngestOptions;
	readonly skipCodec: boolean;
	/** Sections to run; all unless --only names some. */
	readonly only: readonly Section[] | null;
	readonly historyRows: number;
}

function isSection(name: string): name is Section {
	return (SECTIONS as readonly string[]).includes(name);
}

function parseSections(raw: string | undefined): Section[] {
	const names = (raw ?? '').split(',').filter((name) => name !== '');
	const unknown = names.filter((name) => !isSection(name));
	if (names.length === 0 || unknown.length > 0) {
		throw new Error(`--only needs sections from ${SECTIONS.join(', ')}, got ${String(raw)}`);
	}
	return names.filter(isSection);
}

function parseArgs(argv: readonly string[]): BenchArgs {
	let ingest: IngestOptions = { ...DEFAULT_INGEST_OPTIONS };
	let skipCodec = false;
	let only: Section[] | null = null;
	let historyRows = DEFAULT_HISTORY_OPTIONS.rows;
	// --quick is a default like the others: explicit --messages or --repeat win, in any order.
	const isQuick = argv.includes('--quick');
	if (isQuick) ingest = { ...ingest, messages: QUICK_MESSAGES, repeat: 1 };
	const integer = (flag: string, raw: string | undefined): number => {
		const value = Number(raw);
		if (raw === undefined || !Number.isInteger(value) || value < 1) {
			throw new Error(`${flag} needs a positive integer, got ${String(raw)}`);
		}
		return value;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		switch (flag) {
			case '--quick':
				break;
			case '--messages':
				ingest = { ...ingest, messages: integer(flag, argv[++i]) };
				break;
			case '--topics':
				ingest = { ...ingest, topics: integer(flag, argv[++i]) };
				break;
			case '--payload-bytes':
				ingest = { ...ingest, payloadBytes: integer(flag, argv[++i]) };
				break;
			case '--timeout-seconds':
				ingest = { ...ingest, runTimeoutMs: integer(flag, argv[++i]) * 1000 };
				break;
			case '--repeat':
				ingest = { ...ingest, repeat: integer(flag, argv[++i]) };
				break;
			case '--publisher': {
				const mode = argv[++i];
				if (mode !== 'raw' && mode !== 'mqttjs') throw new Error('--publisher needs raw or mqttjs');
				ingest = { ...ingest, publisherMode: mode };
				break;
			}
			case '--skip-codec':
				skipCodec = true;
				break;
			case '--only':
				only = parseSections(argv[++i]);
				break;
			case '--history-rows':
				historyRows = integer(flag, argv[++i]);
				break;
			default:
				throw new Error(
					`unknown flag ${String(flag)}; flags: --messages N --topics N --payload-bytes N --repeat N --timeout-seconds N --publisher raw|mqttjs --quick --skip-codec --only ${SECTIONS.join('|')}[,…] --history-rows N`,
				);
		}
	}
	return { ingest, skipCodec, only, historyRows };
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

async function runSection(
	name: string,
	run: () => Promise<Record<string, unknown>>,
): Promise<Record<string, unknown>> {
	process.stderr.write(`[bench] ${name}\n`);
	try {
		return await run();
	} catch (error) {
		process.stderr.write(
			`[bench] ${name} failed: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		return { error: errorText(error) };
	}
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
	const result: Record<string, unknown> = { startedAt: new Date().toISOString(), machine };
	const wanted = (section: Section): boolean => args.only === null || args.only.includes(section);
	const skipped = { skipped: `--only ${args.only?.join(',') ?? ''}` };
	result.ingest = wanted('ingest')
		? await runSection('ingest', () => runIngestBench(args.ingest))
		: skipped;
	result.tap = wanted('tap') ? await runSection('tap', async () => runTapBench()) : skipped;
	result.framesView = wanted('frames-view')
		? await runSection('frames-view', async () => runFramesViewBench())
		: skipped;
	result.codec = !wanted('codec')
		? skipped
		: args.skipCodec
			? { skipped: '--skip-codec' }
			: await runSection('codec', runCodecBench);
	result.history = wanted('history')
		? await runSection('history', () =>
				runHistoryBench({
					...DEFAULT_HISTORY_OPTIONS,
					ingest: args.ingest,
					rows: args.historyRows,
				}),
			)
		: skipped;
	// One flat object of headline figures (camelCase numbers) for tools that track them.
	result.summary = {
		...(wanted('history') ? historySummary(result.history) : {}),
	};
	machine.loadAverageAtEnd = roundedLoad();
	process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
	const failed = [result.ingest, result.tap, result.framesView, result.codec, result.history].some(
		(section) =>
			typeof section === 'object' &&
			section !== null &&
			('error' in section || 'errors' in section),
	);
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
