/**
 * Reads MQTTX's JSON export of connections.
 *
 * MQTTX writes an array of `ConnectionModel` (src/types/global.d.ts): `{ name, host, port, protocol:
 * 'mqtt' | 'mqtts' | 'ws' | 'wss', path, clientId, username, password, keepalive, clean,
 * connectTimeout (seconds), reconnect, reconnectPeriod (ms), mqttVersion: '3.1' | '3.1.1' | '5.0',
 * ssl, certType: '' | 'server' | 'self', rejectUnauthorized, ALPNProtocols, ca, cert, key (file
 * paths), will, properties, subscriptions }`; its importer also takes one object. Older versions
 * kept the MQTT 5 properties at the top level and had no `protocol`; collections nest `children`.
 */
import { err, ok, type Result } from '../../shared/result';
import type {
	ConnectProperties,
	Profile,
	SubscriptionSpec,
	Transport,
	Will,
} from '../../shared/model/profile';
import {
	baseProfile,
	compact,
	isObject,
	parseJson,
	readBoolean,
	readNumber,
	readQos,
	readString,
	readUserProperties,
	type ForeignImport,
	type ImportProblem,
	type JsonObject,
} from './import-common';
import type { NewProfile } from './profile-store';

const FOLDER = 'MQTTX';
const MAX_DEPTH = 8;
const CERT_FILES_MESSAGE =
	'Certificate files are not included in MQTTX exports: add them in the profile.';

/** Profiles and secrets from an MQTTX export; never throws on bad input. */
export function importMqttx(exportJson: string): Result<ForeignImport> {
	const parsed = parseJson(exportJson, 'The MQTTX export');
	if (!parsed.ok) return parsed;
	const top = parsed.value;
	const list = Array.isArray(top)
		? top
		: isObject(top) && Array.isArray(top.connections)
			? top.connections
			: [top];
	const connections = flatten(list, FOLDER, 0);
	if (connections.length === 0 || !connections.every(({ connection }) => 'host' in connection)) {
		return err(
			'invalid-request',
			'This is not an MQTTX connections export: expected a JSON list of connections with "host" and "port". Export it from MQTTX with the JSON format.',
		);
	}
	const profiles: NewProfile[] = [];
	const problems: ImportProblem[] = [];
	for (const [index, { connection, folder }] of connections.entries()) {
		const name =
			readString(connection.name) ?? readString(connection.host) ?? `Connection ${index + 1}`;
		const warn = (message: string) => problems.push({ name, message, isSkipped: false });
		profiles.push(toProfile(connection, name, folder, warn));
	}
	return ok({ profiles, problems });
}

/** Connections with the folder they go to; a collection's `children` go into its sub-folder. */
function flatten(
	list: readonly unknown[],
	folder: string,
	depth: number,
): { connection: JsonObject; folder: string }[] {
	const found: { connection: JsonObject; folder: string }[] = [];
	for (const item of list) {
		if (!isObject(item)) continue;
		if (item.isCollection === true && Array.isArray(item.children) && depth < MAX_DEPTH) {
			const name = (readString(item.name) ?? 'Collection').replaceAll('/', '-');
			found.push(...flatten(item.children, `${folder}/${name}`, depth + 1));
		} else found.push({ connection: item, folder });
	}
	return found;
}

function toProfile(
	connection: JsonObject,
	name: string,
	folder: string,
	warn: (message: string) => void,
): NewProfile {
	const transport = readTransport(connection);
	const connectTimeoutSeconds = readNumber(connection.connectTimeout) ?? 10;
	const connectTimeoutMs = clamp(Math.round(connectTimeoutSeconds * 1000), 100, 120_000);
	if (connectTimeoutMs !== connectTimeoutSeconds * 1000) {
		warn(
			`The connect timeout of ${connectTimeoutSeconds} s was changed to ${connectTimeoutMs / 1000} s.`,
		);
	}
	const reconnectPeriodMs = clamp(readNumber(connection.reconnectPeriod) ?? 4000, 100, 3_600_000);
	const base = baseProfile();
	const tls = readTls(connection, warn);
	const path = readString(connection.path) ?? '/mqtt';
	const profile: Profile = {
		...base,
		name,
		folder,
		transport,
		host: readString(connection.host) ?? '',
		port: readNumber(connection.port) ?? 1883,
		wsPath: path.startsWith('/') ? path : `/${path}`,
		protocolVersion: readProtocolVersion(connection.mqttVersion),
		clientId: readString(connection.clientId) ?? '',
		username: readString(connection.username) ?? '',
		keepAliveSeconds: readNumber(connection.keepalive) ?? 60,
		cleanSession: readBoolean(connection.clean) ?? true,
		connectTimeoutMs,
		subscriptions: readSubscriptions(connection.subscriptions),
		properties: readProperties(
			isObject(connection.properties) ? connection.properties : connection,
		),
		reconnect: {
			...base.reconnect,
			isEnabled: readBoolean(connection.reconnect) ?? true,
			// MQTT.js (and so MQTTX) retries at a fixed period.
			initialDelayMs: reconnectPeriodMs,
			maxDelayMs: reconnectPeriodMs,
		},
		tls: tls.tls,
	};
	const will = readWill(connection.will);
	if (will !== undefined) profile.will = will;
	const password = readString(connection.password) ?? '';
	const secretUpdates = compact({
		password: password === '' ? undefined : password,
		clientKeyPem: tls.clientKeyPem,
	});
	return { profile, secretUpdates };
}

