/**
 * MQTT reason codes: the one table UI text, logs and history use.
 *
 * MQTT 5 reason codes (section 2.4, table 2-6) have one meaning per value but a few values are
 * named differently per packet type (0x00 is "Success", "Normal disconnection" or "Granted QoS 0").
 * MQTT 3.1 / 3.1.1 only have CONNACK return codes and SUBACK return codes.
 */

export type ReasonPacketType =
	| 'CONNACK'
	| 'PUBACK'
	| 'PUBREC'
	| 'PUBREL'
	| 'PUBCOMP'
	| 'SUBACK'
	| 'UNSUBACK'
	| 'DISCONNECT'
	| 'AUTH';

interface ReasonCodeEntry {
	readonly code: number;
	readonly name: string;
	readonly packets: readonly ReasonPacketType[];
}

const ACKS: readonly ReasonPacketType[] = ['PUBACK', 'PUBREC'];

// Table 2-6 of MQTT 5.0. A value with a different name per packet type has one row per name.
export const MQTT5_REASON_CODES: readonly ReasonCodeEntry[] = [
	{
		code: 0x00,
		name: 'Success',
		packets: ['CONNACK', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'UNSUBACK', 'AUTH'],
	},
	{ code: 0x00, name: 'Normal disconnection', packets: ['DISCONNECT'] },
	{ code: 0x00, name: 'Granted QoS 0', packets: ['SUBACK'] },
	{ code: 0x01, name: 'Granted QoS 1', packets: ['SUBACK'] },
	{ code: 0x02, name: 'Granted QoS 2', packets: ['SUBACK'] },
	{ code: 0x04, name: 'Disconnect with Will Message', packets: ['DISCONNECT'] },
	{ code: 0x10, name: 'No matching subscribers', packets: ACKS },
	{ code: 0x11, name: 'No subscription existed', packets: ['UNSUBACK'] },
	{ code: 0x18, name: 'Continue authentication', packets: ['AUTH'] },
	{ code: 0x19, name: 'Re-authenticate', packets: ['AUTH'] },
	{
		code: 0x80,
		name: 'Unspecified error',
		packets: ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK', 'DISCONNECT'],
	},
	{ code: 0x81, name: 'Malformed Packet', packets: ['CONNACK', 'DISCONNECT'] },
	{ code: 0x82, name: 'Protocol Error', packets: ['CONNACK', 'DISCONNECT'] },
	{
		code: 0x83,
		name: 'Implementation specific error',
		packets: ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK', 'DISCONNECT'],
	},
	{ code: 0x84, name: 'Unsupported Protocol Version', packets: ['CONNACK'] },
	{ code: 0x85, name: 'Client Identifier not valid', packets: ['CONNACK'] },
	{ code: 0x86, name: 'Bad User Name or Password', packets: ['CONNACK'] },
	{
		code: 0x87,
		name: 'Not authorized',
		packets: ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK', 'DISCONNECT'],
	},
	{ code: 0x88, name: 'Server unavailable', packets: ['CONNACK'] },
	{ code: 0x89, name: 'Server busy', packets: ['CONNACK', 'DISCONNECT'] },
	{ code: 0x8a, name: 'Banned', packets: ['CONNACK'] },
	{ code: 0x8b, name: 'Server shutting down', packets: ['DISCONNECT'] },
	{ code: 0x8c, name: 'Bad authentication method', packets: ['CONNACK', 'DISCONNECT'] },
	{ code: 0x8d, name: 'Keep Alive timeout', packets: ['DISCONNECT'] },
	{ code: 0x8e, name: 'Session taken over', packets: ['DISCONNECT'] },
	{ code: 0x8f, name: 'Topic Filter invalid', packets: ['SUBACK', 'UNSUBACK', 'DISCONNECT'] },
	{
		code: 0x90,
		name: 'Topic Name invalid',
		packets: ['CONNACK', 'PUBACK', 'PUBREC', 'DISCONNECT'],
	},
	{
		code: 0x91,
		name: 'Packet Identifier in use',
		packets: ['PUBACK', 'PUBREC', 'SUBACK', 'UNSUBACK'],
	},
	{ code: 0x92, name: 'Packet Identifier not found', packets: ['PUBREL', 'PUBCOMP'] },
	{ code: 0x93, name: 'Receive Maximum exceeded', packets: ['DISCONNECT'] },
	{ code: 0x94, name: 'Topic Alias invalid', packets: ['DISCONNECT'] },
	{ code: 0x95, name: 'Packet too large', packets: ['CONNACK', 'DISCONNECT'] },
	{ code: 0x96, name: 'Message rate too high', packets: ['DISCONNECT'] },
	{
		code: 0x97,
		name: 'Quota exceeded',
		packets: ['CONNACK', 'PUBACK', 'PUBREC', 'SUBACK', 'DISCONNECT'],
	},
	{ code: 0x98, name: 'Administrative action', packets: ['DISCONNECT'] },
	{
		code: 0x99,
		name: 'Payload format invalid',
		packets: ['CONNACK', 'PUBACK', 'PUBREC', 'DISCONNECT'],
	},
	{ code: 0x9a, name: 'Retain not supported', packets: ['CONNACK', 'DISCONNECT'] },
	{ code: 0x9b, name: 'QoS not supported', packets: ['CONNACK', 'DISCONNECT'] },
	{ code: 0x9c, name: 'Use another server', packets: ['CONNACK', 'DISCONNECT'] },
	{ code: 0x9d, name: 'Server moved', packets: ['CONNACK', 'DISCONNECT'] },
	{ code: 0x9e, name: 'Shared Subscriptions not supported', packets: ['SUBACK', 'DISCONNECT'] },
	{ code: 0x9f, name: 'Connection rate exceeded', packets: ['CONNACK', 'DISCONNECT'] },
	{ code: 0xa0, name: 'Maximum connect time', packets: ['DISCONNECT'] },
	{ code: 0xa1, name: 'Subscription Identifiers not supported', packets: ['SUBACK', 'DISCONNECT'] },
	{ code: 0xa2, name: 'Wildcard Subscriptions not supported', packets: ['SUBACK', 'DISCONNECT'] },
];

