/**
 * `topicscope record`: a headless recorder. Subscribes with the connection options given (MQTT 5
 * by default, falling back to 3.1.1 when the broker refuses 5; `-V` fixes the level) and stores
 * every message in a history file until SIGINT, SIGTERM or SIGHUP; then commits what is queued,
 * checkpoints and closes, so the file is whole on every exit path (and after kill -9: WAL).
 * Progress (messages, rate, backlog, shed) goes to stderr.
 */
import type { HistorySource } from '../history/batch-codec';
import { HistoryRecorder } from '../history/recorder';
import { historySourceOf } from '../history/sources';
import type { RetentionLimits } from '../../shared/model/history';
import { CONNECTION_OPTIONS, connectionFromArgs } from './connection-args';
import { openClient } from './client-connection';
import { EXIT_USAGE, fail, parseBytes, parseCommandArgs, parseDurationMs } from './cli-common';

export const RECORD_USAGE = `Usage: topicscope record --db FILE (--url URL | -h HOST [-p PORT]) [-t FILTER]… [options]

Stores every message received until interrupted (Ctrl-C, SIGTERM).
  --db FILE             the history file (created when missing)
  --url URL             mqtt://, mqtts://, ws:// or wss://[user[:password]@]host[:port][/path]
  -h HOST -p PORT       broker address (default localhost:1883)
  -t FILTER             topic filter to subscribe to, repeatable (default '#')
  -q 0|1|2              QoS of the subscriptions (default 2)
  -V 31|311|5           protocol (default 5, falling back to 3.1.1 when refused)
  -u USER -P PASSWORD -i CLIENT_ID -k KEEPALIVE
  --cafile FILE --cert FILE --key FILE --insecure    TLS
  --profile NAME        a saved profile [--data-dir DIR]
  --max-age 7d --max-bytes 2G --max-rows N --keep-per-topic N    retention
  --progress-interval SECONDS   progress lines on stderr (default 5, 0: none)
`;

const OPTIONS = {
	...CONNECTION_OPTIONS,
	db: { type: 'string' },
	'max-age': { type: 'string' },
	'max-bytes': { type: 'string' },
	'max-rows': { type: 'string' },
	'keep-per-topic': { type: 'string' },
	'progress-interval': { type: 'string' },
	help: { type: 'boolean' },
} as const;

function retentionFrom(values: {
	readonly [K in 'max-age' | 'max-bytes' | 'max-rows' | 'keep-per-topic']?: string;
}): RetentionLimits | string {
	const limits: { -readonly [K in keyof RetentionLimits]: RetentionLimits[K] } = {};
	if (values['max-age'] !== undefined) {
		const ms = parseDurationMs(values['max-age']);
		if (ms === undefined)
			return `--max-age takes a duration such as 12h or 7d, not '${values['max-age']}'.`;
		limits.maxAgeMs = ms;
	}
	if (values['max-bytes'] !== undefined) {
		const bytes = parseBytes(values['max-bytes']);
		if (bytes === undefined)
			return `--max-bytes takes a size such as 500M or 2G, not '${values['max-bytes']}'.`;
		limits.maxBytes = bytes;
	}
	for (const [option, key] of [
		['max-rows', 'maxRows'],
		['keep-per-topic', 'keepPerTopic'],
	] as const) {
		const text = values[option];
		if (text === undefined) continue;
		if (!/^\d+$/.test(text)) return `--${option} takes a whole number, not '${text}'.`;
		limits[key] = Number(text);
	}
	return limits;
}

export async function runRecord(args: readonly string[]): Promise<number> {
	const parsed = parseCommandArgs(args, OPTIONS);
	if (!parsed.ok) return fail('record', `${parsed.error.message}\n\n${RECORD_USAGE}`, EXIT_USAGE);
	const { values } = parsed.value;
	if (values.help === true) {
		process.stdout.write(RECORD_USAGE);
		return 0;
	}
	if (values.db === undefined)
		return fail('record', `say where to record: --db FILE.\n\n${RECORD_USAGE}`, EXIT_USAGE);
	const choice = connectionFromArgs(values, 'topicscope-record');
	if (!choice.ok) return fail('record', choice.error.message, EXIT_USAGE);
	const limits = retentionFrom(values);
	if (typeof limits === 'string') return fail('record', limits, EXIT_USAGE);
	const intervalText = values['progress-interval'] ?? '5';
	if (!/^\d+$/.test(intervalText))
		return fail('record', `--progress-interval takes seconds, not '${intervalText}'.`, EXIT_USAGE);

	const started = await HistoryRecorder.start({ path: values.db });
	if (!started.ok) return fail('record', started.error.message);
	const recorder = started.value;
	if (Object.keys(limits).length > 0) recorder.setRetention({ global: limits, connections: {} });
	const { profile } = choice.value;
	const base = historySourceOf(
		profile,
		choice.value.profileId === undefined ? {} : { profileId: choice.value.profileId },
	);
	const source: HistorySource = { ...base, kind: 'record' };
	const sink = recorder.sink(source);

	// Listen for the stop signals before anything is printed: whoever reads "recording …" may
	// signal at once, and a signal with no listener yet would kill the process uncommitted.
	const stopped = new Promise<NodeJS.Signals>((resolve) => {
		for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
			process.once(name, () => resolve(name));
	});
	const opened = await openClient(profile, {
		isVersionFixed: choice.value.isVersionFixed,
		notice: (text) => process.stderr.write(`topicscope record: ${text}\n`),
		fallbackVerb: 'recording with',
		setup: (connection) => {
			connection.onMessage((message) => {
				sink.enqueue(message);
			});
		},
	});
	if (!opened.ok) {
		await recorder.close();
		return fail('record', opened.error.message);
	}
	const connection = opened.value;
	const level =
		connection.profile.protocolVersion === 5
			? '5'
			: connection.profile.protocolVersion === 4
				? '3.1.1'
				: '3.1';
	process.stderr.write(
		`topicscope record: recording ${profile.subscriptions.map((s) => s.filter).join(', ')} from ${profile.host}:${profile.port} (MQTT ${level}) into ${values.db}\n`,
	);
	connection.onStateChange((c) => {
		const state = c.state;
		if (state.kind === 'reconnecting') {
			process.stderr.write(
				`topicscope record: connection lost (${state.lastError.message}); reconnecting, attempt ${state.attempt}\n`,
			);
		} else if (state.kind === 'connected') {
			process.stderr.write('topicscope record: connected again\n');
		} else if (state.kind === 'failed') {
			process.stderr.write(`topicscope record: ${state.error.message}\n`);
		}
	});

	const intervalMs = Number(intervalText) * 1000;
	let lastWritten = 0;
	let lastAt = Date.now();
	const progress =
		intervalMs > 0
			? setInterval(() => {
					const stats = recorder.stats;
					const now = Date.now();
					const rate = Math.round(
						((stats.written - lastWritten) * 1000) / Math.max(1, now - lastAt),
					);
					lastWritten = stats.written;
					lastAt = now;
					process.stderr.write(
						`topicscope record: ${stats.written} messages stored, ${rate}/s, backlog ${stats.backlogMessages}, shed ${stats.shed}\n`,
					);
				}, intervalMs)
			: null;

	const signal = await stopped;
	if (progress !== null) clearInterval(progress);
	await connection.close();
	await recorder.close();
	const stats = recorder.stats;
	process.stderr.write(
		`topicscope record: stopped by ${signal}; ${stats.written} messages stored, ${stats.shed} shed, ${stats.failed} not written.\n`,
	);
	return stats.failed > 0 ? 1 : 0;
}
