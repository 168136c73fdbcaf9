/**
 * `topicscope rr`: mosquitto_rr done right. Subscribes to the response topic first (Retain
 * Handling 2 on MQTT 5, so a stale retained reply is never delivered), publishes the request with
 * fresh random Correlation Data, and prints only the reply carrying it (main/publish/
 * request-response.ts, the same function as the app's panel). MQTT 3.1.1 has no properties: the
 * next live message on `-e` is the reply, and `-d` says so. Exit 0 with the reply; 27 on `-W`
 * timeout (as mosquitto_rr); 1 on other failures; 2 for bad usage; 130 when interrupted.
 */
import type { PublishRequest } from '../../shared/model/publish';
import { toHex } from '../../shared/mqtt/codec/hex';
import { findTopicNameProblem } from '../../shared/mqtt/topic';
import { requestReply } from '../publish/request-response';
import { EXIT_FAILURE, EXIT_TIMEOUT, parseSeconds } from './cli-common';
import {
	CLIENT_OPTIONS,
	clientProfileFromArgs,
	parseQos,
	readFileBytes,
	topicFromUrl,
} from './client-args';
import { startClientCommand } from './client-command';
import { levelName, onStopSignal, openClient } from './client-connection';
import { formatMessage, outputModeFrom } from './message-output';
import { readStdin } from './stdin';

export const RR_USAGE = `Usage: topicscope rr (--url URL | -h HOST [-p PORT]) -t REQUEST_TOPIC [-e RESPONSE_TOPIC] (-m MESSAGE | -f FILE | -n | -s) [options]

Sends a request and prints the matching reply's payload, like mosquitto_rr, but only a reply that
carries the request's fresh correlation data counts (stale retained replies are never delivered).
  -t TOPIC              where the request goes
  -e TOPIC              where replies come (MQTT 5: generated when left out; 3.1.1: required)
  -m MESSAGE | -f FILE | -n | -s    the request's payload (text, a file, empty, stdin)
  -q 0|1|2              QoS of the request (default 0)
  -W SECONDS            give up after SECONDS (exit status 27, as mosquitto_rr); default: wait
  -v | -F FORMAT | --json | -N      how the reply is printed (as topicscope sub)
  -D publish|connect|will PROPERTY VALUE   MQTT 5 properties (not response-topic or
                        correlation-data: those are the exchange's own)
  and the connection options of topicscope pub (-V, -u, -P, -i, --cafile, --url, --profile…)
  -d                    say what happens on stderr (correlation data, latency, ignored messages)
`;

const OPTIONS = {
	...CLIENT_OPTIONS,
	message: { type: 'string', short: 'm' },
	file: { type: 'string', short: 'f' },
	'null-message': { type: 'boolean', short: 'n' },
	'stdin-file': { type: 'boolean', short: 's' },
	'response-topic': { type: 'string', short: 'e' },
	timeout: { type: 'string', short: 'W' },
	verbose: { type: 'boolean', short: 'v' },
	format: { type: 'string', short: 'F' },
	json: { type: 'boolean' },
	'no-newline': { type: 'boolean', short: 'N' },
} as const;

/** The longest a timer waits (about 24.8 days): "no -W" waits that long, i.e. until interrupted. */
const FOREVER_MS = 2_147_483_647;
const EXIT_INTERRUPTED = 130;

