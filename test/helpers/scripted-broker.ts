/**
 * A tiny MQTT peer written with our codec, for broker behaviour the real brokers here do not show
 * (mosquitto 2.0.11 sends no DISCONNECT reason on a session takeover, for one). It accepts every
 * CONNECT, grants every SUBSCRIBE, acknowledges QoS 1 and 2 PUBLISHes and answers PINGREQ; the
 * test decides the rest through `send`, `publishAliased` and `disconnectAll`. With `route` it is a
 * small broker that keeps to the limits its CONNACK states (see `ScriptedBrokerOptions.route`).
 */
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { decodeFrame } from '../../shared/mqtt/codec/decode';
import { encodePacket } from '../../shared/mqtt/codec/encode';
import { FrameSplitter } from '../../shared/mqtt/codec/splitter';
import { matchTopic, parseSharedFilter } from '../../shared/mqtt/topic';
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
	/** Protocol levels refused with a close: CONNACK 132 on MQTT 5, return code 1 before. */
	readonly refuseLevels?: readonly ProtocolLevel[];
	/**
	 * Deliver PUBLISHes to matching subscriptions (shared ones too) and keep retained messages,
	 * within what `connackProperties` state: SUBACK grants at most Maximum QoS and refuses shared
	 * or wildcard filters when those are not available; a PUBLISH over Maximum Packet Size, with a
	 * QoS above Maximum QoS or retained when Retain Available is 0 gets a DISCONNECT (0x95, 0x9B,
	 * 0x9A). Subscription identifiers go back with the messages.
	 */
	readonly route?: boolean;
}

interface Routed {
	readonly qos: 0 | 1 | 2;
	readonly identifier?: number;
}

