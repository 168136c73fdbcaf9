/**
 * SCRAM (RFC 5802, RFC 7677) for MQTT 5 enhanced authentication, as EMQX and others offer it
 * under the method names SCRAM-SHA-1, SCRAM-SHA-256 and SCRAM-SHA-512. The password never goes
 * on the wire; the broker proves it knows it too. Pure: the nonce is an argument.
 */
import { createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

const ALGORITHMS = {
	'SCRAM-SHA-1': 'sha1',
	'SCRAM-SHA-256': 'sha256',
	'SCRAM-SHA-512': 'sha512',
} as const;
export type ScramMethod = keyof typeof ALGORITHMS;

export function isScramMethod(method: string | undefined): method is ScramMethod {
	return method !== undefined && Object.hasOwn(ALGORITHMS, method);
}

/** RFC 5802 §5.1: '=' and ',' in a user name are escaped. */
function saslName(username: string): string {
	return username.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

export interface ScramClient {
	readonly method: ScramMethod;
	/** The client-first-message, sent as the CONNECT's Authentication Data. */
	readonly clientFirst: string;
	readonly clientFirstBare: string;
	readonly nonce: string;
}

export function scramStart(method: ScramMethod, username: string, nonce: string): ScramClient {
	const clientFirstBare = `n=${saslName(username)},r=${nonce}`;
	return { method, clientFirst: `n,,${clientFirstBare}`, clientFirstBare, nonce };
}

export type ScramStep =
	| { readonly ok: true; readonly clientFinal: string; readonly serverSignature: Buffer }
	| { readonly ok: false; readonly message: string };

function attributes(message: string): Map<string, string> {
	const map = new Map<string, string>();
	for (const part of message.split(',')) {
		const at = part.indexOf('=');
		if (at > 0) map.set(part.slice(0, at), part.slice(at + 1));
	}
	return map;
}

/** Answers the server-first-message with the client-final-message (the proof). */
export function scramFinish(client: ScramClient, serverFirst: string, password: string): ScramStep {
	const fields = attributes(serverFirst);
	const nonce = fields.get('r');
	const salt = fields.get('s');
	const iterations = Number(fields.get('i'));
	if (fields.has('e')) return { ok: false, message: `the broker refused: ${fields.get('e')}` };
	if (!nonce || !salt || !Number.isInteger(iterations) || iterations < 1) {
		return { ok: false, message: 'the broker sent a malformed SCRAM challenge' };
	}
	// RFC 5802 §5.1: the server's nonce must extend ours, or this is a replay.
	if (!nonce.startsWith(client.nonce)) {
		return { ok: false, message: "the broker's SCRAM nonce does not extend ours" };
	}
	const algorithm = ALGORITHMS[client.method];
	const hmac = (key: Buffer, text: string): Buffer =>
		createHmac(algorithm, key).update(text).digest();
	const salted = pbkdf2Sync(
		password,
		Buffer.from(salt, 'base64'),
		iterations,
		createHash(algorithm).digest().length,
		algorithm,
	);
	const clientKey = hmac(salted, 'Client Key');
	const storedKey = createHash(algorithm).update(clientKey).digest();
	const withoutProof = `c=biws,r=${nonce}`;
	const authMessage = `${client.clientFirstBare},${serverFirst},${withoutProof}`;
	const signature = hmac(storedKey, authMessage);
	const proof = Buffer.from(clientKey.map((byte, i) => byte ^ (signature[i] ?? 0)));
	const serverSignature = hmac(hmac(salted, 'Server Key'), authMessage);
	return {
		ok: true,
		clientFinal: `${withoutProof},p=${proof.toString('base64')}`,
		serverSignature,
	};
}

/** Checks the server-final-message: the broker knew the password as well. */
export function scramVerify(serverFinal: string, expected: Buffer): boolean {
	const given = Buffer.from(attributes(serverFinal).get('v') ?? '', 'base64');
	return given.length === expected.length && timingSafeEqual(given, expected);
}
