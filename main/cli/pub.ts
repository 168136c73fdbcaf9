/**
 * `topicscope pub`: mosquitto_pub's options and habits. One message (`-m`, `-f`, `-n`, `-s`),
 * repeated with `--repeat N --repeat-delay S`, or one message per stdin line (`-l`). Prints
 * nothing on success unless `-d`; every refusal says why (the broker's limits are checked before
 * sending, its acknowledgement's reason code after). Exit 0, 1 when a publish failed or the
 * broker could not be reached, 2 for bad usage (nothing is sent then), 130 when interrupted.
 */
import type { PublishOutcome, PublishRequest } from '../../shared/model/publish';
import { findTopicNameProblem } from '../../shared/mqtt/topic';
import type { Result } from '../../shared/result';
import { EXIT_FAILURE } from './cli-common';
import {
	CLIENT_OPTIONS,
	clientProfileFromArgs,
	parseQos,
	readFileBytes,
	topicFromUrl,
} from './client-args';
import { startClientCommand } from './client-command';
import { levelName, onStopSignal, openClient } from './client-connection';
import { readStdin, stdinLines } from './stdin';

export const PUB_USAGE = `Usage: topicscope pub (--url URL | -h HOST [-p PORT]) -t TOPIC (-m MESSAGE | -f FILE | -n | -l | -s) [options]

Publishes like mosquitto_pub (MQTT 5 by default, 3.1.1 when the broker refuses 5; -V fixes it).
  -t TOPIC              the topic (or in the URL: -L mqtt://host:1883/a/b)
  -m MESSAGE            the payload, as text
  -f FILE               the payload: the file's bytes
  -n                    an empty (null) payload
  -s                    the payload: all of stdin
  -l                    one message per line of stdin (empty lines are empty messages)
  -q 0|1|2              QoS (default 0)
  -r                    retain
  --repeat N            publish N times (with -m, -f, -n, -s)
  --repeat-delay S      seconds between repeats (decimals allowed, default 0)
  -D publish|connect|will PROPERTY VALUE   MQTT 5 properties, e.g.
                        -D publish user-property site north   -D publish content-type text/plain
                        -D publish response-topic r/t   -D publish correlation-data abc
                        -D publish message-expiry-interval 60   -D publish payload-format-indicator 1
                        -D publish topic-alias 3   -D connect session-expiry-interval 300
  -V 31|311|5           protocol      -i ID | -I PREFIX    client id      -k SECONDS   keep alive
  -u USER -P PASSWORD   credentials   -c   keep the session (needs -i)   -x SECONDS  session expiry
  --will-topic T --will-payload P --will-qos Q --will-retain    last will
  --cafile FILE --cert FILE --key FILE --insecure    TLS (mqtts on 8883 by default)
  --url URL             mqtt://, mqtts://, ws:// or wss://[user[:password]@]host[:port][/path]
  --profile NAME        a saved profile (its encrypted secrets included) [--data-dir DIR]
  -d, --verbose         say what happens on stderr (connection, each acknowledgement)
  --quiet               no error messages (the exit status still says)
`;

const OPTIONS = {
	...CLIENT_OPTIONS,
	message: { type: 'string', short: 'm' },
	file: { type: 'string', short: 'f' },
	'null-message': { type: 'boolean', short: 'n' },
	'stdin-line': { type: 'boolean', short: 'l' },
	'stdin-file': { type: 'boolean', short: 's' },
	retain: { type: 'boolean', short: 'r' },
	repeat: { type: 'string' },
	'repeat-delay': { type: 'string' },
	verbose: { type: 'boolean' },
} as const;

/** At most this many publishes wait for their acknowledgement at once (-l, repeats without delay). */
const IN_FLIGHT = 64;
const EXIT_INTERRUPTED = 130;

type PayloadSource =
	| { readonly kind: 'bytes'; readonly bytes: Uint8Array }
	| { readonly kind: 'file'; readonly path: string }
	| { readonly kind: 'stdin' }
	| { readonly kind: 'lines' };

