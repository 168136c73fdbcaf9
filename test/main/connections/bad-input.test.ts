import { Aedes } from 'aedes';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { freePort, startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';

const base = testProfile({ port: 1, clientId: 'bad-input-test', protocolVersion: 4 });

describe('bad connection input gets a specific message and main keeps running', () => {
	let core: Core;
	let broker: TestBroker;
	let http: Server;

	beforeAll(async () => {
		core = new Core({ shell: 'test', version: 'test' });
		broker = await startBroker({ passwords: { alice: 'wonderland' } });
		http = createServer((_request, response) => response.end('hello'));
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	});
	afterAll(async () => {
		await core.close();
		await broker.stop();
		await new Promise<void>((resolve) => http.close(() => resolve()));
	});

	it('a port with nothing listening: connection refused, naming host and port', async () => {
		const port = await freePort();
		const result = await core.connections.connect({ ...base, port });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.code).toBe('connection-refused');
		expect(result.error.message).toContain(`127.0.0.1:${port}`);
		// A connection that never opened is not kept: the error was the answer.
		expect(core.connections.list().find((c) => c.port === port)).toBeUndefined();
	});

	it('bad credentials: the broker refusal with its reason', async () => {
		const result = await core.connections.connect({
			...base,
			port: broker.port,
			username: 'alice',
			password: 'wrong',
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.code).toBe('connack-refused');
		// mosquitto answers "not authorised" (5), Aedes "bad user name or password" (4).
		expect([4, 5]).toContain(result.error.reasonCode);
		expect(result.error.message).toMatch(
			/^The broker refused the connection: .*\(return code [45]\)\.$/,
		);
	});

	it('a port that speaks HTTP: no MQTT answer', async () => {
		const port = (http.address() as AddressInfo).port;
		const result = await core.connections.connect({ ...base, port });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.code).toBe('not-mqtt');
		expect(result.error.message).toContain('No MQTT answer');
	});

	it('an empty client id on MQTT 3.1.1 with clean session off is refused before connecting', async () => {
		const before = core.connections.list().length;
		const result = await core.connections.connect({
			...base,
			port: broker.port,
			clientId: '',
			cleanSession: false,
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.code).toBe('invalid-options');
		expect(result.error.message).toContain('[MQTT-3.1.3-7]');
		expect(core.connections.list()).toHaveLength(before);
	});

	it('an invalid subscription filter is refused before connecting', async () => {
		const result = await core.connections.connect({
			...base,
			port: broker.port,
			subscriptions: subscribeTo('a/#/b'),
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.code).toBe('invalid-topic-filter');
		expect(result.error.message).toContain("'#'");
	});

	it('after all that, good credentials still connect', async () => {
		const result = await core.connections.connect({
			...base,
			port: broker.port,
			username: 'alice',
			password: 'wonderland',
		});
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.value.state.kind).toBe('connected');
	});

	it('a subscription refused by the broker is reported with its reason', async () => {
		// mosquitto 2.0 grants every SUBSCRIBE and applies its ACL at delivery, so the refusal comes
		// from an Aedes broker whose authorisation hook denies the filter (SUBACK 0x80).
		const aedes = await Aedes.createBroker({
			authorizeSubscribe: (_client, subscription, done) =>
				done(null, subscription.topic.startsWith('forbidden/') ? null : subscription),
		});
		const server = createNetServer((socket) => aedes.handle(socket));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const result = await core.connections.connect({
				...base,
				port: (server.address() as AddressInfo).port,
				subscriptions: subscribeTo('forbidden/#'),
			});
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(result.error.code).toBe('subscribe-failed');
			expect(result.error.reasonCode).toBe(0x80);
			expect(result.error.message).toContain(
				'refused the subscription to forbidden/#: failure (reason 128)',
			);
		} finally {
			await new Promise<void>((resolve) => aedes.close(() => resolve()));
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	});
});

describe('closing a connection while it connects', () => {
	it('settles the connect as closed by the user, not as a broker failure', async () => {
		const core = new Core({ shell: 'test', version: 'test' });
		// A listener that accepts and never answers: the CONNECT waits for a CONNACK that never comes.
		const silent = createNetServer(() => {});
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		try {
			const port = (silent.address() as AddressInfo).port;
			const pending = core.connections.connect(testProfile({ port, clientId: 'cancel-test' }));
			const id = core.connections.list().find((c) => c.clientId === 'cancel-test')?.id ?? '';
			await core.connections.disconnect(id);
			const result = await pending;
			expect(result.ok ? '' : result.error.code).toBe('connection-closed');
			expect(core.connections.get(id)?.state).toEqual({ kind: 'closed', by: 'user' });
		} finally {
			await core.close();
			silent.close();
		}
	});
});
