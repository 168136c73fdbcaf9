/**
 * The topic tree alone, in-process: how fast it ingests, what a topic costs in memory, and a tree
 * of a million topics built and browsed.
 *
 * - model: 1,000,000 messages round-robin over 100,000 topics (`bench/<site>/<device>`, 100-byte
 *   payloads) into an empty tree, the median of 5 runs;
 * - bytes per topic: heap plus ArrayBuffer memory the tree holds after a full collection, over its
 *   topics (each with its last 100-byte message), the messages fed to it dropped first;
 * - a million topics (`bench/<site>/<device>`, 10 sites of 100,000 devices) built in a child
 *   process of its own, so its RSS is the tree's and not the rest of the bench's; then browsed as a
 *   renderer would: one site expanded (100,000 children: the first look sorts them), a 60-row
 *   window moved to rows 0, 50,000 and 99,940, a topic located, every tick's cost timed.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TopicTree } from '../../main/topics/topic-tree';
import { locateRow, TreeView } from '../../main/topics/tree-view';
import type { MqttMessage } from '../../shared/model/message';
import { benchPayload, benchTopic } from './publisher';
import { collectGarbage, MB, progress, round, spread } from './runs';

const MODEL_MESSAGES = 1_000_000;
const MODEL_TOPICS = 100_000;
const MODEL_RUNS = 5;
const MILLION = 1_000_000;
const SITES = 10;

function messageOf(topic: string, payload: Uint8Array, timeUs: number): MqttMessage {
	return {
		topic,
		payload,
		qos: 0,
		retain: false,
		dup: false,
		properties: undefined,
		timeUs,
		direction: 'in',
	};
}

/** One message per topic, each with its own 100-byte payload (a digit differs per topic). */
function modelMessages(topics: number): MqttMessage[] {
	const base = benchPayload(100);
	const messages: MqttMessage[] = [];
	for (let i = 0; i < topics; i++) {
		const payload = new Uint8Array(base);
		payload[20] = 0x30 + (i % 10);
		// A fresh string per topic, as a connection hands them over.
		messages.push(messageOf(`${benchTopic(i)}`, payload, Date.now() * 1000));
	}
	return messages;
}

/** Messages/s of one run of `count` messages round-robin over `messages` into an empty tree. */
function modelRun(messages: readonly MqttMessage[], count: number): number {
	const tree = new TopicTree();
	const started = performance.now();
	for (let i = 0; i < count; i++) tree.ingest(messages[i % messages.length] as MqttMessage);
	const elapsedMs = performance.now() - started;
	if (tree.root.totalMessages !== count) throw new Error('the tree lost messages');
	return (count / elapsedMs) * 1000;
}

/** Heap and ArrayBuffer bytes the tree keeps per topic, each topic with its last message. */
function bytesPerTopic(topics: number): number | null {
	if (!collectGarbage()) return null;
	const before = process.memoryUsage();
	const tree = new TopicTree();
	// In a function of its own: the messages are garbage once it returns.
	const feed = (): void => {
		const messages = modelMessages(topics);
		for (const message of messages) tree.ingest(message);
		// Again, as a firehose does: the second message of a topic reuses its slot.
		for (const message of messages) tree.ingest(message);
	};
	feed();
	collectGarbage();
	const after = process.memoryUsage();
	const bytes = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
	if (tree.topicCount !== topics) throw new Error('wrong topic count');
	return round(bytes / topics);
}

