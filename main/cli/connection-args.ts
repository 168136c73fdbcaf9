/**
 * Connection options on the command line, with the mosquitto clients' habits:
 * `-h host -p port -t filter… -V 31|311|5 -u user -P password -i client-id -k keepalive
 * --cafile --cert --key --insecure --url mqtt[s]|ws[s]://[user[:password]@]host[:port][/path]`,
 * and `--profile NAME` for a saved profile (its secrets decrypted with the data folder's key).
 * `pub`, `sub`, `rr` and `check` take the same options.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import {
	DEFAULT_PORTS,
	DEFAULT_PROFILE,
	type Profile,
	type Transport,
} from '../../shared/model/profile';
import type { ProtocolLevel } from '../../shared/mqtt/protocol';
import { generateClientId } from '../../shared/mqtt/client-id';
import { validateTopicFilter } from '../../shared/mqtt/topic';
import { err, ok, type Result } from '../../shared/result';
import { defaultDataDir } from '../core/data-dir';
import { validateProfile } from '../profiles/profile-secrets';
import { createKeyFileSecretBox } from '../profiles/secret-box';
import { ProfileStore } from '../profiles/profile-store';

/** parseArgs options for the connection; commands spread them into their own. */
export const CONNECTION_OPTIONS = {
	host: { type: 'string', short: 'h' },
	port: { type: 'string', short: 'p' },
	topic: { type: 'string', short: 't', multiple: true },
	'protocol-version': { type: 'string', short: 'V' },
	username: { type: 'string', short: 'u' },
	password: { type: 'string', short: 'P' },
	id: { type: 'string', short: 'i' },
	keepalive: { type: 'string', short: 'k' },
	qos: { type: 'string', short: 'q' },
	cafile: { type: 'string' },
	cert: { type: 'string' },
	key: { type: 'string' },
	insecure: { type: 'boolean' },
	url: { type: 'string', short: 'L' },
	profile: { type: 'string' },
	'data-dir': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export interface ConnectionValues {
	readonly host?: string;
	readonly port?: string;
	readonly topic?: readonly string[];
	readonly 'protocol-version'?: string;
	readonly username?: string;
	readonly password?: string;
	readonly id?: string;
	readonly keepalive?: string;
	readonly qos?: string;
	readonly cafile?: string;
	readonly cert?: string;
	readonly key?: string;
	readonly insecure?: boolean;
	readonly url?: string;
	readonly profile?: string;
	readonly 'data-dir'?: string;
}

export interface ConnectionChoice {
	readonly profile: Profile;
	/** True when -V chose the level: no fallback from 5 to 3.1.1 then. */
	readonly isVersionFixed: boolean;
	readonly profileId?: string;
}

function integer(text: string, what: string, min: number, max: number): Result<number> {
	const value = Number(text);
	if (!/^\d+$/.test(text) || value < min || value > max) {
		return err(
			'invalid-options',
			`${what} must be a whole number from ${min} to ${max}, not '${text}'.`,
		);
	}
	return ok(value);
}

function readPem(path: string, what: string): Result<string> {
	try {
		return ok(readFileSync(path, 'utf8'));
	} catch (error) {
		const why = error instanceof Error ? error.message : String(error);
		return err('invalid-options', `Cannot read the ${what} ${path}: ${why}`);
	}
}

function fromUrl(text: string): Result<Partial<Profile>> {
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		// Bad input, answered in words.
		return err(
			'invalid-options',
			`--url '${text}' is not a URL such as mqtt://broker.example:1883.`,
		);
	}
	const scheme = url.protocol.replace(/:$/, '');
	const transport = (['mqtt', 'mqtts', 'ws', 'wss'] as const).find(
		(t) => t === scheme || (scheme === 'tcp' && t === 'mqtt'),
	);
	if (transport === undefined) {
		return err(
			'invalid-options',
			`--url must start with mqtt://, mqtts://, ws:// or wss://, not ${url.protocol}//.`,
		);
	}
	const port = url.port === '' ? DEFAULT_PORTS[transport] : Number(url.port);
	return ok({
		transport: transport as Transport,
		host: url.hostname.replace(/^\[|\]$/g, ''),
		port,
		...(url.username ? { username: decodeURIComponent(url.username) } : {}),
		...(url.password ? { password: decodeURIComponent(url.password) } : {}),
		...(transport === 'ws' || transport === 'wss' ? { wsPath: url.pathname || '/mqtt' } : {}),
	});
}

function loadProfile(name: string, dataDir: string): Result<{ profile: Profile; id: string }> {
	const box = createKeyFileSecretBox(join(dataDir, 'secrets.key'));
	if (!box.ok) return box;
	const store = ProfileStore.open(join(dataDir, 'profiles.sqlite'), box.value);
	if (!store.ok) return store;
	try {
		const matches = store.value.list().filter((view) => view.profile.name === name);
		if (matches.length === 0)
			return err('not-found', `There is no saved profile named '${name}' in ${dataDir}.`);
		if (matches.length > 1) {
			return err(
				'invalid-options',
				`${matches.length} saved profiles are named '${name}': rename one in the app.`,
			);
		}
		const id = (matches[0] as (typeof matches)[number]).id;
		const profile = store.value.getWithSecrets(id);
		return profile.ok ? ok({ profile: profile.value, id }) : profile;
	} finally {
		store.value.close();
	}
}

