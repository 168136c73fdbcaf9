/**
 * `mosquitto_sub` as an independent subscriber: what another MQTT client (not MQTT.js, not our
 * codec) sees of what we publish. Lines are printed with `-F`; each starts with the topic.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import type { TestBroker } from './broker';
import { waitFor } from './wait';

export const MOSQUITTO_SUB = '/usr/bin/mosquitto_sub';

export function hasMosquittoSub(): boolean {
	return existsSync(MOSQUITTO_SUB);
}

export interface IndependentSubscriber {
	/** One entry per message: `[topic, rest of the line]`. */
	readonly messages: readonly (readonly [string, string])[];
	stop(): Promise<void>;
}

/**
 * Starts `mosquitto_sub -V 5 -t <filter> -F '%t<TAB><format>'` and resolves once it is subscribed
 * (a probe message published until it shows up proves it).
 */
export async function startMosquittoSub(
	broker: TestBroker,
	filter: string,
	format: string,
	extraArgs: readonly string[] = [],
): Promise<IndependentSubscriber> {
	const probe = `topicscope-probe/${randomUUID()}`;
	const child: ChildProcess = spawn(
		MOSQUITTO_SUB,
		[
			'-h',
			'127.0.0.1',
			'-p',
			String(broker.port),
			'-V',
			'5',
			'-t',
			filter,
			'-t',
			probe,
			'-F',
			`%t\t${format}`,
			...extraArgs,
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const messages: [string, string][] = [];
	let isProbed = false;
	let buffered = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		buffered += chunk.toString('utf8');
		let newline = buffered.indexOf('\n');
		while (newline >= 0) {
			const line = buffered.slice(0, newline);
			buffered = buffered.slice(newline + 1);
			const tab = line.indexOf('\t');
			const topic = line.slice(0, tab);
			if (topic === probe) isProbed = true;
			else messages.push([topic, line.slice(tab + 1)]);
			newline = buffered.indexOf('\n');
		}
	});
	const prober = await mqtt.connectAsync(broker.url, { clientId: `probe-${randomUUID()}` });
	try {
		const timer = setInterval(() => prober.publish(probe, 'probe'), 50);
		try {
			await waitFor(() => isProbed, 'mosquitto_sub to be subscribed', 10_000);
		} finally {
			clearInterval(timer);
		}
	} finally {
		await prober.endAsync();
	}
	return {
		messages,
		async stop() {
			if (child.exitCode !== null) return;
			child.kill('SIGTERM');
			await once(child, 'exit');
		},
	};
}
