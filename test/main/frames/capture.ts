/** Capturing real sessions into a FrameLog, and comparing the log with tshark's reading of it. */
import { connect as netConnect } from 'node:net';
import { MqttClient, type IClientOptions } from 'mqtt';
import { clockUs } from '../../../main/connections/clock';
import { tapStream } from '../../../main/connections/tap';
import { WireFramer } from '../../../main/connections/wire-framer';
import type { Core } from '../../../main/core/core';
import { FrameLog, type FrameLogOptions } from '../../../main/frames/frame-log';
import type { FrameSummary } from '../../../main/frames/types';
import { waitFor } from '../../helpers/wait';

/**
 * A bare MQTT.js client on a tapped socket, for what Connection does not do yet (publish,
 * unsubscribe). MqttClient's public constructor takes the stream builder; tapStream is the same
 * function Connection installs.
 */
export async function tappedClient(
	port: number,
	log: FrameLog,
	options: IClientOptions,
): Promise<MqttClient> {
	const client = new MqttClient(
		() => tapStream(netConnect(port, '127.0.0.1'), new WireFramer(log, clockUs)),
		{
			reconnectPeriod: 0,
			...options,
		},
	);
	await new Promise<void>((resolve, reject) => {
		client.once('connect', () => resolve());
		client.once('error', reject);
	});
	return client;
}

/** Each entry as tshark shows it: type and the PUBLISH topic or first (un)subscribe filter. */
export function typesAndTopics(log: FrameLog): [string, string][] {
	return log.entries(1, Number.MAX_SAFE_INTEGER).map((entry) => {
		const packet = log.get(entry.seq)?.decoded?.packet;
		let topic = '';
		if (packet?.type === 'PUBLISH') topic = packet.topicName;
		if (packet?.type === 'SUBSCRIBE') topic = packet.subscriptions[0]?.topicFilter ?? '';
		if (packet?.type === 'UNSUBSCRIBE') topic = packet.topicFilters[0] ?? '';
		return [entry.type, topic];
	});
}

/** Resolves when some entry satisfies `predicate`, waiting on the log's change events. */
export async function waitForEntry(
	log: FrameLog,
	predicate: (entry: FrameSummary) => boolean,
	what: string,
	timeoutMs = 15_000,
): Promise<FrameSummary> {
	let found: FrameSummary | undefined;
	let seenVersion = -1;
	await waitFor(
		() => {
			if (log.version === seenVersion) return false;
			seenVersion = log.version;
			found = log.entries(1, Number.MAX_SAFE_INTEGER).find(predicate);
			return found !== undefined;
		},
		what,
		timeoutMs,
	);
	if (!found) throw new Error(`no ${what}`);
	return found;
}

/** The entries of a flow, starting from one of its frames, in wire order. */
export function flowOf(log: FrameLog, seq: number): FrameSummary[] {
	const detail = log.get(seq);
	const seqs = [seq, ...(detail?.pairedSeqs ?? [])].sort((a, b) => a - b);
	return seqs.flatMap((s) => log.entries(s, 1));
}

/**
 * A FrameLog of the test's own on the next connection the core adds (as Core attaches its own),
 * so the test reads frames without reaching into the core.
 */
export function logNextConnection(core: Core, options: FrameLogOptions = {}): FrameLog {
	const log = new FrameLog(options);
	const stop = core.connections.observe({
		added: (connection) => {
			connection.onFrames(log);
			stop();
		},
	});
	return log;
}
