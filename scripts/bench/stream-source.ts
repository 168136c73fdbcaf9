/**
 * The streaming source: an MQTT peer that answers one client's CONNECT and SUBSCRIBE, then writes
 * pre-encoded PUBLISH frames as fast as the socket drains, a bounded count and a sentinel.
 *
 * Going through a broker measures the broker and a publisher sharing our two cores as much as the
 * client (DESIGN §4): with nothing between the bytes and the client, the rate a client reaches is
 * its own. Frames are encoded once with our codec (10,000 topics of 100-byte messages make 1 MB),
 * joined into batches, and written until `write()` says the socket is full; then the source waits
 * for 'drain', so nothing piles up in this process and the client sets the pace.
 *
 * Runs in its own process (`spawnStreamSource`) so the source shares no event loop with the
 * client measured; tests may run it in-process (`startStreamSource`). As a script it prints one
 * JSON line `{"port":N}` when listening and one report line when the client has gone.
 *
 * Usage: stream-source.ts <messages> <topics> <payloadBytes> [durationMs]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodeFrame } from '../../shared/mqtt/codec/decode';
import { encodePacket } from '../../shared/mqtt/codec/encode';
import { FrameSplitter } from '../../shared/mqtt/codec/splitter';
import type { Packet, ProtocolLevel } from '../../shared/mqtt/codec/types';
import { SENTINEL_TOPIC, benchPayload, benchTopic } from './publisher';

export { SENTINEL_TOPIC };

/** Frames per socket write: ~100 KB of 100-byte messages, a few of Node's 64 KB reads. */
const FRAMES_PER_BATCH = 1_000;

export interface StreamSourceOptions {
	/** Messages at most. */
	readonly messages: number;
	readonly topics: number;
	readonly payloadBytes: number;
	/** Stop earlier, once this long has passed since the first message (a timed firehose). */
	readonly durationMs?: number;
	/** The topic of the index-th topic (in-process only); `bench/<site>/<device>` by default. */
	readonly topic?: (index: number) => string;
}

export interface StreamReport {
	/** PUBLISH frames written before the sentinel. */
	readonly sent: number;
	/** From the first PUBLISH written to the sentinel written. */
	readonly elapsedMs: number;
	/** Times `write()` returned false and the source waited for 'drain'. */
	readonly drainWaits: number;
	/** Why the stream stopped short, when it did (the client went away). */
	readonly error?: string;
}

function encode(packet: Packet, level: ProtocolLevel): Buffer {
	const bytes = encodePacket(packet, { protocolLevel: level });
	if (!bytes.ok)
		throw new Error(`stream source cannot encode ${packet.type}: ${bytes.error.message}`);
	return Buffer.from(bytes.value.buffer, bytes.value.byteOffset, bytes.value.length);
}

/** Pre-encoded frames: one per topic, and batches of them that cycle the topics round-robin. */
export interface EncodedStream {
	readonly frames: readonly Buffer[];
	/** Batch `i` holds frames `i * FRAMES_PER_BATCH …` (modulo the topic count), joined. */
	readonly batches: readonly Buffer[];
}

/** The PUBLISH frame of every topic at one level, and the batches the source writes. */
export function encodeStream(options: StreamSourceOptions, level: ProtocolLevel): EncodedStream {
	const payload = new Uint8Array(benchPayload(options.payloadBytes));
	const topicOf = options.topic ?? benchTopic;
	const frames: Buffer[] = [];
	for (let i = 0; i < options.topics; i++) {
		frames.push(
			encode(
				{ type: 'PUBLISH', dup: false, qos: 0, retain: false, topicName: topicOf(i), payload },
				level,
			),
		);
	}
	// Batches continue round-robin over the topics until the cycle closes (the next batch would
	// start at topic 0 again): at most `topics` batches, usually topics / FRAMES_PER_BATCH.
	const batches: Buffer[] = [];
	let next = 0;
	do {
		batches.push(Buffer.concat(framesFrom(frames, next, FRAMES_PER_BATCH)));
		next = (next + FRAMES_PER_BATCH) % frames.length;
	} while (next !== 0 && batches.length < options.topics);
	return { frames, batches };
}

function framesFrom(frames: readonly Buffer[], first: number, count: number): Buffer[] {
	const out: Buffer[] = [];
	for (let i = 0; i < count; i++) out.push(frames[(first + i) % frames.length] as Buffer);
	return out;
}

