/**
 * `topicscope sub`: mosquitto_sub's options and habits. Prints each message's payload (or `-v`,
 * `-F format`, `--json` NDJSON in the history export's shape) until `-C` messages, `-W` seconds,
 * the first live message with `--retained-only`, or SIGINT/SIGTERM. Reconnects when the broker
 * goes away, subscribing again. Exit 0; 1 when the broker cannot be reached or refuses every
 * subscription; 2 for bad usage (nothing is sent then); 27 on `-W` timeout, as mosquitto_sub.
 */
import type { MqttMessage } from '../../shared/model/message';
import type { SubscriptionSpec, SubscriptionStatus } from '../../shared/model/subscription';
import { findTopicFilterProblem, matchTopic } from '../../shared/mqtt/topic';
import { checkSubscriptions } from '../connections/subscription-plan';
import { EXIT_FAILURE, EXIT_TIMEOUT, EXIT_USAGE, parseSeconds } from './cli-common';
import { CLIENT_OPTIONS, clientProfileFromArgs, parseQos, topicFromUrl } from './client-args';
import { startClientCommand } from './client-command';
import { levelName, onStopSignal, openClient } from './client-connection';
import { formatMessage, outputModeFrom, type OutputOptions } from './message-output';

export const SUB_USAGE = `Usage: topicscope sub (--url URL | -h HOST [-p PORT]) -t FILTER… [options]

Subscribes like mosquitto_sub (MQTT 5 by default, 3.1.1 when the broker refuses 5; -V fixes it)
and prints each message's payload, one per line.
  -t FILTER             subscribe to this filter; repeatable ('$share/group/filter' too)
  -T FILTER             do not print topics matching this filter; repeatable
  -q 0|1|2              QoS of the subscriptions (default 0)
  -v                    print the topic, a space, then the payload ('(null)' when empty)
  -F FORMAT             print with a format: %t topic  %p payload  %x %X payload as hex
                        %l length  %q QoS  %r retain  %I ISO 8601 time  %U Unix time
                        %P user properties  %C content type  %R response topic
                        %D correlation data  %E message expiry  %F payload format
                        %S subscription identifiers  %% percent  \\n \\t \\\\ escapes
  --json                one NDJSON object per message: time, connection, topic, qos, retain,
                        direction, payloadBase64, payloadText, size, properties
  -N                    no newline after each message
  -C COUNT              stop after COUNT messages
  -W SECONDS            stop after SECONDS (exit status 27, as mosquitto_sub)
  -R                    leave out retained (stale) messages
  --retained-only       print only retained messages; stop at the first live one
  -E                    stop once the broker answered the subscriptions
  -D connect|will PROPERTY VALUE   MQTT 5 properties (see topicscope pub --help)
  -V 31|311|5  -i ID | -I PREFIX  -k SECONDS  -u USER -P PASSWORD  -c  -x SECONDS
  --will-topic T --will-payload P --will-qos Q --will-retain
  --cafile FILE --cert FILE --key FILE --insecure    TLS
  --url URL             mqtt://, mqtts://, ws:// or wss://…; -L mqtt://host/filter also names the filter
  --profile NAME        a saved profile; without -t, its subscriptions [--data-dir DIR]
  -d                    say what happens on stderr      --quiet   no error messages
`;

const OPTIONS = {
	...CLIENT_OPTIONS,
	'filter-out': { type: 'string', short: 'T', multiple: true },
	verbose: { type: 'boolean', short: 'v' },
	format: { type: 'string', short: 'F' },
	json: { type: 'boolean' },
	'no-newline': { type: 'boolean', short: 'N' },
	count: { type: 'string', short: 'C' },
	timeout: { type: 'string', short: 'W' },
	'no-retained': { type: 'boolean', short: 'R' },
	'retained-only': { type: 'boolean' },
	'exit-after-subscribe': { type: 'boolean', short: 'E' },
} as const;

interface Stop {
	readonly status: number;
	readonly message?: string;
}

