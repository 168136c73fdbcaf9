/**
 * The CONNECT's connect flags in the JSON form: every bit by name (3.1.2.3), printed for every
 * CONNECT, and checked against the packet's fields when a JSON object comes back to be encoded.
 *
 * The flags follow from the fields (a user name sets the user name flag, a will topic the will
 * flag…), so the encoder does not take them as input; a `connectFlags` that disagrees with the
 * fields is an error rather than silently overruled.
 */
import type { Result } from '../../result';
import type { ConnectPacket, Field } from './types';

type Json = boolean | number;

/** Bit names in wire order (bit 7 first); the clean bit is named by level. */
function flagNames(level: number): readonly string[] {
	return [
		'usernameFlag',
		'passwordFlag',
		'willRetain',
		'willQos',
		'willFlag',
		level === 5 ? 'cleanStart' : 'cleanSession',
		'reserved',
	];
}

/** `{ usernameFlag, passwordFlag, willRetain, willQos, willFlag, cleanSession|cleanStart, reserved }` from the decoded field, or undefined when the byte was not read. */
export function connectFlagsJson(fields: readonly Field[]): Record<string, Json> | undefined {
	const field = fields.find((f) => f.name === 'connectFlags');
	if (field?.children === undefined) return undefined;
	const out: Record<string, Json> = {};
	for (const child of field.children) {
		if (typeof child.value === 'boolean' || typeof child.value === 'number')
			out[child.name] = child.value;
	}
	return out;
}

/** What each bit is for a CONNECT model, as the encoder will write it. */
function expectedFlags(packet: ConnectPacket): Record<string, Json> {
	const hasWill = packet.willTopic !== undefined;
	const clean = packet.protocolLevel === 5 ? packet.cleanStart : packet.cleanSession;
	return {
		usernameFlag: packet.username !== undefined,
		passwordFlag: packet.password !== undefined,
		willRetain: hasWill && packet.willRetain === true,
		willQos: hasWill ? (packet.willQos ?? 0) : 0,
		willFlag: hasWill,
		[packet.protocolLevel === 5 ? 'cleanStart' : 'cleanSession']: clean === true,
		reserved: false,
	};
}

const HINTS: Readonly<Record<string, string>> = {
	usernameFlag: "it is set by giving 'username'",
	passwordFlag: "it is set by giving 'password'",
	willRetain: "the will is given by 'willTopic', 'willPayload', 'willQos' and 'willRetain'",
	willQos: "the will is given by 'willTopic', 'willPayload', 'willQos' and 'willRetain'",
	willFlag: "it is set by giving 'willTopic'",
	cleanSession: "it is set by 'cleanSession'",
	cleanStart: "it is set by 'cleanStart'",
	reserved: 'the reserved bit is always 0 [MQTT-3.1.2-3]',
};

/** Checks a `connectFlags` object from JSON against the packet it came with. */
export function checkConnectFlagsJson(value: unknown, packet: ConnectPacket): Result<true> {
	const bad = (message: string, detail: string): Result<true> => ({
		ok: false,
		error: { code: 'invalid-request', message, detail },
	});
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		return bad("'connectFlags' must be an object of the flag bits.", 'connectFlags');
	}
	const names = flagNames(packet.protocolLevel);
	const expected = expectedFlags(packet);
	for (const [key, given] of Object.entries(value as Record<string, unknown>)) {
		if (!names.includes(key)) {
			return bad(
				`'${key}' is not a connect flag of MQTT level ${packet.protocolLevel}; expected ${names.join(', ')}.`,
				`connectFlags.${key}`,
			);
		}
		if (given !== expected[key]) {
			return bad(
				`connectFlags.${key} is ${JSON.stringify(given)} but the packet's fields make it ` +
					`${JSON.stringify(expected[key])}: ${HINTS[key] ?? ''}.`,
				`connectFlags.${key}`,
			);
		}
	}
	return { ok: true, value: true };
}
