/**
 * "Copy as mosquitto_pub": a shell command that publishes a message again, options included, for
 * a POSIX shell (sh, bash, zsh). Pure: main gathers the message and the connection's profile and
 * calls it; the table test and a run through `sh` against mosquitto hold it to its word.
 *
 * What the command cannot carry is said in `notes`, never dropped silently: passwords (never
 * copied: the command reads $MQTT_PASSWORD), certificate and key files (the profile holds their
 * contents, the command names the files to save them to), a payload too large to inline.
 */
import type { ProtocolLevel, QoS } from '../mqtt/protocol';
import type { MessageProperties } from './message';
import { payloadText } from './payload-text';
import type { Transport } from './profile';

/** Binary payloads up to this size are inlined as printf octal escapes; larger ones use -f. */
export const MAX_INLINE_BINARY_BYTES = 16 * 1024;

export interface PublishCommandInput {
	readonly connection: {
		readonly transport: Transport;
		readonly host: string;
		readonly port: number;
		readonly protocolVersion: ProtocolLevel;
		readonly username: string;
		readonly hasPassword: boolean;
		/** For mqtts and wss; what the profile's TLS settings hold (never the secrets themselves). */
		readonly tls?: {
			readonly trust: 'system' | 'custom' | 'system+custom';
			readonly hasClientCertificate: boolean;
			readonly hasPkcs12: boolean;
			readonly hasKeyPassphrase: boolean;
			readonly alpnProtocols?: readonly string[];
			readonly serverName?: string;
			readonly minVersion?: 'TLSv1.2' | 'TLSv1.3';
			readonly verifyServer: boolean;
		};
	};
	readonly message: {
		readonly topic: string;
		readonly payload: Uint8Array;
		readonly qos: QoS;
		readonly retain: boolean;
		readonly properties?: MessageProperties | undefined;
	};
	/** The file name offered for a payload too large to inline (the "Save to file" name). */
	readonly payloadFileName: string;
}