/** MQTT 3.1 / 3.1.1 CONNACK return codes (3.1.1 table 3.1). */
export const MQTT3_CONNACK_RETURN_CODES: readonly string[] = [
	'Connection Accepted',
	'Connection Refused, unacceptable protocol version',
	'Connection Refused, identifier rejected',
	'Connection Refused, Server unavailable',
	'Connection Refused, bad user name or password',
	'Connection Refused, not authorized',
];

// Lower-case reasons used in sentences: "The broker refused the connection: <reason> (reason 134)".
const MQTT3_CONNACK_REASONS: readonly string[] = [
	'accepted',
	'unacceptable protocol version',
	'identifier rejected',
	'server unavailable',
	'bad user name or password',
	'not authorized',
];

const BY_PACKET = new Map<string, string>();
const ANY_NAME = new Map<number, string>();
for (const entry of MQTT5_REASON_CODES) {
	for (const packet of entry.packets) BY_PACKET.set(`${packet}:${entry.code}`, entry.name);
	if (!ANY_NAME.has(entry.code)) ANY_NAME.set(entry.code, entry.name);
}

/**
 * The spec name of a reason code in a packet type.
 *
 * `protocolLevel` 3 or 4 uses the 3.1.1 CONNACK and SUBACK return codes. Returns undefined when the
 * value is not defined for that packet type.
 */
export function reasonCodeName(
	code: number,
	packetType: ReasonPacketType,
	protocolLevel: 3 | 4 | 5 = 5,
): string | undefined {
	if (protocolLevel !== 5) {
		if (packetType === 'CONNACK') return MQTT3_CONNACK_RETURN_CODES[code];
		if (packetType === 'SUBACK') {
			if (code <= 2) return `Success - Maximum QoS ${code}`;
			return code === 0x80 ? 'Failure' : undefined;
		}
		return undefined;
	}
	return BY_PACKET.get(`${packetType}:${code}`);
}

/** Whether an MQTT 5 reason code is defined for the packet type. */
export function isReasonCodeAllowed(code: number, packetType: ReasonPacketType): boolean {
	return BY_PACKET.has(`${packetType}:${code}`);
}

/** Whether a reason code reports a failure: 0x80 and above in both 3.1.1 SUBACK and MQTT 5. */
export function isFailureReasonCode(code: number): boolean {
	return code >= 0x80;
}

/**
 * A human sentence fragment for a refused CONNACK, e.g. "bad user name or password (reason 134)".
 *
 * MQTT 3.1 / 3.1.1 return codes are quoted as "return code 4".
 */
export function describeConnackRefusal(code: number, protocolLevel: 3 | 4 | 5): string {
	if (protocolLevel !== 5) {
		const reason = MQTT3_CONNACK_REASONS[code] ?? 'unknown return code';
		return `${reason} (return code ${code})`;
	}
	const name = BY_PACKET.get(`CONNACK:${code}`) ?? ANY_NAME.get(code) ?? 'unknown reason';
	return `${name.toLowerCase()} (reason ${code})`;
}