/** Resolves on 'drain' or 'close', whichever comes first, leaving no listener behind. */
function drained(socket: Socket): Promise<void> {
	return new Promise((resolve) => {
		const done = (): void => {
			socket.off('drain', done);
			socket.off('close', done);
			resolve();
		};
		socket.on('drain', done);
		socket.on('close', done);
	});
}

/** Writes `count` frames of round-robin topics plus the sentinel, honouring backpressure. */
async function stream(
	socket: Socket,
	options: StreamSourceOptions,
	level: ProtocolLevel,
): Promise<StreamReport> {
	const { frames, batches } = encodeStream(options, level);
	const sentinel = encode(
		{
			type: 'PUBLISH',
			dup: false,
			qos: 0,
			retain: false,
			topicName: SENTINEL_TOPIC,
			payload: new TextEncoder().encode('end'),
		},
		level,
	);
	let closed: string | undefined;
	socket.once('close', () => (closed ??= 'the client closed the connection mid-stream'));
	const startedAt = performance.now();
	let sent = 0;
	let drainWaits = 0;
	let batchIndex = 0;
	const deadline = startedAt + (options.durationMs ?? Number.POSITIVE_INFINITY);
	while (sent < options.messages && closed === undefined) {
		if (options.durationMs !== undefined && performance.now() > deadline) break;
		const count = Math.min(FRAMES_PER_BATCH, options.messages - sent);
		const chunk =
			count === FRAMES_PER_BATCH
				? (batches[batchIndex] as Buffer)
				: Buffer.concat(framesFrom(frames, (batchIndex * FRAMES_PER_BATCH) % frames.length, count));
		batchIndex = (batchIndex + 1) % batches.length;
		sent += count;
		if (!socket.write(chunk)) {
			drainWaits += 1;
			await drained(socket);
		}
	}
	if (closed === undefined) socket.write(sentinel);
	const elapsedMs = performance.now() - startedAt;
	return { sent, elapsedMs, drainWaits, ...(closed === undefined ? {} : { error: closed }) };
}

export interface StreamSource {
	readonly port: number;
	readonly url: string;
	/** Resolves once the stream ended: the sentinel written, or the client gone before it. */
	readonly reported: Promise<StreamReport>;
	/** Resolves once the first client has been streamed to and has gone. */
	readonly done: Promise<StreamReport>;
	stop(): Promise<void>;
}

/**
 * Listens on a free loopback port for ONE client: CONNACK to its CONNECT, SUBACK (granting what
 * it asked) to its SUBSCRIBE, then the stream. PINGREQ is answered; everything else is read and
 * ignored. Later clients are refused (closed at once): a run is one client.
 */