export interface PublishCommand {
	readonly command: string;
	/** What to do before running it, or what it leaves out, in plain words. */
	readonly notes: readonly string[];
}

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One word for a POSIX shell: bare when nothing in it is special, else single-quoted. */
export function shellQuote(text: string): string {
	if (SAFE_WORD.test(text)) return text;
	// Inside single quotes nothing is special but the quote itself: close, escape it, reopen.
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** printf %b's argument: printable ASCII as it is, every other byte as \0ooo (POSIX printf). */
function octalEscapes(bytes: Uint8Array): string {
	let out = '';
	for (const byte of bytes) {
		const isPlain = byte >= 0x20 && byte < 0x7f && byte !== 0x5c && byte !== 0x27;
		out += isPlain ? String.fromCharCode(byte) : `\\0${byte.toString(8).padStart(3, '0')}`;
	}
	return out;
}

const VERSION_FLAG: Record<ProtocolLevel, string> = { 3: '31', 4: '311', 5: '5' };

export function mosquittoPubCommand(input: PublishCommandInput): PublishCommand {
	const { connection, message } = input;
	const args: string[] = ['mosquitto_pub'];
	const notes: string[] = [];
	let stdinPrefix = '';

	const isTls = connection.transport === 'mqtts' || connection.transport === 'wss';
	const isWebSocket = connection.transport === 'ws' || connection.transport === 'wss';
	const port = isWebSocket ? (isTls ? 8883 : 1883) : connection.port;
	if (isWebSocket) {
		notes.push(
			`mosquitto_pub speaks MQTT over TCP only: this connection uses WebSocket on port ${connection.port}, so the command uses the usual ${isTls ? 'MQTT over TLS' : 'MQTT'} port ${port}. Change -p if the broker listens elsewhere.`,
		);
	}
	args.push('-h', shellQuote(connection.host), '-p', String(port));
	args.push('-V', VERSION_FLAG[connection.protocolVersion]);
	if (connection.username !== '') args.push('-u', shellQuote(connection.username));
	if (connection.hasPassword) {
		args.push('-P', '"$MQTT_PASSWORD"');
		notes.push('Set MQTT_PASSWORD to the password first: Topicscope never copies passwords.');
	}
	if (isTls) args.push(...tlsArgs(connection.tls, connection.host, notes));

	args.push('-t', shellQuote(message.topic), '-q', String(message.qos));
	if (message.retain) args.push('-r');
	if (connection.protocolVersion === 5 && message.properties) {
		args.push(...propertyArgs(message.properties, notes));
	}

	const { payload } = message;
	const text = payload.length === 0 ? '' : payloadText(payload);
	if (payload.length === 0) {
		args.push('-n');
	} else if (text !== null) {
		args.push('-m', shellQuote(text));
	} else if (payload.length <= MAX_INLINE_BINARY_BYTES) {
		// Binary cannot be an argument (no NUL in argv): printf writes the bytes, -s reads stdin.
		stdinPrefix = `printf '%b' '${octalEscapes(payload)}' | `;
		args.push('-s');
	} else {
		args.push('-f', shellQuote(input.payloadFileName));
		notes.push(
			`The payload is binary and ${payload.length.toLocaleString('en')} bytes: save it as ${input.payloadFileName} first (Save to file), in the folder where you run the command.`,
		);
	}
	return { command: stdinPrefix + args.join(' '), notes };
}

function tlsArgs(
	tls: PublishCommandInput['connection']['tls'],
	host: string,
	notes: string[],
): string[] {
	if (tls === undefined) return ['--tls-use-os-certs'];
	const args: string[] = [];
	if (tls.trust !== 'custom') args.push('--tls-use-os-certs');
	if (tls.trust !== 'system') {
		args.push('--cafile', 'ca.pem');
		notes.push("Save the profile's CA certificates as ca.pem.");
	}
	if (tls.hasPkcs12) {
		args.push('--cert', 'client.pem', '--key', 'client.pem');
		notes.push(
			'mosquitto_pub takes PEM files: convert the PKCS#12 bundle with `openssl pkcs12 -in bundle.p12 -out client.pem -nodes`.',
		);
	} else if (tls.hasClientCertificate) {
		args.push('--cert', 'client.crt', '--key', 'client.key');
		notes.push(
			"Save the profile's client certificate as client.crt and its key as client.key." +
				(tls.hasKeyPassphrase ? ' mosquitto_pub asks for the key passphrase.' : ''),
		);
	}
	const alpn = tls.alpnProtocols?.[0];
	if (alpn !== undefined) args.push('--tls-alpn', shellQuote(alpn));
	if (tls.minVersion !== undefined) args.push('--tls-version', tls.minVersion.toLowerCase());
	if (!tls.verifyServer) {
		args.push('--insecure');
		notes.push(
			"--insecure only skips mosquitto_pub's host name check; it still needs a CA that signed the broker's certificate.",
		);
	}
	if (tls.serverName !== undefined && tls.serverName !== '' && tls.serverName !== host) {
		notes.push(
			`mosquitto_pub has no option for the server name (${tls.serverName}): it expects the certificate to name ${host}.`,
		);
	}
	return args;
}

function propertyArgs(properties: MessageProperties, notes: string[]): string[] {
	const args: string[] = [];
	const add = (name: string, ...values: string[]): void => {
		args.push('-D', 'publish', name, ...values.map(shellQuote));
	};
	if (properties.payloadFormatIndicator !== undefined) {
		add('payload-format-indicator', String(properties.payloadFormatIndicator));
	}
	if (properties.messageExpiryIntervalSeconds !== undefined) {
		add('message-expiry-interval', String(properties.messageExpiryIntervalSeconds));
		notes.push(
			'The message expiry interval is what was left when the message arrived, not what its publisher set.',
		);
	}
	if (properties.contentType !== undefined) add('content-type', properties.contentType);
	if (properties.responseTopic !== undefined) add('response-topic', properties.responseTopic);
	if (properties.correlationData !== undefined) {
		const text = payloadText(properties.correlationData);
		if (text !== null && text !== '') add('correlation-data', text);
		else
			notes.push(
				'The correlation data is binary: mosquitto_pub takes only text, so it is left out.',
			);
	}
	for (const [name, value] of properties.userProperties ?? []) add('user-property', name, value);
	if (properties.topicAlias !== undefined) {
		notes.push("The topic alias is left out: aliases belong to the sender's connection.");
	}
	return args;
}
