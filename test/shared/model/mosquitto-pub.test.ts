import { describe, expect, it } from 'vitest';
import {
	MAX_INLINE_BINARY_BYTES,
	mosquittoPubCommand,
	shellQuote,
	type PublishCommandInput,
} from '../../../shared/model/mosquitto-pub';

const text = (value: string) => new TextEncoder().encode(value);

const PLAIN: PublishCommandInput['connection'] = {
	transport: 'mqtt',
	host: 'broker.example',
	port: 1883,
	protocolVersion: 4,
	username: '',
	hasPassword: false,
};

function command(
	message: Partial<PublishCommandInput['message']>,
	connection: Partial<PublishCommandInput['connection']> = {},
) {
	return mosquittoPubCommand({
		connection: { ...PLAIN, ...connection },
		message: { topic: 'a/b', payload: text('hi'), qos: 0, retain: false, ...message },
		payloadFileName: 'a_b.bin',
	});
}

describe('shellQuote', () => {
	it.each([
		['plain/topic-1_x.y', 'plain/topic-1_x.y'],
		['', "''"],
		['two words', "'two words'"],
		["it's", "'it'\\''s'"],
		['$HOME `x` \\n "q"', `'$HOME \`x\` \\n "q"'`],
		['sensors/+/temp', 'sensors/+/temp'],
		['a#b', "'a#b'"],
		['line1\nline2', "'line1\nline2'"],
		['température', "'température'"],
	])('%j → %s', (input, expected) => {
		expect(shellQuote(input)).toBe(expected);
	});
});

describe('mosquittoPubCommand', () => {
	it.each<[string, Parameters<typeof command>[0], Parameters<typeof command>[1], string]>([
		[
			'a text message at QoS 0',
			{},
			{},
			'mosquitto_pub -h broker.example -p 1883 -V 311 -t a/b -q 0 -m hi',
		],
		[
			'retained at QoS 2, MQTT 3.1, quotes in topic and payload',
			{ topic: "it's/here", payload: text(`{"v": 'x'}`), qos: 2, retain: true },
			{ protocolVersion: 3 },
			`mosquitto_pub -h broker.example -p 1883 -V 31 -t 'it'\\''s/here' -q 2 -r -m '{"v": '\\''x'\\''}'`,
		],
		[
			'an empty payload is a null message',
			{ payload: new Uint8Array() },
			{},
			'mosquitto_pub -h broker.example -p 1883 -V 311 -t a/b -q 0 -n',
		],
		[
			'binary is written by printf and read from stdin',
			{ payload: new Uint8Array([0, 1, 0x41, 0x27, 0x5c, 0xff]) },
			{},
			"printf '%b' '\\0000\\0001A\\0047\\0134\\0377' | mosquitto_pub -h broker.example -p 1883 -V 311 -t a/b -q 0 -s",
		],
		[
			'user name and a password read from the environment',
			{},
			{ username: 'ops team', hasPassword: true },
			`mosquitto_pub -h broker.example -p 1883 -V 311 -u 'ops team' -P "$MQTT_PASSWORD" -t a/b -q 0 -m hi`,
		],
		[
			'MQTT 5 properties in order, user properties repeated',
			{
				qos: 1,
				properties: {
					payloadFormatIndicator: 1,
					contentType: 'application/json',
					responseTopic: 'reply/to me',
					correlationData: text('req-42'),
					userProperties: [
						['site', 'Lyon 3'],
						['site', 'Paris'],
					],
				},
			},
			{ protocolVersion: 5 },
			"mosquitto_pub -h broker.example -p 1883 -V 5 -t a/b -q 1 -D publish payload-format-indicator 1 -D publish content-type application/json -D publish response-topic 'reply/to me' -D publish correlation-data req-42 -D publish user-property site 'Lyon 3' -D publish user-property site Paris -m hi",
		],
		[
			'TLS trusting the OS and a CA file, client certificate, ALPN, minimum version',
			{},
			{
				transport: 'mqtts',
				port: 8883,
				tls: {
					trust: 'system+custom',
					hasClientCertificate: true,
					hasPkcs12: false,
					hasKeyPassphrase: false,
					alpnProtocols: ['mqtt', 'x'],
					minVersion: 'TLSv1.3',
					verifyServer: true,
				},
			},
			'mosquitto_pub -h broker.example -p 8883 -V 311 --tls-use-os-certs --cafile ca.pem --cert client.crt --key client.key --tls-alpn mqtt --tls-version tlsv1.3 -t a/b -q 0 -m hi',
		],
		[
			'TLS without verification',
			{},
			{
				transport: 'mqtts',
				port: 8883,
				tls: {
					trust: 'custom',
					hasClientCertificate: false,
					hasPkcs12: false,
					hasKeyPassphrase: false,
					verifyServer: false,
				},
			},
			'mosquitto_pub -h broker.example -p 8883 -V 311 --cafile ca.pem --insecure -t a/b -q 0 -m hi',
		],
		[
			'WebSocket falls back to the TCP port',
			{},
			{ transport: 'wss', port: 443 },
			'mosquitto_pub -h broker.example -p 8883 -V 311 --tls-use-os-certs -t a/b -q 0 -m hi',
		],
	])('%s', (_name, message, connection, expected) => {
		expect(command(message, connection).command).toBe(expected);
	});

	it('says what the command needs and what it leaves out', () => {
		const { notes } = command(
			{
				properties: {
					messageExpiryIntervalSeconds: 30,
					correlationData: new Uint8Array([0, 1, 2]),
					topicAlias: 3,
				},
			},
			{
				protocolVersion: 5,
				transport: 'wss',
				port: 443,
				hasPassword: true,
				tls: {
					trust: 'custom',
					hasClientCertificate: false,
					hasPkcs12: true,
					hasKeyPassphrase: true,
					serverName: 'mqtt.internal',
					verifyServer: true,
				},
			},
		);
		expect(notes).toEqual([
			'mosquitto_pub speaks MQTT over TCP only: this connection uses WebSocket on port 443, so the command uses the usual MQTT over TLS port 8883. Change -p if the broker listens elsewhere.',
			'Set MQTT_PASSWORD to the password first: Topicscope never copies passwords.',
			"Save the profile's CA certificates as ca.pem.",
			'mosquitto_pub takes PEM files: convert the PKCS#12 bundle with `openssl pkcs12 -in bundle.p12 -out client.pem -nodes`.',
			'mosquitto_pub has no option for the server name (mqtt.internal): it expects the certificate to name broker.example.',
			'The message expiry interval is what was left when the message arrived, not what its publisher set.',
			'The correlation data is binary: mosquitto_pub takes only text, so it is left out.',
			"The topic alias is left out: aliases belong to the sender's connection.",
		]);
	});

	it('sends a large binary payload from the saved file', () => {
		const big = new Uint8Array(MAX_INLINE_BINARY_BYTES + 1).fill(0);
		const { command: line, notes } = command({ payload: big });
		expect(line).toBe('mosquitto_pub -h broker.example -p 1883 -V 311 -t a/b -q 0 -f a_b.bin');
		expect(notes[0]).toContain('save it as a_b.bin first');
	});

	it('leaves MQTT 5 properties out below MQTT 5', () => {
		expect(command({ properties: { contentType: 'x' } }).command).not.toContain('-D');
	});
});