function payloadSource(values: {
	readonly message?: string;
	readonly file?: string;
	readonly 'null-message'?: boolean;
	readonly 'stdin-line'?: boolean;
	readonly 'stdin-file'?: boolean;
}): PayloadSource | string {
	const given: PayloadSource[] = [];
	if (values.message !== undefined)
		given.push({ kind: 'bytes', bytes: new TextEncoder().encode(values.message) });
	if (values.file !== undefined) given.push({ kind: 'file', path: values.file });
	if (values['null-message'] === true) given.push({ kind: 'bytes', bytes: new Uint8Array(0) });
	if (values['stdin-file'] === true) given.push({ kind: 'stdin' });
	if (values['stdin-line'] === true) given.push({ kind: 'lines' });
	if (given.length > 1) return 'give one payload: -m, -f, -n, -s or -l (only one at once).';
	return given[0] ?? 'say what to publish: -m MESSAGE, -f FILE, -n (empty), -s or -l (stdin).';
}

function formatRtt(rttUs: number): string {
	return rttUs < 10_000 ? `${(rttUs / 1000).toFixed(2)} ms` : `${Math.round(rttUs / 1000)} ms`;
}

function describeOutcome(request: PublishRequest, outcome: PublishOutcome): string {
	const what = `${request.topic}: QoS ${request.qos}${request.retain ? ', retained' : ''}, ${request.payload.length} bytes`;
	if (outcome.kind === 'sent') return `${what}: sent`;
	return `${what}: acknowledged, ${outcome.reasonName.toLowerCase()} (reason ${outcome.reasonCode}), ${formatRtt(outcome.rttUs)} round trip`;
}

