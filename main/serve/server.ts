/**
 * Browser mode: the built renderer over HTTP and the IPC router over a WebSocket, on loopback,
 * behind a random token. Binding anything but loopback needs `allowRemote`.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_CLOSE, WS_PATH } from '../../shared/ipc/ws-protocol';
import { Router } from '../ipc/router';
import type { Core } from '../core/core';
import { createLogger } from '../log/logger';
import { serveSocket } from './ws-transport';

const log = createLogger('serve');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.ico': 'image/x-icon',
	'.json': 'application/json',
	'.woff2': 'font/woff2',
};

export interface ServeOptions {
	readonly core: Core;
	readonly staticDir: string;
	readonly host?: string;
	readonly port?: number;
	readonly token?: string;
	readonly allowRemote?: boolean;
}

export interface RunningServer {
	readonly url: string;
	readonly host: string;
	readonly port: number;
	readonly token: string;
	close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
	return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** How long a shutdown waits for pages to acknowledge the "core stopping" close before cutting. */
const CLOSE_GRACE_MS = 1_000;

/** What a socket's token says about it; a page is told which, nothing more. */
type TokenCheck = 'valid' | 'missing' | 'wrong';

function checkToken(expected: string, given: string | null): TokenCheck {
	if (given === null || given === '') return 'missing';
	const a = Buffer.from(expected);
	const b = Buffer.from(given);
	return a.length === b.length && timingSafeEqual(a, b) ? 'valid' : 'wrong';
}

function refuseUpgrade(socket: Duplex, status: '403 Forbidden' | '404 Not Found'): void {
	socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Closes with "core stopping" so pages can say so; cuts sockets that do not answer in time. */
async function closeSockets(sockets: Iterable<WebSocket>): Promise<void> {
	await Promise.all(
		[...sockets].map(async (socket) => {
			const closed = new Promise<void>((done) => socket.once('close', () => done()));
			const timer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
			socket.close(WS_CLOSE.coreStopping, 'The Topicscope core stopped.');
			await closed;
			clearTimeout(timer);
		}),
	);
}

function serveStatic(root: string, request: IncomingMessage, response: ServerResponse): void {
	const url = new URL(request.url ?? '/', 'http://localhost');
	const wanted = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
	const file = normalize(join(root, wanted));
	if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
		response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
		return;
	}
	response.writeHead(200, {
		'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
		'x-content-type-options': 'nosniff',
		'cache-control': 'no-cache',
		'referrer-policy': 'no-referrer',
	});
	createReadStream(file).pipe(response);
}

/** Starts browser mode. The returned URL carries the token; give it only to the user. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
	const host = options.host ?? '127.0.0.1';
	if (!isLoopback(host) && !options.allowRemote) {
		throw new Error(
			`Refusing to listen on ${host}: browser mode binds loopback unless --allow-remote is given.`,
		);
	}
	const token = options.token ?? randomBytes(24).toString('base64url');
	const root = resolve(options.staticDir);
	const router = new Router(options.core);
	const http = createServer((request, response) => serveStatic(root, request, response));
	const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });

	http.on('upgrade', (request, socket, head) => {
		const url = new URL(request.url ?? '/', 'http://localhost');
		const origin = request.headers.origin;
		const hostHeader = request.headers.host ?? '';
		if (url.pathname !== WS_PATH) {
			refuseUpgrade(socket, '404 Not Found');
			return;
		}
		// A page on another origin must not drive this core, even if it guessed the port, nor learn
		// anything about its token: it gets a plain HTTP refusal.
		const isSameOrigin = origin === undefined || origin === `http://${hostHeader}`;
		if (!isSameOrigin) {
			log.warn('websocket refused: another origin', { path: url.pathname });
			refuseUpgrade(socket, '403 Forbidden');
			return;
		}
		const check = checkToken(token, url.searchParams.get('token'));
		wss.handleUpgrade(request, socket, head, (ws) => {
			if (check === 'valid') {
				serveSocket(ws, router);
				return;
			}
			// Accepted only to be closed with a code the page can read (a refused upgrade shows a
			// browser nothing but 1006): nothing it sends is read, nothing of the core is sent.
			log.warn('websocket refused', { token: check });
			ws.close(
				check === 'missing' ? WS_CLOSE.tokenMissing : WS_CLOSE.tokenWrong,
				check === 'missing' ? 'Access token required.' : 'Access token not valid.',
			);
		});
	});

	await new Promise<void>((resolveListen, reject) => {
		http.once('error', reject);
		http.listen(options.port ?? 0, host, () => resolveListen());
	});
	const port = (http.address() as AddressInfo).port;
	const shownHost = host.includes(':') ? `[${host}]` : host;
	log.info('browser mode listening', { host, port });
	return {
		url: `http://${shownHost}:${port}/?token=${token}`,
		host,
		port,
		token,
		close: async () => {
			await closeSockets(wss.clients);
			await new Promise<void>((done) => wss.close(() => done()));
			const closed = new Promise<void>((done) => http.close(() => done()));
			http.closeAllConnections();
			await closed;
		},
	};
}