/** Runs in its own process: builds a million topics and browses one site of 100,000. */
function millionTopics(): Record<string, number> {
	const payload = benchPayload(100);
	const devices = MILLION / SITES;
	collectGarbage();
	const rssBefore = process.memoryUsage().rss;
	const tree = new TopicTree();
	const started = performance.now();
	for (let device = 0; device < devices; device++) {
		for (let site = 0; site < SITES; site++) {
			tree.ingest(messageOf(`bench/${site}/${device}`, payload, Date.now() * 1000));
		}
	}
	const buildMs = performance.now() - started;
	collectGarbage();
	const memory = process.memoryUsage();
	// Browse: one site expanded, a 60-row window at the top, the middle and the end.
	const timed = <T>(run: () => T): [T, number] => {
		const at = performance.now();
		const value = run();
		return [value, performance.now() - at];
	};
	const view = new TreeView(tree, { expanded: ['bench', 'bench/3'], offset: 0, limit: 60 });
	const [first, expandMs] = timed(() => view.snapshot());
	const scrollMs: number[] = [];
	for (const offset of [50_000, 99_940, 25_000, 75_000, 10]) {
		const [patch, ms] = timed(() =>
			view.update({ expanded: ['bench', 'bench/3'], offset, limit: 60 }),
		);
		if (patch?.kind !== 'window' || patch.ids.length !== 60) throw new Error('a short window');
		scrollMs.push(ms);
	}
	// New topics arriving under the open site: the window follows, the order is kept incrementally.
	for (let device = devices; device < devices + 1_000; device++) {
		tree.ingest(messageOf(`bench/3/${device}`, payload, Date.now() * 1000));
	}
	const [, tickMs] = timed(() => view.poll());
	const [located, locateMs] = timed(() =>
		locateRow(tree, new Set(['bench', 'bench/3']), 'bench/3/99999'),
	);
	if (first.kind !== 'reset' || first.totalRows !== SITES + devices + 1 || located === null) {
		throw new Error('the million-topic tree shows the wrong rows');
	}
	return {
		topics: MILLION,
		buildMs: round(buildMs),
		rssMb: round(memory.rss / MB, 1),
		rssGrowthMb: round((memory.rss - rssBefore) / MB, 1),
		heapUsedMb: round(memory.heapUsed / MB, 1),
		arrayBuffersMb: round(memory.arrayBuffers / MB, 1),
		expandMs: round(expandMs, 1),
		scrollMsMax: round(Math.max(...scrollMs), 2),
		newTopicsTickMs: round(tickMs, 2),
		locateMs: round(locateMs, 2),
	};
}

function runMillionInChild(): Promise<Record<string, number>> {
	const script = fileURLToPath(import.meta.url);
	const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, 'million'], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let output = '';
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => (output += chunk));
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (code) => {
			if (code !== 0) reject(new Error(`the million-topic run exited with ${String(code)}`));
			else resolve(JSON.parse(output) as Record<string, number>);
		});
	});
}

/** Runs the section; returns its report and its summary keys. */
export async function runTreeBench(): Promise<{
	report: Record<string, unknown>;
	summary: Record<string, number | null>;
}> {
	const messages = modelMessages(MODEL_TOPICS);
	modelRun(messages, MODEL_TOPICS * 2);
	const runs: Record<string, unknown>[] = [];
	for (let run = 1; run <= MODEL_RUNS; run++) {
		// The previous run's tree is garbage: collect it now, not during this run.
		collectGarbage();
		runs.push({ messagesPerSecond: round(modelRun(messages, MODEL_MESSAGES)) });
		progress(
			`tree model run ${run}/${MODEL_RUNS}: ${String(runs.at(-1)?.messagesPerSecond)} msg/s`,
		);
	}
	const rate = spread(runs, 'messagesPerSecond');
	const perTopic = bytesPerTopic(MODEL_TOPICS);
	progress('tree: a million topics in a child process');
	const million = await runMillionInChild();
	return {
		report: {
			model: {
				messages: MODEL_MESSAGES,
				topics: MODEL_TOPICS,
				payloadBytes: 100,
				messagesPerSecond: rate,
			},
			bytesPerTopic: perTopic,
			millionTopics: million,
		},
		summary: {
			treeModelMsgsPerSec: rate.median,
			treeBytesPerTopic: perTopic,
			millionTopicsBuildMs: million.buildMs ?? null,
			millionTopicsRssMb: million.rssMb ?? null,
			millionTopicsExpandMs: million.expandMs ?? null,
			millionTopicsScrollMs: million.scrollMsMax ?? null,
		},
	};
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
	if (process.argv[2] === 'million') {
		process.stdout.write(`${JSON.stringify(millionTopics())}\n`);
	} else {
		const result = await runTreeBench();
		process.stdout.write(`${JSON.stringify(result, null, '\t')}\n`);
	}
}
