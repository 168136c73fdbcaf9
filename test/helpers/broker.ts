/**
 * Real MQTT brokers on free loopback ports for integration tests.
 *
 * mosquitto (a child process) when its binary exists, else Aedes in this process. Aedes speaks only
 * plain MQTT 3.1.1 (plus WebSockets here); tests needing TLS, ACLs or MQTT 5 check `broker.kind`.
 * Over 300 lines because both brokers must present one `TestBroker`; certificates are in certs.ts.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { Aedes } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { generateCerts, type TestCerts } from './certs.js';

export type { TestCerts } from './certs.js';

export type BrokerKind = 'mosquitto' | 'aedes';

export interface BrokerOptions {
	readonly kind?: BrokerKind | 'auto';
	/** Users and passwords; anonymous clients are refused when set. */
	readonly passwords?: Readonly<Record<string, string>>;
	/** Contents of a mosquitto ACL file. */
	readonly acl?: string;
	readonly websockets?: boolean;
	readonly tls?: {
		readonly requireClientCert?: boolean;
		readonly expired?: boolean;
		readonly hostnameMismatch?: boolean;
	};
	/** Appended verbatim to mosquitto.conf. */
	readonly extraConfig?: string;
}

export interface TestBroker {
	readonly kind: BrokerKind;
	readonly host: '127.0.0.1';
	readonly port: number;
	/** `mqtt://127.0.0.1:<port>` */
	readonly url: string;
	readonly wsPort?: number;
	readonly tlsPort?: number;
	readonly certs?: TestCerts;
	/** Stops gracefully and removes the temp dir; the broker cannot be restarted afterwards. */
	stop(): Promise<void>;
	/** Ends abruptly (SIGKILL for mosquitto), as in a crash; `restart()` brings it back. */
	kill(): Promise<void>;
	/** Starts again on the same ports with the same configuration; stops it first if running. */
	restart(): Promise<void>;
}

const HOST = '127.0.0.1';
const READY_DEADLINE_MS = 10_000;
const MAX_LOG_CHARS = 64_000;

/** A port that was free on 127.0.0.1 a moment ago (bind 0, read it, release it). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, HOST, () => {
			const address = server.address();
			if (address === null || typeof address === 'string') {
				server.close();
				reject(new Error('no TCP address for a server bound to port 0'));
				return;
			}
			server.close(() => resolve(address.port));
		});
	});
}

/** The mosquitto binary, or undefined when it is not installed. */
export function findMosquitto(): string | undefined {
	if (existsSync('/usr/sbin/mosquitto')) return '/usr/sbin/mosquitto';
	for (const directory of (process.env.PATH ?? '').split(delimiter)) {
		const candidate = join(directory, 'mosquitto');
		if (directory !== '' && existsSync(candidate)) return candidate;
	}
	return undefined;
}

function chooseKind(requested: BrokerKind | 'auto'): { kind: BrokerKind; binary?: string } {
	const binary = findMosquitto();
	if (requested === 'aedes') return { kind: 'aedes' };
	if (binary !== undefined) return { kind: 'mosquitto', binary };
	if (requested === 'mosquitto' || process.env.CI) {
		// CI installs mosquitto: falling back there would silently skip every TLS and MQTT 5 test.
		throw new Error(
			'mosquitto not found (/usr/sbin/mosquitto or PATH); install it to run these tests',
		);
	}
	return { kind: 'aedes' };
}

/** Starts a broker on free loopback ports and resolves once it accepts TCP connections. */
export async function startBroker(options: BrokerOptions = {}): Promise<TestBroker> {
	const choice = chooseKind(options.kind ?? 'auto');
	if (choice.kind === 'aedes' || choice.binary === undefined) return startAedes(options);
	return startMosquitto(choice.binary, options);
}

/** Resolves when a TCP connection to the port succeeds; polls a real condition, bounded. */
async function waitForPort(port: number, isAlive: () => boolean, deadline: number): Promise<void> {
	for (;;) {
		const error = await new Promise<Error | undefined>((resolve) => {
			const socket = connect(port, HOST);
			socket.once('connect', () => {
				socket.destroy();
				resolve(undefined);
			});
			socket.once('error', (cause) => {
				socket.destroy();
				resolve(cause);
			});
		});
		if (error === undefined) return;
		if (!isAlive()) throw new Error(`broker exited before listening on ${port}`);
		if (Date.now() > deadline) {
			throw new Error(`port ${port} not open after 10 s: ${error.message}`);
		}
		await new Promise<void>((resolve) => setTimeout(resolve, 25));
	}
}