/** The profile the options describe (a saved one with the options on top), checked. */
export function connectionFromArgs(
	values: ConnectionValues,
	clientIdPrefix: string,
): Result<ConnectionChoice> {
	let base: Profile = { ...DEFAULT_PROFILE, name: 'topicscope', clientId: '' };
	let profileId: string | undefined;
	if (values.profile !== undefined) {
		const saved = loadProfile(values.profile, values['data-dir'] ?? defaultDataDir());
		if (!saved.ok) return saved;
		base = saved.value.profile;
		profileId = saved.value.id;
	}
	const changes: { -readonly [K in keyof Profile]?: Profile[K] } = {};
	if (values.url !== undefined) {
		const fromText = fromUrl(values.url);
		if (!fromText.ok) return fromText;
		Object.assign(changes, fromText.value);
		changes.name = values.url.replace(/\/\/[^@/]*@/, '//');
	}
	if (values.host !== undefined) changes.host = values.host;
	if (values.port !== undefined) {
		const port = integer(values.port, '-p (port)', 1, 65_535);
		if (!port.ok) return port;
		changes.port = port.value;
	}
	let isVersionFixed = false;
	if (values['protocol-version'] !== undefined) {
		const levels: Record<string, ProtocolLevel> = {
			'31': 3,
			'311': 4,
			'5': 5,
			mqttv31: 3,
			mqttv311: 4,
			mqttv5: 5,
		};
		const level = levels[values['protocol-version']];
		if (level === undefined)
			return err('invalid-options', `-V takes 31, 311 or 5, not '${values['protocol-version']}'.`);
		changes.protocolVersion = level;
		isVersionFixed = true;
	}
	if (values.username !== undefined) changes.username = values.username;
	if (values.password !== undefined) changes.password = values.password;
	if (values.id !== undefined) changes.clientId = values.id;
	if (values.keepalive !== undefined) {
		const keepAlive = integer(values.keepalive, '-k (keep alive)', 0, 65_535);
		if (!keepAlive.ok) return keepAlive;
		changes.keepAliveSeconds = keepAlive.value;
	}
	let qos: 0 | 1 | 2 = 2;
	if (values.qos !== undefined) {
		if (values.qos !== '0' && values.qos !== '1' && values.qos !== '2')
			return err('invalid-options', `-q takes 0, 1 or 2, not '${values.qos}'.`);
		qos = Number(values.qos) as 0 | 1 | 2;
	}
	if (values.topic !== undefined && values.topic.length > 0) {
		for (const filter of values.topic) {
			const checked = validateTopicFilter(filter);
			if (!checked.ok)
				return err('invalid-topic-filter', `-t '${filter}': ${checked.error.message}`);
		}
		changes.subscriptions = values.topic.map((filter) => ({
			filter,
			qos,
			retainAsPublished: true,
		}));
	}
	const tls = { ...(changes.tls ?? base.tls) };
	if (values.cafile !== undefined) {
		const pem = readPem(values.cafile, 'CA file');
		if (!pem.ok) return pem;
		tls.caPem = pem.value;
		tls.trust = 'custom';
	}
	if (values.cert !== undefined) {
		const pem = readPem(values.cert, 'certificate');
		if (!pem.ok) return pem;
		tls.clientCertPem = pem.value;
	}
	if (values.key !== undefined) {
		const pem = readPem(values.key, 'key');
		if (!pem.ok) return pem;
		tls.clientKeyPem = pem.value;
	}
	if (values.insecure === true) tls.verifyServer = false;
	changes.tls = tls;
	// mosquitto habit: giving TLS material on the default port means mqtts.
	if (
		(values.cafile !== undefined || values.cert !== undefined) &&
		values.url === undefined &&
		base.transport === 'mqtt'
	) {
		changes.transport = 'mqtts';
		if (values.port === undefined) changes.port = DEFAULT_PORTS.mqtts;
	}
	const merged = { ...base, ...changes };
	if (merged.clientId === '') merged.clientId = `${clientIdPrefix}-${generateClientId().slice(-8)}`;
	if (merged.name === 'topicscope') merged.name = `${merged.host}:${merged.port}`;
	// The recorder reconnects for ever: a 24/7 recorder must outlive a broker restart.
	merged.reconnect = { ...merged.reconnect, isEnabled: true, maxAttempts: 0 };
	const checked = validateProfile(merged);
	if (!checked.ok) return checked;
	return ok({
		profile: checked.value,
		isVersionFixed,
		...(profileId === undefined ? {} : { profileId }),
	});
}