function readTransport(connection: JsonObject): Transport {
	const isSecure = readBoolean(connection.ssl) ?? false;
	switch (connection.protocol) {
		case 'ws':
			return isSecure ? 'wss' : 'ws';
		case 'wss':
			return 'wss';
		case 'mqtts':
			return 'mqtts';
		default:
			return isSecure ? 'mqtts' : 'mqtt';
	}
}

function readProtocolVersion(value: unknown): 3 | 4 | 5 {
	const version = readString(value);
	if (version === '3.1') return 3;
	if (version === '5.0' || version === '5') return 5;
	return 4;
}

function readTls(
	connection: JsonObject,
	warn: (message: string) => void,
): { tls: Profile['tls']; clientKeyPem?: string } {
	const alpn = readString(connection.ALPNProtocols)
		?.split(',')
		.map((protocol) => protocol.trim())
		.filter((protocol) => protocol !== '');
	const tls: Profile['tls'] = compact({
		trust: 'system' as const,
		verifyServer: readBoolean(connection.rejectUnauthorized) ?? true,
		alpnProtocols: alpn !== undefined && alpn.length > 0 ? alpn : undefined,
	});
	if (connection.certType !== 'self') return { tls };
	// MQTTX keeps paths to the files; contents appear only when PEM text was pasted in.
	const [caPem, clientCertPem, clientKeyPem] = [connection.ca, connection.cert, connection.key].map(
		(value) => pemOrUndefined(value),
	);
	const isMissingFiles = [connection.ca, connection.cert, connection.key].some(
		(value) => (readString(value) ?? '') !== '' && pemOrUndefined(value) === undefined,
	);
	if (isMissingFiles) warn(CERT_FILES_MESSAGE);
	const trust = caPem === undefined ? ('system' as const) : ('custom' as const);
	return { tls: compact({ ...tls, trust, caPem, clientCertPem }), clientKeyPem };
}

function pemOrUndefined(value: unknown): string | undefined {
	const text = readString(value);
	return text !== undefined && text.includes('-----BEGIN') ? text : undefined;
}

function readSubscriptions(value: unknown): SubscriptionSpec[] {
	if (!Array.isArray(value)) return [];
	const subscriptions: SubscriptionSpec[] = [];
	for (const entry of value) {
		if (!isObject(entry)) continue;
		const filter = readString(entry.topic);
		if (filter === undefined || filter === '') continue;
		const rh = readNumber(entry.rh);
		subscriptions.push(
			compact({
				filter,
				qos: readQos(entry.qos),
				noLocal: readBoolean(entry.nl),
				retainAsPublished: readBoolean(entry.rap),
				retainHandling: rh === 0 || rh === 1 || rh === 2 ? rh : undefined,
			}),
		);
	}
	return subscriptions;
}

function readProperties(source: JsonObject): ConnectProperties {
	return compact({
		sessionExpiryIntervalSeconds: readNumber(source.sessionExpiryInterval),
		receiveMaximum: readNumber(source.receiveMaximum),
		maximumPacketSize: readNumber(source.maximumPacketSize),
		topicAliasMaximum: readNumber(source.topicAliasMaximum),
		requestResponseInformation: readBoolean(source.requestResponseInformation),
		requestProblemInformation: readBoolean(source.requestProblemInformation),
		userProperties: readUserProperties(source.userProperties),
		authenticationMethod: nonEmpty(readString(source.authenticationMethod)),
		authenticationDataHex: readBytesHex(source.authenticationData),
	});
}

function readWill(value: unknown): Will | undefined {
	if (!isObject(value)) return undefined;
	const topic = readString(value.lastWillTopic) ?? '';
	if (topic === '') return undefined;
	const properties = isObject(value.properties) ? value.properties : {};
	return compact({
		topic,
		payload: readString(value.lastWillPayload) ?? '',
		payloadEncoding: 'text' as const,
		qos: readQos(value.lastWillQos),
		retain: readBoolean(value.lastWillRetain) ?? false,
		delayIntervalSeconds: readNumber(properties.willDelayInterval),
		messageExpiryIntervalSeconds: readNumber(properties.messageExpiryInterval),
		contentType: nonEmpty(readString(properties.contentType)),
		responseTopic: nonEmpty(readString(properties.responseTopic)),
		correlationDataHex: readBytesHex(properties.correlationData),
		payloadFormatIndicator: readBoolean(properties.payloadFormatIndicator),
		userProperties: readUserProperties(properties.userProperties),
	});
}

/** Text (taken as UTF-8) or a JSON-serialised Buffer `{ type: 'Buffer', data: [...] }`, as hex. */
function readBytesHex(value: unknown): string | undefined {
	if (typeof value === 'string')
		return value === '' ? undefined : Buffer.from(value, 'utf8').toString('hex');
	if (isObject(value) && value.type === 'Buffer' && Array.isArray(value.data)) {
		const bytes = value.data.filter(
			(byte): byte is number => Number.isInteger(byte) && byte >= 0 && byte < 256,
		);
		return Buffer.from(bytes).toString('hex');
	}
	return undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
	return value === '' ? undefined : value;
}

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}