async function writePasswordFile(
	path: string,
	passwords: Readonly<Record<string, string>>,
): Promise<void> {
	const tool = existsSync('/usr/bin/mosquitto_passwd')
		? '/usr/bin/mosquitto_passwd'
		: 'mosquitto_passwd';
	let isFirst = true;
	for (const [user, password] of Object.entries(passwords)) {
		// -c creates the file on the first entry; -b takes the password from argv (test-only data).
		const args = isFirst ? ['-c', '-b', path, user, password] : ['-b', path, user, password];
		isFirst = false;
		try {
			await promisify(execFile)(tool, args);
		} catch (error) {
			throw new Error(
				'mosquitto_passwd failed; it ships with the mosquitto package (Debian: mosquitto)',
				{ cause: error },
			);
		}
	}
}

interface MosquittoLayout {
	readonly port: number;
	readonly wsPort?: number;
	readonly tlsPort?: number;
	readonly config: string;
}

async function prepareMosquitto(
	dir: string,
	options: BrokerOptions,
): Promise<MosquittoLayout & { certs?: TestCerts }> {
	const port = await freePort();
	const lines = ['persistence false', 'log_dest stdout', 'log_type all', 'log_timestamp false'];
	// As root, mosquitto drops to the `mosquitto` user, which cannot read our 0700 temp dir.
	if (process.getuid?.() === 0) lines.push(`user ${userInfo().username}`);
	lines.push('per_listener_settings false');
	if (options.passwords !== undefined) {
		const passwordFile = join(dir, 'passwords');
		await writePasswordFile(passwordFile, options.passwords);
		lines.push('allow_anonymous false', `password_file ${passwordFile}`);
	} else {
		lines.push('allow_anonymous true');
	}
	if (options.acl !== undefined) {
		const aclFile = join(dir, 'acl');
		await writeFile(aclFile, options.acl);
		lines.push(`acl_file ${aclFile}`);
	}
	lines.push(`listener ${port} ${HOST}`);

	let wsPort: number | undefined;
	if (options.websockets) {
		wsPort = await freePort();
		lines.push(`listener ${wsPort} ${HOST}`, 'protocol websockets');
	}
	let tlsPort: number | undefined;
	let certs: TestCerts | undefined;
	if (options.tls !== undefined) {
		tlsPort = await freePort();
		const generated = await generateCerts(dir, options.tls);
		certs = generated.certs;
		lines.push(
			`listener ${tlsPort} ${HOST}`,
			`cafile ${generated.files.cafile}`,
			`certfile ${generated.files.certfile}`,
			`keyfile ${generated.files.keyfile}`,
			`require_certificate ${options.tls.requireClientCert ? 'true' : 'false'}`,
		);
	}
	if (options.extraConfig !== undefined) lines.push(options.extraConfig);
	return { port, wsPort, tlsPort, certs, config: `${lines.join('\n')}\n` };
}

