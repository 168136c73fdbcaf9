/** Reading captures back with tshark, the independent oracle for pcapng export. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PACKET_TYPE_NAMES } from '../../../shared/mqtt/codec/types';

const run = promisify(execFile);

export const TSHARK = '/usr/bin/tshark';
export const hasTshark = existsSync(TSHARK);
export const NO_TSHARK_REASON = `${TSHARK} is not installed (apt-get install tshark); CI installs it`;

/** Writes the capture to a temp file and runs tshark -n -r on it with `args`; stdout lines. */
export async function tshark(capture: Uint8Array, args: readonly string[]): Promise<string[]> {
	const dir = await mkdtemp(join(tmpdir(), 'topicscope-pcapng-'));
	try {
		const file = join(dir, 'capture.pcapng');
		await writeFile(file, capture);
		const { stdout } = await run(TSHARK, ['-n', '-r', file, ...args], {
			maxBuffer: 256 * 1024 * 1024,
			env: { ...process.env, HOME: dir },
		});
		return stdout.split('\n').filter((line) => line !== '');
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
}

// tshark's mqtt.msgtype is the 4-bit type code: the codec's table names it.
const MQTT_TYPE_NAMES = PACKET_TYPE_NAMES;

/** Every MQTT message tshark decodes, in order: [type name, topic or ''] per message. */
export async function mqttMessages(capture: Uint8Array): Promise<[string, string][]> {
	const lines = await tshark(capture, [
		'-Y',
		'mqtt',
		'-T',
		'fields',
		'-E',
		'separator=\t',
		'-E',
		'occurrence=a',
		'-E',
		'aggregator=|',
		'-e',
		'mqtt.msgtype',
		'-e',
		'mqtt.topic',
	]);
	const messages: [string, string][] = [];
	for (const line of lines) {
		const [types = '', topics = ''] = line.split('\t');
		const topicList = topics === '' ? [] : topics.split('|');
		let topicIndex = 0;
		for (const code of types.split('|')) {
			const name = MQTT_TYPE_NAMES[Number(code)] ?? `?${code}`;
			// Only PUBLISH carries mqtt.topic (SUBSCRIBE filters are mqtt.topic too in 4.0).
			const hasTopic = name === 'PUBLISH' || name === 'SUBSCRIBE' || name === 'UNSUBSCRIBE';
			messages.push([name, hasTopic ? (topicList[topicIndex++] ?? '') : '']);
		}
	}
	return messages;
}
