/**
 * Codec benchmark: frames per second decoding with our annotated decoder and with mqtt-packet's
 * parser, in the same run and on the same bytes. Goal: ours at least half mqtt-packet's rate while
 * also producing byte ranges.
 *
 * Standalone: `npx tsx scripts/bench/codec.ts` prints JSON.
 */
import mqttPacket from 'mqtt-packet';
import { pathToFileURL } from 'node:url';
import { decodeFrame } from '../../shared/mqtt/codec/index';

const WARM_UP_MS = 300;
const MEASURE_MS = 1500;

interface Case {
	readonly frame: Uint8Array;
	readonly protocolLevel: 4 | 5;
}

function publishQos1(): Case {
	const payload = Buffer.alloc(100 - 2 - 2 - 23 - 2, 0x61);
	const frame = mqttPacket.generate(
		{
			cmd: 'publish',
			topic: 'devices/sensor-042/temp',
			payload,
			qos: 1,
			messageId: 4242,
			dup: false,
			retain: false,
		},
		{ protocolVersion: 4 },
	);
	return { frame: new Uint8Array(frame), protocolLevel: 4 };
}

function connectV5(): Case {
	const frame = mqttPacket.generate(
		{
			cmd: 'connect',
			protocolId: 'MQTT',
			protocolVersion: 5,
			clean: true,
			clientId: 'topicscope-bench-client',
			keepalive: 30,
			username: 'bench-user',
			password: Buffer.from('bench-password'),
			properties: {
				sessionExpiryInterval: 3600,
				receiveMaximum: 100,
				maximumPacketSize: 1_048_576,
				topicAliasMaximum: 10,
				requestResponseInformation: true,
				requestProblemInformation: true,
				authenticationMethod: 'SCRAM-SHA-1',
				authenticationData: Buffer.from('client-first-message'),
				userProperties: { region: 'eu-west', app: 'topicscope', build: '0.1.0' },
			},
			will: {
				topic: 'clients/bench/status',
				payload: Buffer.from('offline'),
				qos: 1,
				retain: true,
				properties: {
					willDelayInterval: 10,
					payloadFormatIndicator: true,
					messageExpiryInterval: 600,
					contentType: 'text/plain',
					responseTopic: 'clients/bench/response',
					correlationData: Buffer.from('abc123'),
					userProperties: { reason: 'bench' },
				},
			},
		},
		{ protocolVersion: 5 },
	);
	return { frame: new Uint8Array(frame), protocolLevel: 5 };
}

/** Runs `step` (which handles `batch` frames) until `durationMs` passes; returns frames/s. */
function rate(step: () => void, batch: number, durationMs: number): number {
	let frames = 0;
	const start = performance.now();
	let now = start;
	while (now - start < durationMs) {
		step();
		frames += batch;
		now = performance.now();
	}
	return frames / ((now - start) / 1000);
}

function measure(testCase: Case): Record<string, number> {
	const batch = 1000;
	const options = { protocolLevel: testCase.protocolLevel } as const;
	let sink = 0;
	const ours = (): void => {
		for (let i = 0; i < batch; i++) sink += decodeFrame(testCase.frame, options).byteLength;
	};
	const parser = mqttPacket.parser({ protocolVersion: testCase.protocolLevel });
	parser.on('packet', () => {
		sink++;
	});
	const buffer = Buffer.from(testCase.frame);
	const theirs = (): void => {
		for (let i = 0; i < batch; i++) parser.parse(buffer);
	};
	// Check both decode the frame before timing them.
	const check = decodeFrame(testCase.frame, options);
	if (check.error !== undefined)
		throw new Error(`bench frame does not decode: ${check.error.message}`);
	rate(ours, batch, WARM_UP_MS);
	rate(theirs, batch, WARM_UP_MS);
	const oursFramesPerSecond = rate(ours, batch, MEASURE_MS);
	const mqttPacketFramesPerSecond = rate(theirs, batch, MEASURE_MS);
	if (sink < 0) throw new Error('unreachable: keeps the work from being optimised away');
	return {
		oursFramesPerSecond: Math.round(oursFramesPerSecond),
		mqttPacketFramesPerSecond: Math.round(mqttPacketFramesPerSecond),
		ratio: Math.round((oursFramesPerSecond / mqttPacketFramesPerSecond) * 100) / 100,
		frameBytes: testCase.frame.length,
	};
}

/** Measures decode throughput for a ~100-byte QoS 1 PUBLISH and a property-heavy v5 CONNECT. */
export async function runCodecBench(): Promise<Record<string, unknown>> {
	return {
		publishQos1: measure(publishQos1()),
		connectV5: measure(connectV5()),
		goal: 'ratio >= 0.5',
	};
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
	const result = await runCodecBench();
	process.stdout.write(`${JSON.stringify(result, null, '\t')}\n`);
}
