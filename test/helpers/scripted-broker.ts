/**
 * A tiny MQTT peer written with our codec, for broker behaviour the real brokers here do not show
 * (mosquitto 2.0.11 sends no DISCONNECT reason on a session takeover, for one). It accepts every
 * CONNECT, grants every SUBSCRIBE, acknowledges QoS 1 PUBLISHes and answers PINGREQ; the test
 * decides the rest through `send`, `publishAliased` and `disconnectAll`.
 */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { decodeFrame } from '../../shared/mqtt/codec/decode';
import { encodePacket } from '../../shared/mqtt/codec/encode';
import { FrameSplitter } from '../../shared/mqtt/codec/splitter';
import type { Packet, ProtocolLevel } from '../../shared/mqtt/codec/types';
import type { Properties } from '../../shared/mqtt/properties';

export interface ScriptedBroker {
	readonly port: number;
	readonly url: string;
	/** CONNECT packets received, in order. */
	readonly connects: Packet[];
	/** Sends a packet to every connected client at its protocol level. */
	send(packet: Packet): void;
	/**
	 * Publishes (QoS 0) to every MQTT 5 client with Topic Alias `alias`, as brokers that alias do:
	 * the first time on a socket (or when the alias meant another topic) with the topic, which sets
	 * the alias; afterwards with an empty topic. Aliases are per socket, so a reconnect starts over.
	 */
	publishAliased(topic: string, alias: number, payload: string): void;
	/** Sends DISCONNECT with `reasonCode` (MQTT 5) to every client and closes its socket. */
	disconnectAll(reasonCode: number): void;
	stop(): Promise<void>;
}

function encode(packet: Packet, level: ProtocolLevel): Buffer {
	const bytes = encodePacket(packet, { protocolLevel: level });
	if (!bytes.ok)
		throw new Error(`scripted broker cannot encode ${packet.type}: ${bytes.error.message}`);
	return Buffer.from(bytes.value);
}

export interface ScriptedBrokerOptions {
	/** MQTT 5 CONNACK properties (capabilities the broker states). */
	readonly connackProperties?: Properties;
	/** A DISCONNECT reason code to answer a SUBSCRIBE with, by filter (undefined: grant it). */
	readonly disconnectOnSubscribe?: (filter: string) => number | undefined;
	/** Protocol levels answered with CONNACK 132 (Unsupported Protocol Version) and a close. */
	readonly refuseLevels?: readonly ProtocolLevel[];
}

export async function startScriptedBroker(
	options: ScriptedBrokerOptions = {},
): Promise<ScriptedBroker> {
	const clients = new Map<Socket, ProtocolLevel>();
	/** Per socket: the topic each alias stands for, as last sent. */
	const aliases = new Map<Socket, Map<number, string>>();
	const connects: Packet[] = [];
	const server = createServer((socket) => {
		const splitter = new FrameSplitter();
		let level: ProtocolLevel = 4;
		socket.on('error', () => socket.destroy());
		socket.on('close', () => {
			clients.delete(socket);
			aliases.delete(socket);
		});
		socket.on('data', (chunk: Buffer) => {
			for (const bytes of splitter.push(chunk).frames) {
				const packet = decodeFrame(bytes, { protocolLevel: level }).packet;
				if (!packet) continue;
				switch (packet.type) {
					case 'CONNECT':
						level = packet.protocolLevel;
						connects.push(packet);
						if (options.refuseLevels?.includes(level)) {
							socket.end(
								encode({ type: 'CONNACK', sessionPresent: false, reasonCode: 132 }, level),
							);
							break;
						}
						clients.set(socket, level);
						socket.write(
							encode(
								{
									type: 'CONNACK',
									sessionPresent: false,
									reasonCode: 0,
									...(level === 5 && options.connackProperties
										? { properties: options.connackProperties }
										: {}),
								},
								level,
							),
						);
						break;
					case 'SUBSCRIBE': {
						const refusal = packet.subscriptions
							.map((s) => options.disconnectOnSubscribe?.(s.topicFilter))
							.find((code) => code !== undefined);
						if (refusal !== undefined) {
							socket.end(encode({ type: 'DISCONNECT', reasonCode: refusal }, level));
							break;
						}
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
						break;
					}
					case 'PUBLISH':
						if (packet.qos === 1 && packet.packetId !== undefined) {
							socket.write(encode({ type: 'PUBACK', packetId: packet.packetId }, level));
						}
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
		connects,
		send(packet) {
			for (const [socket, level] of clients) socket.write(encode(packet, level));
		},
		publishAliased(topic, alias, payload) {
			for (const [socket, level] of clients) {
				if (level !== 5) continue;
				let map = aliases.get(socket);
				if (map === undefined) {
					map = new Map();
					aliases.set(socket, map);
				}
				const isSet = map.get(alias) === topic;
				map.set(alias, topic);
				const packet: Packet = {
					type: 'PUBLISH',
					dup: false,
					qos: 0,
					retain: false,
					topicName: isSet ? '' : topic,
					properties: { topicAlias: alias },
					payload: new TextEncoder().encode(payload),
				};
				socket.write(encode(packet, level));
			}
		},
		disconnectAll(reasonCode) {
			for (const [socket, level] of clients) {
				socket.end(encode({ type: 'DISCONNECT', reasonCode }, level));
			}
		},
		async stop() {
			for (const socket of clients.keys()) socket.destroy();
			server.close();
			await once(server, 'close');
		},
	};
}