function describeStatus(status: SubscriptionStatus): string {
	const outcome = status.outcome;
	switch (outcome.kind) {
		case 'granted':
			return outcome.qos < outcome.requestedQos
				? `${status.spec.filter}: granted at QoS ${outcome.qos} (asked ${outcome.requestedQos})`
				: `${status.spec.filter}: granted, QoS ${outcome.qos}${status.identifier === undefined ? '' : `, identifier ${status.identifier}`}`;
		case 'refused':
		case 'unsupported':
			return outcome.message;
		case 'pending':
		case 'disabled':
			return `${status.spec.filter}: ${outcome.kind}`;
	}
}

export async function runSub(args: readonly string[]): Promise<number> {
	const command = startClientCommand('sub', args, OPTIONS, SUB_USAGE, [
		'connect',
		'subscribe',
		'will',
	]);
	if (typeof command === 'number') return command;
	const { values, properties, say, usage } = command;
	const qos = parseQos(values.qos, 0);
	if (!qos.ok) return usage(qos.error.message);
	const fromUrl = topicFromUrl(values.url);
	const filters = [...(fromUrl === undefined ? [] : [fromUrl]), ...(values.topic ?? [])];
	for (const filter of [...filters, ...(values['filter-out'] ?? [])]) {
		const problem = findTopicFilterProblem(filter, 5);
		if (problem !== undefined) {
			const option = filters.includes(filter) ? '-t' : '-T';
			return usage(`${option} '${filter}': ${problem.message}`);
		}
	}
	const count = values.count === undefined ? undefined : Number(values.count);
	if (count !== undefined && (!Number.isInteger(count) || count < 1))
		return usage(`-C takes a number of messages, 1 or more, not '${values.count ?? ''}'.`);
	const timeoutMs = values.timeout === undefined ? undefined : parseSeconds(values.timeout, '-W');
	if (typeof timeoutMs === 'string') return usage(timeoutMs);
	if (values['no-retained'] === true && values['retained-only'] === true)
		return usage('-R leaves retained messages out, --retained-only keeps only them: choose one.');
	const choice = clientProfileFromArgs(values, properties, 'topicscope-sub');
	if (!choice.ok) return usage(choice.error.message);
	const output = outputModeFrom(values, choice.value.name);
	if (!output.ok) return usage(output.error.message);
	// Without -t, a saved profile's own subscriptions (the profile behind --profile).
	let specs: readonly SubscriptionSpec[] = filters.map((filter) => ({
		filter,
		qos: qos.value,
		// MQTT 5: with -R the broker need not send the retained messages at all.
		...(values['no-retained'] === true ? { retainHandling: 2 as const } : {}),
	}));
	if (specs.length === 0) {
		specs = choice.value.savedSubscriptions.filter((spec) => spec.isEnabled !== false);
	}
	if (specs.length === 0) return usage('say what to subscribe to: -t FILTER (repeatable).');
	const listed = checkSubscriptions(specs, choice.value.profile.protocolVersion);
	if (listed !== null) return usage(listed.message);
	const profile = {
		...choice.value.profile,
		// mosquitto_sub keeps trying when the broker goes away, and so do we.
		reconnect: { ...choice.value.profile.reconnect, isEnabled: true, maxAttempts: 0 },
	};
	const isVerbose = values.debug === true;
	const debug = (text: string): void => {
		if (isVerbose) say(text);
	};
	return listen(profile, choice.value.isVersionFixed, specs, output.value, {
		say,
		debug,
		filtersOut: values['filter-out'] ?? [],
		...(count === undefined ? {} : { count }),
		...(timeoutMs === undefined ? {} : { timeoutMs }),
		retained:
			values['no-retained'] === true ? 'skip' : values['retained-only'] === true ? 'only' : 'all',
		isExitAfterSubscribe: values['exit-after-subscribe'] === true,
	});
}