async function startMosquitto(binary: string, options: BrokerOptions): Promise<TestBroker> {
	const dir = await mkdtemp(join(tmpdir(), 'topicscope-mosquitto-'));
	const layout = await prepareMosquitto(dir, options);
	const configPath = join(dir, 'mosquitto.conf');
	await writeFile(configPath, layout.config);

	let child: ChildProcess | undefined;
	let log = '';
	let isRemoved = false;

	const appendLog = (chunk: Buffer): void => {
		log = (log + chunk.toString('utf8')).slice(-MAX_LOG_CHARS);
	};

	const launch = async (): Promise<void> => {
		const broker = spawn(binary, ['-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
		child = broker;
		broker.stdout.on('data', appendLog);
		broker.stderr.on('data', appendLog);
		let spawnError: Error | undefined;
		broker.once('error', (error) => {
			spawnError = error;
		});
		const isAlive = (): boolean =>
			spawnError === undefined && broker.exitCode === null && broker.signalCode === null;
		try {
			const deadline = Date.now() + READY_DEADLINE_MS;
			for (const port of [layout.port, layout.wsPort, layout.tlsPort]) {
				if (port !== undefined) await waitForPort(port, isAlive, deadline);
			}
		} catch (error) {
			await terminate('SIGKILL');
			const detail = spawnError === undefined ? '' : ` (${spawnError.message})`;
			throw new Error(`mosquitto did not start${detail}:\n${layout.config}\n--- log ---\n${log}`, {
				cause: error,
			});
		}
	};

	const terminate = async (signal: NodeJS.Signals): Promise<void> => {
		const running = child;
		child = undefined;
		if (running === undefined || running.pid === undefined) return; // never spawned
		if (running.exitCode !== null || running.signalCode !== null) return;
		const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
		running.kill(signal);
		await exited;
	};

	await launch();
	return {
		kind: 'mosquitto',
		host: HOST,
		port: layout.port,
		url: `mqtt://${HOST}:${layout.port}`,
		wsPort: layout.wsPort,
		tlsPort: layout.tlsPort,
		certs: layout.certs,
		async stop() {
			await terminate('SIGTERM');
			if (!isRemoved) {
				isRemoved = true;
				await rm(dir, { recursive: true, force: true });
			}
		},
		kill: () => terminate('SIGKILL'),
		async restart() {
			if (isRemoved) throw new Error('restart() after stop(): the broker config is gone');
			await terminate('SIGTERM');
			await launch();
		},
	};
}

function listen(server: Server | HttpServer, port: number): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, HOST, () => {
			server.off('error', reject);
			resolve();
		});
	});
}

function close(server: Server | HttpServer): Promise<void> {
	return new Promise((resolve) => server.close(() => resolve()));
}

async function startAedes(options: BrokerOptions): Promise<TestBroker> {
	if (options.tls !== undefined || options.acl !== undefined || options.extraConfig !== undefined) {
		throw new Error('tls, acl and extraConfig need mosquitto; check broker.kind or ask for it');
	}
	const port = await freePort();
	const wsPort = options.websockets ? await freePort() : undefined;
	const passwords = options.passwords;

	let running:
		{ aedes: Aedes; server: Server; http?: HttpServer; sockets: Set<Socket> } | undefined;

	const launch = async (): Promise<void> => {
		// An `authenticate: undefined` key would replace Aedes's default and hang every CONNECT.
		const aedes = await Aedes.createBroker(
			passwords === undefined
				? {}
				: {
						authenticate: (_client, user, password, done) => {
							const expected = user === undefined ? undefined : passwords[user];
							const isValid = expected !== undefined && password?.toString('utf8') === expected;
							if (isValid) {
								done(null, true);
								return;
							}
							// 4 is BAD_USERNAME_OR_PASSWORD, a const enum that isolatedModules cannot read.
							done(Object.assign(new Error('bad user name or password'), { returnCode: 4 }), false);
						},
					},
		);
		const sockets = new Set<Socket>();
		const server = createServer((socket) => {
			sockets.add(socket);
			socket.once('close', () => sockets.delete(socket));
			aedes.handle(socket);
		});
		await listen(server, port);
		let http: HttpServer | undefined;
		if (wsPort !== undefined) {
			http = createHttpServer();
			const httpServer = http;
			new WebSocketServer({ server: httpServer }).on('connection', (websocket, request) => {
				aedes.handle(createWebSocketStream(websocket), request);
			});
			http.on('connection', (socket) => {
				sockets.add(socket);
				socket.once('close', () => sockets.delete(socket));
			});
			await listen(httpServer, wsPort);
		}
		running = { aedes, server, http, sockets };
	};

	const shutdown = async (isAbrupt: boolean): Promise<void> => {
		const current = running;
		running = undefined;
		if (current === undefined) return;
		// Abrupt: cut every socket without DISCONNECT, as a crash would; graceful: let Aedes close them.
		if (isAbrupt) for (const socket of current.sockets) socket.destroy();
		await new Promise<void>((resolve) => current.aedes.close(() => resolve()));
		for (const socket of current.sockets) socket.destroy();
		await close(current.server);
		if (current.http !== undefined) await close(current.http);
	};

	await launch();
	return {
		kind: 'aedes',
		host: HOST,
		port,
		url: `mqtt://${HOST}:${port}`,
		wsPort,
		stop: () => shutdown(false),
		kill: () => shutdown(true),
		async restart() {
			await shutdown(false);
			await launch();
		},
	};
}
