/**
 * SCRAM enhanced authentication on the wire. No broker installable here speaks SCRAM (EMQX does,
 * mosquitto and Aedes do not), so the peer is a small MQTT 5 server written with our codec: it
 * answers CONNECT with an AUTH challenge, checks the proof, and sends CONNACK with its signature.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { scramFinish, scramStart } from '../../../main/connections/scram';
import { decodeFrame, encodePacket, FrameSplitter, type Packet } from '../../../shared/mqtt/codec';
import { testProfile } from '../../helpers/profile';

const METHOD = 'SCRAM-SHA-256';
const text = (bytes: Uint8Array | undefined): string =>
	new TextDecoder().decode(bytes ?? new Uint8Array());
const bytes = (value: string): Uint8Array => new TextEncoder().encode(value);

interface Seen {
	connect?: Extract<Packet, { type: 'CONNECT' }>;
	clientFinal?: string;
}

/** A server that knows the password `pencil` and can lie about its signature. */
async function scramServer(
	options: { forgeSignature?: boolean } = {},
): Promise<{ server: Server; port: number; seen: Seen }> {
	const seen: Seen = {};
	const send = (socket: Socket, packet: Packet): void => {
		const encoded = encodePacket(packet, { protocolLevel: 5 });
		if (!encoded.ok) throw new Error(encoded.error.message);
		socket.write(encoded.value);
	};
	const server = createServer((socket) => {
		const splitter = new FrameSplitter({ protocolLevel: 5 });
		let expected: ReturnType<typeof scramFinish> | null = null;
		socket.on('data', (chunk) => {
			for (const frame of splitter.push(chunk).frames) {
				const packet = decodeFrame(frame, { protocolLevel: 5 }).packet;
				if (packet?.type === 'CONNECT') {
					seen.connect = packet;
					const clientFirstBare = text(packet.properties?.authenticationData).replace(/^n,,/, '');
					const clientNonce = /r=([^,]+)/.exec(clientFirstBare)?.[1] ?? '';
					const serverFirst = `r=${clientNonce}srv3rN0nce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`;
					expected = scramFinish(scramStart(METHOD, 'user', clientNonce), serverFirst, 'pencil');
					send(socket, {
						type: 'AUTH',
						reasonCode: 0x18,
						properties: { authenticationMethod: METHOD, authenticationData: bytes(serverFirst) },
					});
				} else if (packet?.type === 'AUTH' && expected?.ok) {
					seen.clientFinal = text(packet.properties.authenticationData);
					if (seen.clientFinal !== expected.clientFinal) {
						send(socket, {
							type: 'CONNACK',
							sessionPresent: false,
							reasonCode: 0x86,
							properties: {},
						});
						socket.end();
						return;
					}
					const signature = options.forgeSignature ? Buffer.alloc(32, 7) : expected.serverSignature;
					send(socket, {
						type: 'CONNACK',
						sessionPresent: false,
						reasonCode: 0,
						properties: {
							authenticationMethod: METHOD,
							authenticationData: bytes(`v=${signature.toString('base64')}`),
						},
					});
				} else if (packet?.type === 'SUBSCRIBE') {
					send(socket, {
						type: 'SUBACK',
						packetId: packet.packetId,
						reasonCodes: packet.subscriptions.map(() => 0),
						properties: {},
					});
				}
			}
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { server, port: (server.address() as AddressInfo).port, seen };
}

describe('SCRAM enhanced authentication', () => {
	const cleanups: (() => Promise<void>)[] = [];
	afterEach(async () => {
		for (const cleanup of cleanups.splice(0)) await cleanup();
	});

	async function connectWith(password: string, forgeSignature = false) {
		const { server, port, seen } = await scramServer({ forgeSignature });
		const core = new Core({ shell: 'test', version: 'test' });
		cleanups.push(async () => {
			await core.close();
			server.close();
		});
		const result = await core.connections.connect(
			testProfile({
				port,
				protocolVersion: 5,
				username: 'user',
				password,
				clientId: 'scram-test',
				properties: { authenticationMethod: METHOD },
			}),
		);
		return { result, seen };
	}

	it('proves the password without sending it, and checks the broker proves it too', async () => {
		const { result, seen } = await connectWith('pencil');
		expect(result.ok ? result.value.state.kind : result.error.message).toBe('connected');
		expect(seen.connect?.password).toBeUndefined();
		expect(text(seen.connect?.properties?.authenticationData)).toMatch(
			/^n,,n=user,r=[A-Za-z0-9+/=]{24}$/,
		);
		expect(seen.clientFinal).toMatch(/^c=biws,r=.+srv3rN0nce,p=.+$/);
	});

	it('a wrong password is refused by the broker', async () => {
		const { result } = await connectWith('not-pencil');
		expect(result.ok ? '' : result.error.code).toBe('connack-refused');
	});

	it('a broker that cannot prove it knows the password is not trusted', async () => {
		const { result } = await connectWith('pencil', true);
		expect(result.ok ? '' : result.error.message).toContain(
			'did not prove it knows the SCRAM password',
		);
	});
});
