/**
 * CONNECT (MQTT 5.0 section 3.1, 3.1.1 section 3.1, 3.1 MQIsdp).
 *
 * CONNECT states its own protocol level, so this decoder switches the reader's level once the
 * level byte is read; every rule after that cites the statement id of that version.
 */
import type { Field } from './types';
import type { ConnectPacket, ProtocolLevel, QoS } from './types';
import { readProperties, writeProperties } from './property-block';
import { bitField, type Reader } from './reader';
import { checkTopicName } from './topic-check';
import type { Writer } from './writer';

const NAME_FOR_LEVEL: Readonly<Record<number, string>> = { 3: 'MQIsdp', 4: 'MQTT', 5: 'MQTT' };

/** The connect flags byte, bit by bit (3.1.2.3): every bit is a field, set or not. */
function readConnectFlags(r: Reader): number {
	const start = r.pos;
	const value = r.u8('connectFlags');
	if (r.stopped) return 0;
	const flag = (name: string, bit: number): Field =>
		bitField(name, start, 1 << bit, (value & (1 << bit)) !== 0);
	const children: Field[] = [
		flag('usernameFlag', 7),
		flag('passwordFlag', 6),
		flag('willRetain', 5),
		bitField('willQos', start, 0x18, (value >> 3) & 3),
		flag('willFlag', 2),
		flag(r.level === 5 ? 'cleanStart' : 'cleanSession', 1),
		flag('reserved', 0),
	];
	r.add('connectFlags', start, value, children);
	return value;
}

function checkConnectFlags(r: Reader, flags: number, offset: number): void {
	const willFlag = (flags & 0x04) !== 0;
	const willQos = (flags >> 3) & 3;
	// [MQTT-3.1.2-3] the reserved flag is zero.
	if ((flags & 0x01) !== 0) {
		r.violate(
			offset,
			'[MQTT-3.1.2-3]',
			'The reserved bit 0 of the connect flags is set; it must be 0.',
		);
	}
	if (!willFlag && willQos !== 0) {
		// 5.0 [MQTT-3.1.2-11], 3.1.1 [MQTT-3.1.2-13]: no will, so will QoS is 0.
		r.violate(
			offset,
			r.rule('[MQTT-3.1.2-11]', '[MQTT-3.1.2-13]'),
			`Will QoS is ${willQos} but the will flag is 0; without a will the QoS bits must be 0.`,
		);
	}
	if (willQos === 3) {
		// 5.0 [MQTT-3.1.2-12], 3.1.1 [MQTT-3.1.2-14]: will QoS is 0, 1 or 2.
		r.violate(
			offset,
			r.rule('[MQTT-3.1.2-12]', '[MQTT-3.1.2-14]'),
			'Will QoS is 3; it must be 0, 1 or 2.',
		);
	}
	if (!willFlag && (flags & 0x20) !== 0) {
		// 5.0 [MQTT-3.1.2-13], 3.1.1 [MQTT-3.1.2-15]: no will, so will retain is 0.
		r.violate(
			offset,
			r.rule('[MQTT-3.1.2-13]', '[MQTT-3.1.2-15]'),
			'Will retain is set but the will flag is 0; without a will it must be 0.',
		);
	}
	// 3.1.1 [MQTT-3.1.2-22]: a password needs a user name (MQTT 5 dropped this rule).
	if (r.level !== 5 && (flags & 0x40) !== 0 && (flags & 0x80) === 0) {
		r.violate(
			offset,
			'[MQTT-3.1.2-22]',
			'The password flag is set without the user name flag; MQTT 3.1.1 requires a user name with a password.',
		);
	}
}

/** Reads the protocol name and level; false when the rest cannot be interpreted. */
function readProtocol(r: Reader): { name: string; level: ProtocolLevel } | undefined {
	const nameStart = r.pos;
	const name = r.readString('protocolName');
	const levelStart = r.pos;
	const level = r.readU8('protocolLevel');
	if (r.stopped) return undefined;
	// [MQTT-3.1.2-1] the protocol name is 'MQTT' ('MQIsdp' in MQTT 3.1).
	if (name !== 'MQTT' && name !== 'MQIsdp') {
		r.fail(
			nameStart,
			'[MQTT-3.1.2-1]',
			`The protocol name is '${name}'; it must be 'MQTT' (or 'MQIsdp' for MQTT 3.1).`,
		);
		return undefined;
	}
	// [MQTT-3.1.2-2] levels we understand: 3 (3.1), 4 (3.1.1), 5 (5.0).
	if (level !== 3 && level !== 4 && level !== 5) {
		r.fail(
			levelStart,
			'[MQTT-3.1.2-2]',
			`Protocol level ${level} is not supported; MQTT 3.1 is 3, 3.1.1 is 4 and 5.0 is 5.`,
		);
		return undefined;
	}
	r.level = level;
	if (NAME_FOR_LEVEL[level] !== name) {
		r.violate(
			nameStart,
			'[MQTT-3.1.2-1]',
			`Protocol name '${name}' does not go with level ${level}; expected '${NAME_FOR_LEVEL[level] ?? ''}'.`,
		);
	}
	return { name, level };
}