export async function runPub(args: readonly string[]): Promise<number> {
	const command = startClientCommand('pub', args, OPTIONS, PUB_USAGE, [
		'connect',
		'publish',
		'will',
	]);
	if (typeof command === 'number') return command;
	const { values, properties, say, usage } = command;
	const topics = values.topic ?? [];
	if (topics.length > 1) return usage('give one -t topic: a message goes to one topic.');
	const topic = topics[0] ?? topicFromUrl(values.url);
	if (topic === undefined) return usage('say where to publish: -t TOPIC.');
	const topicProblem = findTopicNameProblem(topic);
	if (topicProblem !== undefined) return usage(`-t '${topic}': ${topicProblem.message}`);
	const source = payloadSource(values);
	if (typeof source === 'string') return usage(source);
	const qos = parseQos(values.qos, 0);
	if (!qos.ok) return usage(qos.error.message);
	const repeat = values.repeat === undefined ? 1 : Number(values.repeat);
	if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1_000_000_000)
		return usage(
			`--repeat takes a whole number of messages, 1 or more, not '${values.repeat ?? ''}'.`,
		);
	const delaySeconds = values['repeat-delay'] === undefined ? 0 : Number(values['repeat-delay']);
	if (
		!Number.isFinite(delaySeconds) ||
		delaySeconds < 0 ||
		!/^\d*\.?\d+$/.test(values['repeat-delay'] ?? '0')
	)
		return usage(`--repeat-delay takes seconds (0.5, 2…), not '${values['repeat-delay'] ?? ''}'.`);
	if (
		source.kind === 'lines' &&
		(values.repeat !== undefined || values['repeat-delay'] !== undefined)
	)
		return usage('--repeat goes with -m, -f, -n or -s: with -l each line is sent once.');
	const choice = clientProfileFromArgs(values, properties, 'topicscope-pub');
	if (!choice.ok) return usage(choice.error.message);
	const profile = {
		...choice.value.profile,
		reconnect: { ...choice.value.profile.reconnect, isEnabled: false },
	};
	if (properties.count > 0 && choice.value.isVersionFixed && profile.protocolVersion !== 5) {
		return usage(`-D properties need MQTT 5; ${levelName(profile.protocolVersion)} (-V) has none.`);
	}
	let payload: Uint8Array | null = null;
	if (source.kind === 'bytes') payload = source.bytes;
	else if (source.kind === 'file') {
		const bytes = readFileBytes(source.path, '-f');
		if (!bytes.ok) return usage(bytes.error.message);
		payload = bytes.value;
	} else if (source.kind === 'stdin') payload = await readStdin();
	const publishProperties =
		Object.keys(properties.publish).length > 0 ? properties.publish : undefined;
	const requestOf = (bytes: Uint8Array): PublishRequest => ({
		topic,
		payload: bytes,
		qos: qos.value,
		retain: values.retain === true,
		...(publishProperties === undefined ? {} : { properties: publishProperties }),
	});
	const isVerbose = values.debug === true || values.verbose === true;
	const debug = (text: string): void => {
		if (isVerbose) say(text);
	};

	debug(
		`connecting to ${profile.transport}://${profile.host}:${profile.port} as ${profile.clientId} (${levelName(profile.protocolVersion)})`,
	);
	const opened = await openClient(profile, {
		isVersionFixed: choice.value.isVersionFixed,
		...(properties.count > 0 ? { needsV5: 'the -D properties' } : {}),
		notice: say,
	});
	if (!opened.ok) {
		say(opened.error.message);
		return EXIT_FAILURE;
	}
	const connection = opened.value;
	debug(
		`connected (${levelName(connection.profile.protocolVersion)}, session ${connection.state.kind === 'connected' && connection.state.sessionPresent ? 'resumed' : 'new'})`,
	);
	const stopSignal = onStopSignal();
	let lostMessage: string | null = null;
	// A lost connection leaves QoS 1/2 publishes waiting for acks that will never come: closing
	// the client fails them ("Connection closed"), so each says it was not acknowledged.
	const stopWatching = connection.onStateChange((c) => {
		const state = c.state;
		if (state.kind === 'failed' || state.kind === 'reconnecting') {
			lostMessage = state.kind === 'failed' ? state.error.message : state.lastError.message;
			void connection.close();
		}
	});
	let sent = 0;
	let failures = 0;
	const pending = new Set<Promise<void>>();
	const publish = async (bytes: Uint8Array): Promise<void> => {
		const request = requestOf(bytes);
		const outcome: Result<PublishOutcome> = await connection.publish(request);
		if (outcome.ok) {
			sent += 1;
			debug(describeOutcome(request, outcome.value));
		} else {
			failures += 1;
			// One line per distinct failure is enough: a thousand identical refusals say nothing new.
			if (failures <= 3) say(outcome.error.message);
		}
	};
	const enqueue = async (bytes: Uint8Array): Promise<void> => {
		const task = publish(bytes).finally(() => pending.delete(task));
		pending.add(task);
		if (pending.size >= IN_FLIGHT) await Promise.race(pending);
	};
	let stopped: NodeJS.Signals | null = null;
	void stopSignal.signal.then((signal) => (stopped = signal));
	const isStopping = (): boolean => stopped !== null || connection.state.kind !== 'connected';

	if (source.kind === 'lines') {
		for await (const line of stdinLines(stopSignal.signal)) {
			if (isStopping()) break;
			await enqueue(line);
		}
	} else {
		const bytes = payload ?? new Uint8Array(0);
		for (let i = 0; i < repeat && !isStopping(); i++) {
			if (delaySeconds > 0) {
				await publish(bytes);
				if (i < repeat - 1) await sleepUnlessStopped(delaySeconds * 1000, stopSignal.signal);
			} else {
				await enqueue(bytes);
			}
		}
	}
	await Promise.all(pending);
	stopWatching();
	stopSignal.stop();
	await connection.close();
	const total = source.kind === 'lines' ? sent + failures : repeat;
	if (lostMessage !== null) {
		say(
			`${lostMessage} ${sent} of ${total} messages were sent${qos.value > 0 ? ' and acknowledged' : ''}.`,
		);
		return EXIT_FAILURE;
	}
	if (failures > 3) say(`${failures} publishes failed in all.`);
	if (failures > 0) return EXIT_FAILURE;
	if (stopped !== null && source.kind !== 'lines') {
		say(`stopped by ${stopped as string} after ${sent} of ${total} messages.`);
		return EXIT_INTERRUPTED;
	}
	debug(`disconnected; ${sent} message${sent === 1 ? '' : 's'} published.`);
	return 0;
}

function sleepUnlessStopped(ms: number, stop: Promise<unknown>): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(resolve, ms);
		void stop.then(() => {
			clearTimeout(timer);
			resolve();
		});
	});
}
