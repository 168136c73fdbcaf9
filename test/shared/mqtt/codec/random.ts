/**
 * Seeded random packets in mqtt-packet's shape, and the mapping from that shape to our model, so
 * mqtt-packet can serve as an independent oracle in both directions.
 */
import type { Packet, ProtocolLevel } from '../../../../shared/mqtt/codec/index';

/** mulberry32: small, fast and reproducible from a seed. */
export function createRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type MqttPacketObject = Record<string, unknown> & { cmd: string };

const PIECES = ['a', 'b', 'sensor', 'temp', 'é', '€', '😀', 'x y', '0', 'dev-42'];

export class PacketGenerator {
	constructor(private readonly random: () => number) {}

	int(max: number): number {
		return Math.floor(this.random() * (max + 1));
	}

	pick<T>(items: readonly T[]): T {
		const item = items[this.int(items.length - 1)];
		if (item === undefined) throw new Error('empty pick');
		return item;
	}

	chance(p = 0.5): boolean {
		return this.random() < p;
	}

	text(maxPieces = 3): string {
		let out = '';
		const count = this.int(maxPieces);
		for (let i = 0; i < count; i++) out += this.pick(PIECES);
		return out;
	}

	topic(): string {
		const levels = 1 + this.int(3);
		const parts: string[] = [];
		for (let i = 0; i < levels; i++) parts.push(this.text(2));
		const topic = parts.join('/');
		return topic.length === 0 ? 'a' : topic;
	}

	filter(): string {
		const levels = 1 + this.int(3);
		const parts: string[] = [];
		for (let i = 0; i < levels; i++) parts.push(this.chance(0.2) ? '+' : this.text(2));
		if (this.chance(0.2)) parts.push('#');
		const filter = parts.join('/');
		return filter.length === 0 ? 'a' : filter;
	}

	buffer(max = 40): Buffer {
		const out = Buffer.alloc(this.int(max));
		for (let i = 0; i < out.length; i++) out[i] = this.int(255);
		return out;
	}

	id(): number {
		return 1 + this.int(65534);
	}

	userProperties(): Record<string, string | string[]> | undefined {
		if (!this.chance(0.4)) return undefined;
		const out: Record<string, string | string[]> = {};
		const count = 1 + this.int(2);
		for (let i = 0; i < count; i++) {
			// Values are never empty: mqtt-packet's parser drops an empty first value of a repeated name.
			const value = (): string => `v${this.text()}`;
			out[`k${i}${this.text(1)}`] = this.chance(0.3) ? [value(), value()] : value();
		}
		return out;
	}

	/** Properties for a context, each present at random. */
	properties(kind: string): Record<string, unknown> {
		const p: Record<string, unknown> = {};
		const maybe = (name: string, value: () => unknown): void => {
			if (this.chance(0.4)) p[name] = value();
		};
		const message = kind === 'publish' || kind === 'will';
		if (message) {
			maybe('payloadFormatIndicator', () => this.chance());
			maybe('messageExpiryInterval', () => this.int(0xffffffff));
			maybe('contentType', () => this.text());
			maybe('responseTopic', () => this.topic());
			maybe('correlationData', () => this.buffer(8));
		}
		if (kind === 'will') maybe('willDelayInterval', () => this.int(100000));
		if (kind === 'publish') {
			maybe('topicAlias', () => 1 + this.int(100));
			maybe('subscriptionIdentifier', () =>
				this.chance() ? 1 + this.int(268435454) : [1 + this.int(1000), 1 + this.int(1000)],
			);
		}
		if (kind === 'subscribe') maybe('subscriptionIdentifier', () => 1 + this.int(268435454));
		if (kind === 'connect' || kind === 'connack') {
			maybe('sessionExpiryInterval', () => this.int(0xffffffff));
			maybe('receiveMaximum', () => 1 + this.int(65534));
			maybe('maximumPacketSize', () => 1 + this.int(1000000));
			maybe('topicAliasMaximum', () => this.int(65535));
			maybe('authenticationMethod', () => this.text());
		}
		if (kind === 'connect') {
			maybe('requestResponseInformation', () => this.chance());
			maybe('requestProblemInformation', () => this.chance());
		}
		if (kind === 'connack') {
			maybe('maximumQoS', () => this.int(1));
			maybe('retainAvailable', () => this.chance());
			maybe('assignedClientIdentifier', () => this.text());
			maybe('serverKeepAlive', () => this.int(65535));
			maybe('responseInformation', () => this.text());
			maybe('serverReference', () => this.text());
			maybe('wildcardSubscriptionAvailable', () => this.chance());
			maybe('subscriptionIdentifiersAvailable', () => this.chance());
			maybe('sharedSubscriptionAvailable', () => this.chance());
		}
		if (kind === 'disconnect') {
			maybe('sessionExpiryInterval', () => this.int(0xffffffff));
			maybe('serverReference', () => this.text());
		}
		// [MQTT-3.15.2.2.2] an AUTH names its method (mqtt-packet would write one without).
		if (kind === 'auth') p.authenticationMethod = `m${this.text()}`;
		if (!message && kind !== 'connect' && kind !== 'subscribe' && kind !== 'unsubscribe') {
			maybe('reasonString', () => this.text());
		}
		const user = this.userProperties();
		if (user !== undefined) p.userProperties = user;
		return p;
	}