interface ListenOptions {
	readonly say: (text: string) => void;
	readonly debug: (text: string) => void;
	readonly filtersOut: readonly string[];
	readonly count?: number;
	readonly timeoutMs?: number;
	readonly retained: 'all' | 'skip' | 'only';
	readonly isExitAfterSubscribe: boolean;
}

async function listen(
	profile: Parameters<typeof openClient>[0],
	isVersionFixed: boolean,
	specs: readonly SubscriptionSpec[],
	output: OutputOptions,
	options: ListenOptions,
): Promise<number> {
	const { say, debug } = options;
	let finish: (stop: Stop) => void = () => {};
	const finished = new Promise<Stop>((resolve) => (finish = resolve));
	let isDone = false;
	const done = (stop: Stop): void => {
		if (isDone) return;
		isDone = true;
		finish(stop);
	};
	let printed = 0;
	const onMessage = (message: MqttMessage): void => {
		if (isDone || message.direction !== 'in') return;
		if (options.filtersOut.some((filter) => matchTopic(filter, message.topic))) return;
		if (options.retained === 'skip' && message.retain) return;
		if (options.retained === 'only' && !message.retain) {
			done({ status: 0 });
			return;
		}
		process.stdout.write(formatMessage(message, output));
		printed += 1;
		if (options.count !== undefined && printed >= options.count) done({ status: 0 });
	};
	// `topicscope sub … | head -1`: the reader left, which is a normal end.
	const onStdoutError = (error: NodeJS.ErrnoException): void => {
		done(error.code === 'EPIPE' ? { status: 0 } : { status: EXIT_FAILURE, message: error.message });
	};
	process.stdout.on('error', onStdoutError);
	debug(
		`connecting to ${profile.transport}://${profile.host}:${profile.port} as ${profile.clientId} (${levelName(profile.protocolVersion)})`,
	);
	const opened = await openClient(profile, {
		isVersionFixed,
		notice: say,
		setup: (connection) => {
			connection.onMessage(onMessage);
		},
	});
	if (!opened.ok) {
		say(opened.error.message);
		return EXIT_FAILURE;
	}
	const connection = opened.value;
	debug(`connected (${levelName(connection.profile.protocolVersion)})`);
	connection.onStateChange((c) => {
		const state = c.state;
		if (state.kind === 'reconnecting') {
			say(`connection lost (${state.lastError.message}); reconnecting, attempt ${state.attempt}.`);
		} else if (state.kind === 'connected') {
			debug('connected again; subscriptions sent again.');
		} else if (state.kind === 'failed') {
			done({ status: EXIT_FAILURE, message: state.error.message });
		}
	});
	const stopSignal = onStopSignal();
	void stopSignal.signal.then((signal) => {
		debug(`stopped by ${signal}.`);
		done({ status: 0 });
	});
	const timer =
		options.timeoutMs === undefined
			? null
			: setTimeout(
					() =>
						done({
							status: EXIT_TIMEOUT,
							message: `timed out after ${(options.timeoutMs ?? 0) / 1000} s (-W), ${printed} message${printed === 1 ? '' : 's'} printed.`,
						}),
					options.timeoutMs,
				);
	const subscribed = await connection.setSubscriptions(specs);
	if (!subscribed.ok) {
		done({ status: EXIT_USAGE, message: subscribed.error.message });
	} else {
		const statuses = subscribed.value;
		for (const status of statuses) {
			if (status.outcome.kind === 'granted') debug(describeStatus(status));
			else say(describeStatus(status));
		}
		if (statuses.every((status) => status.outcome.kind !== 'granted')) {
			done({
				status: EXIT_FAILURE,
				message:
					statuses.length === 1
						? 'the subscription was refused.'
						: `all ${statuses.length} subscriptions were refused.`,
			});
		} else if (options.isExitAfterSubscribe) {
			done({ status: 0 });
		}
	}
	const stop = await finished;
	if (timer !== null) clearTimeout(timer);
	stopSignal.stop();
	await connection.close();
	process.stdout.off('error', onStdoutError);
	if (stop.message !== undefined) say(stop.message);
	return stop.status;
}
