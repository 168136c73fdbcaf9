/**
 * Reads MQTT Explorer's connections: its `settings.json` (connections under
 * `ConnectionManager_connections`, keyed by id) or one exported connection.
 *
 * Format as of MQTT Explorer 0.4 (app/src/model/ConnectionOptions.ts): `{ id, name, host, port,
 * protocol: 'mqtt' | 'ws', basePath?, encryption, certValidation, clientId?, username?, password?,
 * subscriptions: [{ topic, qos }] (plain strings before configVersion 1), selfSignedCertificate?,
 * clientCertificate?, clientKey? }`, certificates as `{ name, data: base64 }`. It speaks MQTT 3.1.1.
 */
import { err, ok, type Result } from '../../shared/result';
import type { Profile, SubscriptionSpec, Transport } from '../../shared/model/profile';
import {
	baseProfile,
	isObject,
	parseJson,
	readBoolean,
	readNumber,
	readQos,
	readString,
	type ForeignImport,
	type ImportProblem,
	type JsonObject,
} from './import-common';
import type { NewProfile } from './profile-store';

const SETTINGS_KEY = 'ConnectionManager_connections';
const FOLDER = 'MQTT Explorer';

/** Profiles and secrets from MQTT Explorer's settings; never throws on bad input. */
export function importMqttExplorer(settingsJson: string): Result<ForeignImport> {
	const parsed = parseJson(settingsJson, 'The MQTT Explorer settings file');
	if (!parsed.ok) return parsed;
	const connections = findConnections(parsed.value);
	if (connections === null) {
		return err(
			'invalid-request',
			`This is not an MQTT Explorer settings.json: it has no "${SETTINGS_KEY}". The file is in MQTT Explorer's settings folder (e.g. ~/.config/MQTT-Explorer/settings.json).`,
		);
	}
	const profiles: NewProfile[] = [];
	const problems: ImportProblem[] = [];
	const sorted = [...connections].sort(
		(a, b) => (readNumber(a.order) ?? 0) - (readNumber(b.order) ?? 0),
	);
	for (const [index, connection] of sorted.entries()) {
		const name =
			readString(connection.name) ?? readString(connection.host) ?? `Connection ${index + 1}`;
		const warn = (message: string) => problems.push({ name, message, isSkipped: false });
		profiles.push(toProfile(connection, name, warn));
	}
	return ok({ profiles, problems });
}

function findConnections(value: unknown): JsonObject[] | null {
	if (!isObject(value)) return null;
	const stored = value[SETTINGS_KEY];
	if (isObject(stored)) return Object.values(stored).filter(isObject);
	// A single connection, as MQTT Explorer's "export connection" writes it.
	if (typeof value.host === 'string' && 'encryption' in value) return [value];
	return null;
}

function toProfile(
	connection: JsonObject,
	name: string,
	warn: (message: string) => void,
): NewProfile {
	const isEncrypted = readBoolean(connection.encryption) ?? false;
	const isWebSocket = connection.protocol === 'ws';
	const transport: Transport = isWebSocket
		? isEncrypted
			? 'wss'
			: 'ws'
		: isEncrypted
			? 'mqtts'
			: 'mqtt';
	const profile: Profile = {
		...baseProfile(),
		name,
		folder: FOLDER,
		transport,
		host: readString(connection.host) ?? '',
		port: readNumber(connection.port) ?? (isEncrypted ? 8883 : 1883),
		protocolVersion: 4,
		clientId: readString(connection.clientId) ?? '',
		username: readString(connection.username) ?? '',
		subscriptions: readSubscriptions(connection.subscriptions),
	};
	if (isWebSocket) {
		// MQTT Explorer builds `${protocol}://${host}:${port}/${basePath}`.
		profile.wsPath = `/${(readString(connection.basePath) ?? '').replace(/^\/+/, '')}`;
	}
	profile.tls = { trust: 'system', verifyServer: readBoolean(connection.certValidation) ?? true };
	const caPem = readCertificate(connection.selfSignedCertificate, 'CA certificate', warn);
	// MQTT Explorer hands its CA to Node as `ca`, which replaces the system store.
	if (caPem !== undefined) profile.tls = { ...profile.tls, trust: 'custom', caPem };
	const clientCertPem = readCertificate(connection.clientCertificate, 'client certificate', warn);
	if (clientCertPem !== undefined) profile.tls = { ...profile.tls, clientCertPem };
	const clientKeyPem = readCertificate(connection.clientKey, 'client key', warn);
	const password = readString(connection.password) ?? '';
	return {
		profile,
		secretUpdates: {
			...(password === '' ? {} : { password }),
			...(clientKeyPem === undefined ? {} : { clientKeyPem }),
		},
	};
}

function readSubscriptions(value: unknown): SubscriptionSpec[] {
	if (!Array.isArray(value)) return [{ filter: '#', qos: 0 }];
	const subscriptions: SubscriptionSpec[] = [];
	for (const entry of value) {
		// Before configVersion 1 subscriptions were plain topic strings.
		if (typeof entry === 'string' && entry !== '') subscriptions.push({ filter: entry, qos: 0 });
		else if (isObject(entry)) {
			const filter = readString(entry.topic);
			if (filter !== undefined && filter !== '') {
				subscriptions.push({ filter, qos: readQos(entry.qos) });
			}
		}
	}
	return subscriptions;
}

/** A `{ name, data: base64 }` certificate as PEM text; DER or unreadable data is reported. */
function readCertificate(
	value: unknown,
	what: string,
	warn: (message: string) => void,
): string | undefined {
	if (!isObject(value)) return undefined;
	const data = readString(value.data);
	if (data === undefined || data === '') return undefined;
	const text = Buffer.from(data, 'base64').toString('utf8');
	if (!text.includes('-----BEGIN')) {
		const file = readString(value.name) ?? 'the file';
		warn(
			`The ${what} (${file}) is not in PEM format: convert it to PEM and add it in the profile.`,
		);
		return undefined;
	}
	return text;
}