	packet(level: ProtocolLevel): MqttPacketObject {
		const v5 = level === 5;
		const kinds = [
			'connect',
			'connack',
			'publish',
			'puback',
			'pubrec',
			'pubrel',
			'pubcomp',
			'subscribe',
			'suback',
			'unsubscribe',
			'unsuback',
			'pingreq',
			'pingresp',
			'disconnect',
		];
		if (v5) kinds.push('auth');
		const cmd = this.pick(kinds);
		const withProperties = (packet: MqttPacketObject, kind = cmd): MqttPacketObject => {
			if (v5) packet.properties = this.properties(kind);
			return packet;
		};
		switch (cmd) {
			case 'connect': {
				const packet: MqttPacketObject = {
					cmd,
					protocolId: level === 3 ? 'MQIsdp' : 'MQTT',
					protocolVersion: level,
					clean: this.chance(),
					// mqtt-packet insists on a client id without clean session, and on 1-23 in 3.1.
					clientId: 'c' + this.text(1),
					keepalive: this.int(65535),
				};
				if (this.chance()) packet.username = this.text();
				// mqtt-packet wants a user name with a password even in MQTT 5.
				if (this.chance() && packet.username !== undefined) packet.password = this.buffer(12);
				if (this.chance()) {
					const will: Record<string, unknown> = {
						topic: this.topic(),
						payload: this.buffer(),
						qos: this.int(2),
						retain: this.chance(),
					};
					if (v5) will.properties = this.properties('will');
					packet.will = will;
				}
				return withProperties(packet);
			}
			case 'connack': {
				const packet: MqttPacketObject = { cmd, sessionPresent: this.chance() };
				if (v5) packet.reasonCode = this.pick([0, 0x80, 0x86, 0x87, 0x9c]);
				else packet.returnCode = this.int(5);
				if (packet.reasonCode !== 0 && packet.returnCode !== 0) packet.sessionPresent = false;
				return withProperties(packet);
			}
			case 'publish': {
				const qos = this.int(2);
				const packet: MqttPacketObject = {
					cmd,
					topic: this.topic(),
					payload: this.buffer(200),
					qos,
					retain: this.chance(),
					dup: qos > 0 && this.chance(),
				};
				if (qos > 0) packet.messageId = this.id();
				return withProperties(packet);
			}
			case 'puback':
			case 'pubrec':
			case 'pubrel':
			case 'pubcomp': {
				const packet: MqttPacketObject = { cmd, messageId: this.id() };
				if (v5) {
					packet.reasonCode =
						cmd === 'pubrel' || cmd === 'pubcomp'
							? this.pick([0, 0x92])
							: this.pick([0, 0x10, 0x80, 0x97]);
					withProperties(packet, 'ack');
				}
				return packet;
			}
			case 'subscribe': {
				const subscriptions = [];
				for (let i = 0, n = 1 + this.int(3); i < n; i++) {
					const s: Record<string, unknown> = { topic: this.filter(), qos: this.int(2) };
					if (v5) Object.assign(s, { nl: this.chance(), rap: this.chance(), rh: this.int(2) });
					subscriptions.push(s);
				}
				return withProperties({ cmd, messageId: this.id(), subscriptions });
			}
			case 'suback': {
				const granted = [];
				for (let i = 0, n = 1 + this.int(3); i < n; i++)
					granted.push(this.pick(v5 ? [0, 1, 2, 0x80, 0x87, 0xa2] : [0, 1, 2, 0x80]));
				return withProperties({ cmd, messageId: this.id(), granted }, 'ack');
			}
			case 'unsubscribe': {
				const unsubscriptions = [];
				for (let i = 0, n = 1 + this.int(3); i < n; i++) unsubscriptions.push(this.filter());
				return withProperties({ cmd, messageId: this.id(), unsubscriptions });
			}
			case 'unsuback': {
				const packet: MqttPacketObject = { cmd, messageId: this.id() };
				if (v5) {
					packet.granted = [this.pick([0, 0x11, 0x80])];
					withProperties(packet, 'ack');
				}
				return packet;
			}
			case 'disconnect': {
				const packet: MqttPacketObject = { cmd };
				if (v5) {
					packet.reasonCode = this.pick([0, 4, 0x8e, 0x98]);
					withProperties(packet);
				}
				return packet;
			}
			case 'auth':
				return withProperties({ cmd, reasonCode: this.pick([0, 0x18, 0x19]) });
			default:
				return { cmd };
		}
	}
}

