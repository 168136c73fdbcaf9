/**
 * What a log line may hold: never payload bytes, passwords, keys or tokens (STYLE §8). Fields
 * named like a secret or a payload are replaced by a marker, and bytes by their count, however
 * deep they sit, so a careless call cannot write them.
 */

/** Field names (lower case, without - and _) whose values never reach a log. */
const SECRET_NAMES = new Set([
	'password',
	'passphrase',
	'secret',
	'secrets',
	'token',
	'accesstoken',
	'authorization',
	'privatekey',
	'clientkeypem',
	'pkcs12base64',
	'authenticationdata',
	'authenticationdatahex',
	'payload',
	'payloadpreview',
	'payloadtext',
	'payloadbase64',
	'correlationdata',
	'bytes',
]);

const MAX_DEPTH = 6;
const MAX_STRING = 2_000;

function isSecretName(name: string): boolean {
	return SECRET_NAMES.has(name.toLowerCase().replace(/[-_]/g, ''));
}

/** A copy of `value` fit for a log line. */
export function redact(value: unknown, depth = 0): unknown {
	if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
	if (value instanceof Error) {
		return { name: value.name, message: value.message, stack: value.stack };
	}
	if (typeof value === 'string') {
		return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}… (${value.length})` : value;
	}
	if (typeof value !== 'object' || value === null) return value;
	if (depth >= MAX_DEPTH) return '[…]';
	if (Array.isArray(value)) return value.map((item: unknown) => redact(item, depth + 1));
	const copy: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(value)) {
		// A count or a flag under such a name (`bytes: 120`, `password: true` for "is set") says nothing.
		const isPlain = typeof field === 'number' || typeof field === 'boolean' || field == null;
		copy[key] = isSecretName(key) && !isPlain ? '[redacted]' : redact(field, depth + 1);
	}
	return copy;
}
