/**
 * `topicscope check`: probes a broker (main/check/broker-check.ts) and prints what it accepts and
 * does beside what its CONNACK states; `--json` prints the report the app exports. Exit 0 when the
 * check ran, 1 when the broker could not be reached or accepted no protocol version, 2 for bad
 * usage.
 */
import { brokerCheckToJson, type BrokerCheckReport } from '../../shared/model/broker-check';
import { PROTOCOL_NAMES, type ProtocolLevel } from '../../shared/mqtt/protocol';
import {
	DEFAULT_CHECK_TIMEOUT_MS,
	DEFAULT_MAX_PROBE_BYTES,
	runBrokerCheck,
} from '../check/broker-check';
import { EXIT_FAILURE, EXIT_USAGE, parseBytes, parseCommandArgs, parseSeconds } from './cli-common';
import { CONNECTION_OPTIONS, connectionFromArgs } from './connection-args';
import { onStopSignal } from './client-connection';

export const CHECK_USAGE = `Usage: topicscope check (--url URL | -h HOST [-p PORT]) [options]

Probes what a broker accepts and does, with client ids of its own: protocol versions (5, 3.1.1,
3.1), maximum QoS, retained messages, wildcard and shared subscriptions, subscription
identifiers, topic alias maximum, maximum packet size, maximum topic length, server keep alive.
It publishes only below one test topic and clears the retained test message it leaves.
  --json                the report as JSON (the app's "Export JSON")
  -V 31|311|5           probe the capabilities with this version (default: the highest accepted)
  --wait SECONDS        how long each probe waits for its message (default ${DEFAULT_CHECK_TIMEOUT_MS / 1000})
  --max-size SIZE       the largest PUBLISH sent to find the packet size limit (default 1M)
  --base-topic TOPIC    publish below TOPIC/<random> (default topicscope/check)
  -v, --verbose         what each probe did and saw
  -d                    progress on stderr
  and the connection options of topicscope pub (-u, -P, --cafile, --cert, --key, --insecure,
  --url, --profile NAME [--data-dir DIR]); the profile's client id, will and session are not used.
`;

const { topic: _topic, qos: _qos, ...CONNECTION_ONLY } = CONNECTION_OPTIONS;

const OPTIONS = {
	...CONNECTION_ONLY,
	json: { type: 'boolean' },
	wait: { type: 'string' },
	'max-size': { type: 'string' },
	'base-topic': { type: 'string' },
	verbose: { type: 'boolean', short: 'v' },
	debug: { type: 'boolean', short: 'd' },
	help: { type: 'boolean' },
} as const;

function pad(text: string, width: number): string {
	return text.length >= width ? `${text} ` : text.padEnd(width);
}

/** The report as people read it. */
export function formatReport(report: BrokerCheckReport, isVerbose: boolean): string {
	const lines: string[] = [];
	lines.push(`Broker check of ${report.target} (${(report.durationMs / 1000).toFixed(1)} s)`);
	lines.push('', 'Protocol versions');
	for (const version of report.versions) {
		lines.push(
			`  ${pad(version.name, 12)}${version.isAccepted ? 'accepted' : `refused: ${version.detail}`}`,
		);
	}
	if (report.probedWith === null) {
		lines.push('', 'No protocol version was accepted: nothing more to probe.');
		return `${lines.join('\n')}\n`;
	}
	lines.push('', `Capabilities (probed with ${PROTOCOL_NAMES[report.probedWith]})`);
	lines.push(`  ${pad('', 27)}${pad('found', 34)}CONNACK says`);
	for (const finding of report.findings) {
		const mark = finding.isConsistent ? ' ' : '!';
		lines.push(
			`${mark} ${pad(finding.name, 27)}${pad(finding.summary, 34)}${finding.stated ?? '—'}`,
		);
		if (isVerbose || !finding.isConsistent) lines.push(`    ${finding.observed}`);
	}
	const { retainedCleared, problems } = report.cleanup;
	lines.push(
		'',
		problems.length > 0
			? `Clean-up: ${problems.join(' ')}`
			: `Clean-up: ${retainedCleared.length === 0 ? 'nothing retained was left' : `cleared ${retainedCleared.join(', ')}`}.`,
		`Client ids used: ${report.clientIds.join(', ')}`,
	);
	return `${lines.join('\n')}\n`;
}

export async function runCheck(args: readonly string[]): Promise<number> {
	const say = (text: string): void => {
		process.stderr.write(`topicscope check: ${text}\n`);
	};
	const usage = (text: string): number => {
		say(`${text}\nRun 'topicscope check --help' for the options.`);
		return EXIT_USAGE;
	};
	const parsed = parseCommandArgs(args, OPTIONS);
	if (!parsed.ok) return usage(parsed.error.message);
	const { values } = parsed.value;
	if (values.help === true) {
		process.stdout.write(CHECK_USAGE);
		return 0;
	}
	const timeoutMs =
		values.wait === undefined ? DEFAULT_CHECK_TIMEOUT_MS : parseSeconds(values.wait, '--wait');
	if (typeof timeoutMs === 'string') return usage(timeoutMs);
	const maxProbeBytes =
		values['max-size'] === undefined ? DEFAULT_MAX_PROBE_BYTES : parseBytes(values['max-size']);
	if (maxProbeBytes === undefined || maxProbeBytes < 256 || maxProbeBytes > 268_435_455) {
		return usage(
			`--max-size takes a size from 256 bytes to 256M (such as 64K or 4M), not '${values['max-size'] ?? ''}'.`,
		);
	}
	const choice = connectionFromArgs(values, 'topicscope-check');
	if (!choice.ok) return usage(choice.error.message);
	const profile = choice.value.profile;
	const isDebug = values.debug === true;
	const controller = new AbortController();
	const stopSignal = onStopSignal();
	void stopSignal.signal.then(() => controller.abort());
	const result = await runBrokerCheck(profile, {
		timeoutMs,
		maxProbeBytes,
		...(choice.value.isVersionFixed
			? { protocolLevel: profile.protocolVersion as ProtocolLevel }
			: {}),
		...(values['base-topic'] === undefined ? {} : { baseTopic: values['base-topic'] }),
		signal: controller.signal,
		onStep: (step) => {
			if (isDebug && step.state === 'done') say(`${step.name}: ${step.summary}`);
		},
	});
	stopSignal.stop();
	if (!result.ok) {
		say(result.error.message);
		return EXIT_FAILURE;
	}
	const report = result.value;
	process.stdout.write(
		values.json === true
			? brokerCheckToJson(report)
			: formatReport(report, values.verbose === true),
	);
	if (report.probedWith === null) {
		if (choice.value.isVersionFixed && report.versions.some((v) => v.isAccepted)) {
			say(
				`the broker refused ${PROTOCOL_NAMES[profile.protocolVersion]} (-V): the capabilities were not probed.`,
			);
		}
		return EXIT_FAILURE;
	}
	if (controller.signal.aborted) {
		say('stopped before every probe ran.');
		return 130;
	}
	return 0;
}