export async function runRr(args: readonly string[]): Promise<number> {
	const command = startClientCommand('rr', args, OPTIONS, RR_USAGE, ['connect', 'publish', 'will']);
	if (typeof command === 'number') return command;
	const { values, properties, say, usage } = command;
	const {
		responseTopic: setTopic,
		correlationData: setData,
		...publishProperties
	} = properties.publish;
	if (setTopic !== undefined || setData !== undefined) {
		return usage(
			'-D publish response-topic / correlation-data: rr sets these itself (give -e for the response topic).',
		);
	}
	const topics = values.topic ?? [];
	if (topics.length > 1) return usage('give one -t topic for the request.');
	const topic = topics[0] ?? topicFromUrl(values.url);
	if (topic === undefined) return usage('say where the request goes: -t TOPIC.');
	for (const [option, name] of [
		['-t', topic],
		['-e', values['response-topic']],
	] as const) {
		if (name === undefined) continue;
		const problem = findTopicNameProblem(name);
		if (problem !== undefined) return usage(`${option} '${name}': ${problem.message}`);
	}
	const sources = [values.message, values.file, values['null-message'], values['stdin-file']];
	const sourceCount = sources.filter((given) => given !== undefined && given !== false).length;
	if (sourceCount > 1) return usage('give one payload: -m, -f, -n or -s.');
	if (sourceCount === 0)
		return usage('say what to send: -m MESSAGE, -f FILE, -n (empty) or -s (stdin).');
	const qos = parseQos(values.qos, 0);
	if (!qos.ok) return usage(qos.error.message);
	const timeoutMs = values.timeout === undefined ? FOREVER_MS : parseSeconds(values.timeout, '-W');
	if (typeof timeoutMs === 'string') return usage(timeoutMs);
	const choice = clientProfileFromArgs(values, properties, 'topicscope-rr');
	if (!choice.ok) return usage(choice.error.message);
	const output = outputModeFrom(values, choice.value.name);
	if (!output.ok) return usage(output.error.message);
	const profile = {
		...choice.value.profile,
		reconnect: { ...choice.value.profile.reconnect, isEnabled: false },
	};
	const responseTopic = values['response-topic'];
	if (responseTopic === undefined && choice.value.isVersionFixed && profile.protocolVersion !== 5) {
		return usage(
			`${levelName(profile.protocolVersion)} has no Response Topic property: say where the responder answers with -e TOPIC.`,
		);
	}
	if (properties.count > 0 && choice.value.isVersionFixed && profile.protocolVersion !== 5) {
		return usage(`-D properties need MQTT 5; ${levelName(profile.protocolVersion)} (-V) has none.`);
	}
	let payload: Uint8Array;
	if (values.message !== undefined) payload = new TextEncoder().encode(values.message);
	else if (values.file !== undefined) {
		const bytes = readFileBytes(values.file, '-f');
		if (!bytes.ok) return usage(bytes.error.message);
		payload = bytes.value;
	} else if (values['stdin-file'] === true) payload = await readStdin();
	else payload = new Uint8Array(0);

	const isVerbose = values.debug === true;
	const debug = (text: string): void => {
		if (isVerbose) say(text);
	};
	const needsV5 =
		properties.count > 0
			? 'the -D properties'
			: responseTopic === undefined
				? 'a generated response topic (no -e)'
				: undefined;
	const opened = await openClient(profile, {
		isVersionFixed: choice.value.isVersionFixed,
		...(needsV5 === undefined ? {} : { needsV5 }),
		notice: say,
	});
	if (!opened.ok) {
		say(opened.error.message);
		return EXIT_FAILURE;
	}
	const connection = opened.value;
	debug(
		`connected (${levelName(connection.profile.protocolVersion)}) as ${connection.profile.clientId}`,
	);
	const request: PublishRequest = {
		topic,
		payload,
		qos: qos.value,
		retain: false,
		...(Object.keys(publishProperties).length > 0 ? { properties: publishProperties } : {}),
	};
	const stopSignal = onStopSignal();
	const outcome = await Promise.race([
		requestReply(connection, {
			request,
			timeoutMs,
			...(responseTopic === undefined ? {} : { responseTopic }),
		}),
		stopSignal.signal,
	]);
	stopSignal.stop();
	await connection.close();
	if (typeof outcome === 'string') {
		say(`stopped by ${outcome} before a reply came.`);
		// The exchange's own timer would keep the process alive for the rest of its wait.
		process.exit(EXIT_INTERRUPTED);
	}
	if (!outcome.ok) {
		say(outcome.error.message);
		return outcome.error.code === 'request-timeout' ? EXIT_TIMEOUT : EXIT_FAILURE;
	}
	const value = outcome.value;
	debug(
		value.correlationData === null
			? `${levelName(connection.profile.protocolVersion)} has no correlation data: the next message on ${value.responseTopic} was taken as the reply.`
			: `request on ${topic} with correlation data ${toHex(value.correlationData)}, response topic ${value.responseTopic}.`,
	);
	debug(
		`reply after ${(value.latencyUs / 1000).toFixed(1)} ms${value.ignoredCount > 0 ? `; ${value.ignoredCount} other message${value.ignoredCount === 1 ? '' : 's'} on the response topic ignored` : ''}.`,
	);
	process.stdout.write(formatMessage(value.reply, output.value));
	return 0;
}