export async function startScriptedBroker(
	options: ScriptedBrokerOptions = {},
): Promise<ScriptedBroker> {
	const clients = new Map<Socket, ProtocolLevel>();
	/** Per socket: the topic each alias stands for, as last sent. */
	const aliases = new Map<Socket, Map<number, string>>();
	const connects: Packet[] = [];
	const stated = options.connackProperties ?? {};
	const maximumQoS = (stated.maximumQoS ?? 2) as 0 | 1 | 2;
	/** Per socket: its subscriptions (filter → granted QoS and identifier). */
	const subscriptions = new Map<Socket, Map<string, Routed>>();
	const retained = new Map<string, Packet & { type: 'PUBLISH' }>();
	const nextIds = new Map<Socket, number>();
	const deliver = (socket: Socket, publish: Packet & { type: 'PUBLISH' }, routed: Routed): void => {
		const level = clients.get(socket);
		if (level === undefined) return;
		const qos = Math.min(publish.qos, routed.qos) as 0 | 1 | 2;
		const packetId = (nextIds.get(socket) ?? 0) + 1;
		nextIds.set(socket, packetId % 65_535);
		const { topicAlias: _alias, subscriptionIdentifier: _ids, ...rest } = publish.properties ?? {};
		const properties: Properties =
			routed.identifier === undefined
				? rest
				: { ...rest, subscriptionIdentifier: routed.identifier };
		socket.write(
			encode(
				{
					...publish,
					dup: false,
					qos,
					...(qos > 0 ? { packetId } : { packetId: undefined }),
					properties: level === 5 && Object.keys(properties).length > 0 ? properties : undefined,
				},
				level,
			),
		);
	};
	const route = (publish: Packet & { type: 'PUBLISH' }): void => {
		if (publish.retain) {
			if (publish.payload.length === 0) retained.delete(publish.topicName);
			else retained.set(publish.topicName, publish);
		}
		const live = { ...publish, retain: false };
		for (const [socket, filters] of subscriptions) {
			for (const [filter, routed] of filters) {
				if (matchTopic(filter, publish.topicName)) deliver(socket, live, routed);
			}
		}
	};
	const grant = (filter: string, qos: 0 | 1 | 2, level: ProtocolLevel): number => {
		const failure = level === 5 ? undefined : 0x80;
		const shared = parseSharedFilter(filter);
		if (shared !== undefined && stated.sharedSubscriptionAvailable === 0) return failure ?? 0x9e;
		if (
			/(^|\/)[+#](\/|$)/.test(shared?.filter ?? filter) &&
			stated.wildcardSubscriptionAvailable === 0
		)
			return failure ?? 0xa2;
		return Math.min(qos, maximumQoS);
	};
	const server = createServer((socket) => {
		const splitter = new FrameSplitter();
		let level: ProtocolLevel = 4;
		socket.on('error', () => socket.destroy());
		/** Topic aliases this client set on its PUBLISHes. */
		const inboundAliases = new Map<number, string>();
		socket.on('close', () => {
			clients.delete(socket);
			aliases.delete(socket);
			subscriptions.delete(socket);
		});
		socket.on('data', (chunk: Buffer) => {
			for (const bytes of splitter.push(chunk).frames) {
				if (
					options.route &&
					stated.maximumPacketSize !== undefined &&
					bytes.length > stated.maximumPacketSize
				) {
					socket.end(encode({ type: 'DISCONNECT', reasonCode: 0x95 }, level));
					return;
				}
				const packet = decodeFrame(bytes, { protocolLevel: level }).packet;
				if (!packet) continue;
				switch (packet.type) {
					case 'CONNECT':
						level = packet.protocolLevel;
						connects.push(packet);
						if (options.refuseLevels?.includes(level)) {
							socket.end(
								encode(
									{ type: 'CONNACK', sessionPresent: false, reasonCode: level === 5 ? 132 : 1 },
									level,
								),
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
						const granted = packet.subscriptions.map((subscription) =>
							options.route
								? grant(subscription.topicFilter, subscription.qos, level)
								: subscription.qos,
						);
						socket.write(
							encode({ type: 'SUBACK', packetId: packet.packetId, reasonCodes: granted }, level),
						);
						if (options.route) {
							const held = subscriptions.get(socket) ?? new Map<string, Routed>();
							subscriptions.set(socket, held);
							const id = packet.properties?.subscriptionIdentifier;
							const identifier = Array.isArray(id) ? id[0] : id;
							packet.subscriptions.forEach((subscription, index) => {
								const code = granted[index] ?? 0x80;
								if (code > 2) return;
								const routed = {
									qos: code as 0 | 1 | 2,
									...(identifier === undefined ? {} : { identifier }),
								};
								held.set(subscription.topicFilter, routed);
								if (
									(subscription.retainHandling ?? 0) === 2 ||
									parseSharedFilter(subscription.topicFilter)
								)
									return;
								for (const message of retained.values()) {
									if (matchTopic(subscription.topicFilter, message.topicName))
										deliver(socket, message, routed);
								}
							});
						}
						break;
					}
					case 'UNSUBSCRIBE':
						for (const filter of packet.topicFilters) subscriptions.get(socket)?.delete(filter);
						socket.write(
							encode(
								{
									type: 'UNSUBACK',
									packetId: packet.packetId,
									...(level === 5 ? { reasonCodes: packet.topicFilters.map(() => 0) } : {}),
								},
								level,
							),
						);
						break;
					case 'PUBLISH': {
						if (options.route) {
							const refusal =
								packet.qos > maximumQoS
									? 0x9b
									: packet.retain && stated.retainAvailable === 0
										? 0x9a
										: undefined;
							if (refusal !== undefined) {
								socket.end(encode({ type: 'DISCONNECT', reasonCode: refusal }, level));
								return;
							}
						}
						if (packet.qos === 1 && packet.packetId !== undefined) {
							socket.write(encode({ type: 'PUBACK', packetId: packet.packetId }, level));
						} else if (packet.qos === 2 && packet.packetId !== undefined) {
							socket.write(encode({ type: 'PUBREC', packetId: packet.packetId }, level));
						}
						if (options.route) {
							const alias = packet.properties?.topicAlias;
							if (alias !== undefined && packet.topicName !== '')
								inboundAliases.set(alias, packet.topicName);
							const topicName =
								packet.topicName === '' && alias !== undefined
									? (inboundAliases.get(alias) ?? '')
									: packet.topicName;
							route({ ...packet, topicName });
						}
						break;
					}
					case 'PUBREL':
						socket.write(encode({ type: 'PUBCOMP', packetId: packet.packetId }, level));
						break;
					case 'PUBREC':
						socket.write(encode({ type: 'PUBREL', packetId: packet.packetId }, level));
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
