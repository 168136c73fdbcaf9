/** Client ids Topicscope makes up: one rule for the form, duplicates, imports and the local broker. */

const PREFIX = 'topicscope_';

/**
 * A recognisable, random client id within the 23 characters every broker must accept.
 *
 * [MQTT-3.1.3-5] servers must allow 1 to 23 UTF-8 bytes of [0-9a-zA-Z]; ours adds '_', which every
 * broker we know accepts (MQTT Explorer and MQTTX use the same shape).
 */
export function generateClientId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(5));
	let hex = '';
	for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
	return `${PREFIX}${hex}`;
}

/** Whether a client id looks like one `generateClientId` made (so a copy may get a fresh one). */
export function isGeneratedClientId(clientId: string): boolean {
	return /^topicscope_[0-9a-f]{10}$/.test(clientId);
}