function bytes(value: unknown): Uint8Array {
	if (value instanceof Uint8Array) return new Uint8Array(value);
	if (typeof value === 'string') return new TextEncoder().encode(value);
	return new Uint8Array(0);
}

/** mqtt-packet properties to ours: booleans become 0/1, user properties become pairs. */
export function toOurProperties(value: unknown): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (typeof value !== 'object' || value === null) return out;
	for (const [key, inner] of Object.entries(value)) {
		if (inner === undefined) continue;
		if (key === 'userProperties') {
			const pairs: [string, string][] = [];
			for (const [name, v] of Object.entries(inner as Record<string, unknown>)) {
				for (const item of Array.isArray(v) ? v : [v]) pairs.push([name, String(item)]);
			}
			out.userProperties = pairs;
		} else if (typeof inner === 'boolean') out[key] = inner ? 1 : 0;
		else if (inner instanceof Uint8Array) out[key] = new Uint8Array(inner);
		else out[key] = inner;
	}
	return out;
}

const TYPE: Record<string, Packet['type']> = {
	connect: 'CONNECT',
	connack: 'CONNACK',
	publish: 'PUBLISH',
	puback: 'PUBACK',
	pubrec: 'PUBREC',
	pubrel: 'PUBREL',
	pubcomp: 'PUBCOMP',
	subscribe: 'SUBSCRIBE',
	suback: 'SUBACK',
	unsubscribe: 'UNSUBSCRIBE',
	unsuback: 'UNSUBACK',
	pingreq: 'PINGREQ',
	pingresp: 'PINGRESP',
	disconnect: 'DISCONNECT',
	auth: 'AUTH',
};

/** Our packet model for an mqtt-packet object (as generated or as parsed). */
export function toOurModel(p: MqttPacketObject, level: ProtocolLevel): Record<string, unknown> {
	const type = TYPE[p.cmd];
	const v5 = level === 5;
	const props = (): Record<string, unknown> => toOurProperties(p.properties);
	switch (type) {
		case 'CONNECT': {
			const out: Record<string, unknown> = {
				type,
				protocolName: p.protocolId,
				protocolLevel: p.protocolVersion,
				keepAlive: p.keepalive,
				clientId: p.clientId,
			};
			out[v5 ? 'cleanStart' : 'cleanSession'] = p.clean;
			if (v5) out.properties = props();
			const will = p.will as Record<string, unknown> | undefined;
			if (will) {
				Object.assign(out, {
					willTopic: will.topic,
					willPayload: bytes(will.payload),
					willQos: will.qos ?? 0,
					willRetain: will.retain ?? false,
				});
				if (v5) out.willProperties = toOurProperties(will.properties);
			}
			if (p.username !== undefined) out.username = p.username;
			if (p.password !== undefined) out.password = bytes(p.password);
			return out;
		}
		case 'CONNACK':
			return {
				type,
				sessionPresent: p.sessionPresent,
				reasonCode: v5 ? p.reasonCode : p.returnCode,
				...(v5 ? { properties: props() } : {}),
			};
		case 'PUBLISH': {
			const out: Record<string, unknown> = {
				type,
				dup: p.dup,
				qos: p.qos,
				retain: p.retain,
				topicName: p.topic,
				payload: bytes(p.payload),
			};
			if (p.qos !== 0) out.packetId = p.messageId;
			if (v5) out.properties = props();
			return out;
		}
		case 'PUBACK':
		case 'PUBREC':
		case 'PUBREL':
		case 'PUBCOMP':
			return {
				type,
				packetId: p.messageId,
				...(v5 ? { reasonCode: p.reasonCode ?? 0, properties: props() } : {}),
			};
		case 'SUBSCRIBE':
			return {
				type,
				packetId: p.messageId,
				...(v5 ? { properties: props() } : {}),
				subscriptions: (p.subscriptions as Record<string, unknown>[]).map((s) =>
					v5
						? {
								topicFilter: s.topic,
								qos: s.qos,
								noLocal: s.nl ?? false,
								retainAsPublished: s.rap ?? false,
								retainHandling: s.rh ?? 0,
							}
						: { topicFilter: s.topic, qos: s.qos },
				),
			};
		case 'SUBACK':
			return {
				type,
				packetId: p.messageId,
				...(v5 ? { properties: props() } : {}),
				reasonCodes: p.granted,
			};
		case 'UNSUBSCRIBE':
			return {
				type,
				packetId: p.messageId,
				...(v5 ? { properties: props() } : {}),
				topicFilters: p.unsubscriptions,
			};
		case 'UNSUBACK':
			return {
				type,
				packetId: p.messageId,
				...(v5 ? { properties: props(), reasonCodes: p.granted } : {}),
			};
		case 'DISCONNECT':
			return v5 ? { type, reasonCode: p.reasonCode ?? 0, properties: props() } : { type };
		case 'AUTH':
			return { type, reasonCode: p.reasonCode ?? 0, properties: props() };
		default:
			return { type: type ?? p.cmd };
	}
}