export async function startStreamSource(options: StreamSourceOptions): Promise<StreamSource> {
	let hasClient = false;
	let resolveDone: (report: StreamReport) => void = () => {};
	const done = new Promise<StreamReport>((resolve) => (resolveDone = resolve));
	let resolveReported: (report: StreamReport) => void = () => {};
	const reported = new Promise<StreamReport>((resolve) => (resolveReported = resolve));
	void done.then(resolveReported);
	const sockets = new Set<Socket>();
	const server: Server = createServer((socket) => {
		if (hasClient) {
			socket.destroy();
			return;
		}
		hasClient = true;
		sockets.add(socket);
		socket.setNoDelay(true);
		const splitter = new FrameSplitter();
		let level: ProtocolLevel = 4;
		let report: StreamReport | undefined;
		let streaming: Promise<StreamReport> | undefined;
		socket.on('error', () => socket.destroy());
		socket.on('close', () => {
			sockets.delete(socket);
			void (streaming ?? Promise.resolve(undefined)).then((streamed) => {
				resolveDone(
					report ??
						streamed ?? {
							sent: 0,
							elapsedMs: 0,
							drainWaits: 0,
							error: 'the client never subscribed',
						},
				);
			});
		});
		socket.on('data', (chunk: Buffer) => {
			for (const bytes of splitter.push(chunk).frames) {
				const packet = decodeFrame(bytes, { protocolLevel: level }).packet;
				if (packet === undefined) continue;
				switch (packet.type) {
					case 'CONNECT':
						level = packet.protocolLevel;
						socket.write(encode({ type: 'CONNACK', sessionPresent: false, reasonCode: 0 }, level));
						break;
					case 'SUBSCRIBE':
						socket.write(
							encode(
								{
									type: 'SUBACK',
									packetId: packet.packetId,
									reasonCodes: packet.subscriptions.map((s) => s.qos),
								},
								level,
							),
						);
						// One stream per connection, after the first SUBACK.
						streaming ??= stream(socket, options, level).then((streamed) => {
							report = streamed;
							resolveReported(streamed);
							return streamed;
						});
						break;
					case 'PINGREQ':
						socket.write(encode({ type: 'PINGRESP' }, level));
						break;
					default:
						break;
				}
			}
		});
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const port = (server.address() as AddressInfo).port;
	return {
		port,
		url: `mqtt://127.0.0.1:${port}`,
		reported,
		done,
		async stop() {
			for (const socket of sockets) socket.destroy();
			server.close();
			await once(server, 'close');
		},
	};
}

export interface StreamSourceProcess {
	readonly port: number;
	readonly url: string;
	/** The report the process printed once the sentinel was written, or why there is none. */
	readonly done: Promise<StreamReport>;
	readonly hasExited: () => boolean;
	/** Resolves when the process has exited (after its client went). */
	readonly exited: Promise<void>;
	kill(): void;
}

const SCRIPT_PATH = fileURLToPath(import.meta.url);
const START_TIMEOUT_MS = 20_000;

/** Starts the source in its own Node process (through tsx) and resolves when it listens. */
export function spawnStreamSource(options: StreamSourceOptions): Promise<StreamSourceProcess> {
	const child = spawn(
		process.execPath,
		[
			'--import',
			'tsx',
			SCRIPT_PATH,
			String(options.messages),
			String(options.topics),
			String(options.payloadBytes),
			...(options.durationMs === undefined ? [] : [String(options.durationMs)]),
		],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	let hasExited = false;
	let output = '';
	let resolvePort: (port: number) => void = () => {};
	let rejectPort: (error: Error) => void = () => {};
	const portKnown = new Promise<number>((resolve, reject) => {
		resolvePort = resolve;
		rejectPort = reject;
	});
	const timer = setTimeout(
		() => rejectPort(new Error(`stream source did not start in ${START_TIMEOUT_MS} ms`)),
		START_TIMEOUT_MS,
	);
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => {
		output += chunk;
		const match = /\{"port":(\d+)\}/.exec(output);
		if (match?.[1] !== undefined) {
			clearTimeout(timer);
			resolvePort(Number(match[1]));
		}
	});
	let resolveDone: (report: StreamReport) => void = () => {};
	const done = new Promise<StreamReport>((resolve) => (resolveDone = resolve));
	child.stdout.on('data', () => {
		const line = output.split('\n').find((text) => text.startsWith('{"sent"'));
		if (line !== undefined) resolveDone(JSON.parse(line) as StreamReport);
	});
	child.once('error', (error) => {
		clearTimeout(timer);
		rejectPort(error);
		resolveDone({ sent: 0, elapsedMs: 0, drainWaits: 0, error: `did not start: ${error.message}` });
	});
	const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
	child.once('close', (code, signal) => {
		hasExited = true;
		clearTimeout(timer);
		rejectPort(new Error(`stream source exited before listening: ${output.slice(0, 200)}`));
		resolveDone({
			sent: 0,
			elapsedMs: 0,
			drainWaits: 0,
			error: `stream source exited with ${signal ?? `code ${String(code)}`} and no report`,
		});
	});
	return portKnown.then((port) => ({
		port,
		url: `mqtt://127.0.0.1:${port}`,
		done,
		hasExited: () => hasExited,
		exited,
		kill: () => {
			if (!hasExited) child.kill('SIGKILL');
		},
	}));
}

function positiveInteger(raw: string | undefined, name: string): number {
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 1) {
		throw new Error(`stream source: ${name} must be a positive integer, got ${String(raw)}`);
	}
	return value;
}

async function main(): Promise<void> {
	const [messages, topics, payloadBytes, durationMs] = process.argv.slice(2);
	const source = await startStreamSource({
		messages: positiveInteger(messages, 'messages'),
		topics: positiveInteger(topics, 'topics'),
		payloadBytes: positiveInteger(payloadBytes, 'payloadBytes'),
		...(durationMs === undefined ? {} : { durationMs: positiveInteger(durationMs, 'durationMs') }),
	});
	process.stdout.write(`${JSON.stringify({ port: source.port })}\n`);
	// Reported once the sentinel is written (the client may read on before it goes); the process
	// ends when the client has gone.
	process.stdout.write(`${JSON.stringify(await source.reported)}\n`);
	await source.done;
	await source.stop();
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
	main().catch((error: unknown) => {
		process.stderr.write(
			`stream source failed: ${error instanceof Error ? error.stack : String(error)}\n`,
		);
		process.exit(1);
	});
}