export function decodeConnect(r: Reader): ConnectPacket {
	const protocol = readProtocol(r);
	if (protocol === undefined)
		return { type: 'CONNECT', protocolName: '', protocolLevel: 4, keepAlive: 0, clientId: '' };
	const flagsOffset = r.pos;
	const flags = readConnectFlags(r);
	checkConnectFlags(r, flags, flagsOffset);
	const keepAlive = r.readU16('keepAlive');
	const properties = protocol.level === 5 ? readProperties(r, 'CONNECT', 'properties') : undefined;
	const clientIdStart = r.pos;
	const clientId = r.readString('clientId');
	// 3.1.1 [MQTT-3.1.3-7]: a zero-byte client id needs clean session (5.0 lets the server assign one).
	if (protocol.level === 4 && clientId.length === 0 && (flags & 0x02) === 0 && !r.stopped) {
		r.violate(
			clientIdStart,
			'[MQTT-3.1.3-7]',
			'The client identifier is empty but clean session is 0; MQTT 3.1.1 requires clean session with an empty client identifier.',
		);
	}
	// Keys in wire order: JSON output and the codec panel list them as they appear.
	const packet: ConnectPacket = {
		type: 'CONNECT',
		protocolName: protocol.name,
		protocolLevel: protocol.level,
	} as ConnectPacket;
	const clean = (flags & 0x02) !== 0;
	if (protocol.level === 5) packet.cleanStart = clean;
	else packet.cleanSession = clean;
	packet.keepAlive = keepAlive;
	if (properties !== undefined) packet.properties = properties;
	packet.clientId = clientId;
	if ((flags & 0x04) !== 0) {
		if (protocol.level === 5) packet.willProperties = readProperties(r, 'WILL', 'willProperties');
		const willTopicStart = r.pos;
		packet.willTopic = r.readString('willTopic');
		// The will topic is a topic name (4.7): not empty, no wildcards.
		if (!r.stopped)
			checkTopicName(r, willTopicStart, packet.willTopic, undefined, 'The will topic');
		packet.willPayload = r.readBinary('willPayload');
		packet.willQos = ((flags >> 3) & 3) as QoS;
		packet.willRetain = (flags & 0x20) !== 0;
	}
	if ((flags & 0x80) !== 0) packet.username = r.readString('username');
	if ((flags & 0x40) !== 0) packet.password = r.readBinary('password');
	return packet;
}

export function encodeConnect(w: Writer, packet: ConnectPacket): void {
	const level = packet.protocolLevel;
	if (level !== 3 && level !== 4 && level !== 5) {
		return w.fail('protocolLevel', 'protocolLevel must be 3 (MQTT 3.1), 4 (3.1.1) or 5 (5.0).');
	}
	w.utf8(packet.protocolName ?? NAME_FOR_LEVEL[level], 'protocolName');
	w.u8(level, 'protocolLevel');
	const hasWill = packet.willTopic !== undefined;
	const willQos = packet.willQos ?? 0;
	if (willQos !== 0 && willQos !== 1 && willQos !== 2)
		return w.fail('willQos', 'willQos must be 0, 1 or 2.');
	let flags = 0;
	if (packet.username !== undefined) flags |= 0x80;
	if (packet.password !== undefined) flags |= 0x40;
	if (hasWill && packet.willRetain === true) flags |= 0x20;
	if (hasWill) flags |= (willQos << 3) | 0x04;
	if ((level === 5 ? packet.cleanStart : packet.cleanSession) === true) flags |= 0x02;
	w.u8(flags, 'connectFlags');
	w.u16(packet.keepAlive, 'keepAlive');
	if (level === 5) writeProperties(w, packet.properties, 'CONNECT', 'properties');
	w.utf8(packet.clientId, 'clientId');
	if (hasWill) {
		if (level === 5) writeProperties(w, packet.willProperties, 'WILL', 'willProperties');
		w.utf8(packet.willTopic, 'willTopic');
		w.binary(packet.willPayload ?? new Uint8Array(0), 'willPayload');
	}
	if (packet.username !== undefined) w.utf8(packet.username, 'username');
	if (packet.password !== undefined) w.binary(packet.password, 'password');
}
