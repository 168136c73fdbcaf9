/**
 * `topicscope replay`: sends stored messages to a broker at their original timing, scaled, or as
 * fast as possible; with a topic prefix rewrite, retain flags stripped, or as a dry run that prints
 * what would be sent (NDJSON with the replayed topic and when it is due) without connecting.
 * Ctrl-C stops it; progress goes to stderr.
 */
import { messageToJsonLine } from '../../shared/model/message-json';
import { ok } from '../../shared/result';
import { randomUUID } from 'node:crypto';
import { Connection } from '../connections/connection';
import { connectionTarget } from '../history/replay-target';
import { replay, type ReplayPublish, type ReplayTarget } from '../history/replay';
import { CONNECTION_OPTIONS, connectionFromArgs } from './connection-args';
import { EXIT_USAGE, fail, openReader, parseCommandArgs, parseTimeArg } from './cli-common';

export const REPLAY_USAGE = `Usage: topicscope replay --db FILE (--url URL | -h HOST [-p PORT]) [options]

  -t FILTER              replay only these topics (one filter)
  --since T --until T    RFC 3339 times or durations ago (30m, 2h, 7d)
  --connection NAME      only messages of this history connection
  --speed N|max          1 = original timing (default), 10 = ten times faster, max = no waiting
  --from-prefix A --to-prefix B   publish topics starting with A under B instead
  --no-retain            publish with the retain flag cleared
  --dry-run              print what would be sent (NDJSON), connect to nothing
  and the connection options of topicscope record (-V, -u, -P, -i, --cafile, --profile…)
`;

const OPTIONS = {
	...CONNECTION_OPTIONS,
	db: { type: 'string' },
	since: { type: 'string' },
	until: { type: 'string' },
	connection: { type: 'string', multiple: true },
	speed: { type: 'string' },
	'from-prefix': { type: 'string' },
	'to-prefix': { type: 'string' },
	'no-retain': { type: 'boolean' },
	'dry-run': { type: 'boolean' },
	help: { type: 'boolean' },
} as const;

export async function runReplay(args: readonly string[]): Promise<number> {
	const parsed = parseCommandArgs(args, OPTIONS);
	if (!parsed.ok) return fail('replay', `${parsed.error.message}\n\n${REPLAY_USAGE}`, EXIT_USAGE);
	const { values } = parsed.value;
	if (values.help === true) {
		process.stdout.write(REPLAY_USAGE);
		return 0;
	}
	if (values.db === undefined) return fail('replay', 'say which history: --db FILE.', EXIT_USAGE);
	const speedText = values.speed ?? '1';
	const speed: number | 'max' = speedText === 'max' ? 'max' : Number(speedText);
	if (speed !== 'max' && !(speed > 0 && Number.isFinite(speed))) {
		return fail(
			'replay',
			`--speed takes a positive number or max, not '${speedText}'.`,
			EXIT_USAGE,
		);
	}
	if ((values['from-prefix'] === undefined) !== (values['to-prefix'] === undefined)) {
		return fail('replay', '--from-prefix and --to-prefix go together.', EXIT_USAGE);
	}
	const filters = values.topic ?? [];
	if (filters.length > 1)
		return fail('replay', 'give one -t filter (use # or + for several topics).', EXIT_USAGE);
	// -t names what to replay, not a subscription: check it here, keep it out of the profile.
	const choice =
		values['dry-run'] === true
			? null
			: connectionFromArgs({ ...values, topic: undefined }, 'topicscope-replay');
	if (choice !== null && !choice.ok) return fail('replay', choice.error.message, EXIT_USAGE);
	const reader = openReader(values.db);
	if (!reader.ok) return fail('replay', reader.error.message);
	const selection: {
		topicFilter?: string;
		sinceUs?: number;
		untilUs?: number;
		connectionIds?: number[];
	} = {};
	if (filters[0] !== undefined) {
		const { validateTopicFilter } = await import('../../shared/mqtt/topic');
		const checked = validateTopicFilter(filters[0]);
		if (!checked.ok)
			return fail('replay', `-t '${filters[0]}': ${checked.error.message}`, EXIT_USAGE);
		selection.topicFilter = filters[0];
	}
	for (const [option, key] of [
		['since', 'sinceUs'],
		['until', 'untilUs'],
	] as const) {
		const text = values[option];
		if (text === undefined) continue;
		const time = parseTimeArg(text, `--${option}`);
		if (!time.ok) return fail('replay', time.error.message, EXIT_USAGE);
		selection[key] = time.value;
	}
	if (values.connection !== undefined) {
		const all = reader.value.connections();
		selection.connectionIds = all
			.filter((c) => values.connection?.includes(c.name) || values.connection?.includes(c.key))
			.map((c) => c.id);
		if (selection.connectionIds.length === 0)
			return fail('replay', `No connection named ${values.connection.join(', ')} in this history.`);
	}
	const controller = new AbortController();
	process.once('SIGINT', () => controller.abort());
	process.once('SIGTERM', () => controller.abort());

	let target: ReplayTarget;
	let close = async (): Promise<void> => {};
	if (choice === null) {
		target = {
			publish(message: ReplayPublish) {
				const line = messageToJsonLine({ ...message, timeUs: 0, connection: '', direction: 'out' });
				const object = JSON.parse(line) as Record<string, unknown>;
				delete object.time;
				delete object.connection;
				process.stdout.write(
					`${JSON.stringify({ dueMs: Math.round(message.dueMs), ...object })}\n`,
				);
				return Promise.resolve(ok(null));
			},
		};
	} else {
		// A connection that subscribes to nothing: it only publishes.
		const connection = new Connection(randomUUID(), { ...choice.value.profile, subscriptions: [] });
		const opened = await connection.open();
		if (!opened.ok) {
			await connection.close();
			return fail('replay', opened.error.message);
		}
		target = connectionTarget(connection);
		close = () => connection.close();
	}
	const options = {
		speed,
		isTimed: values['dry-run'] !== true,
		...(values['from-prefix'] !== undefined && values['to-prefix'] !== undefined
			? { rewrite: { from: values['from-prefix'], to: values['to-prefix'] } }
			: {}),
		stripRetain: values['no-retain'] === true,
		signal: controller.signal,
		onProgress: (sent: number) => {
			if (sent % 1000 === 0 && sent > 0) process.stderr.write(`topicscope replay: ${sent} sent\n`);
		},
	};
	const result = await replay(reader.value, selection, target, options);
	await close();
	reader.value.db.close();
	if (!result.ok) return fail('replay', result.error.message);
	const { sent, skipped, isStopped } = result.value;
	process.stderr.write(
		`topicscope replay: ${sent} messages ${values['dry-run'] === true ? 'would be sent' : 'sent'}${skipped > 0 ? `, ${skipped} skipped (the rewritten topic is not valid)` : ''}${isStopped ? ', stopped' : ''}.\n`,
	);
	return 0;
}
