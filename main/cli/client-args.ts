/**
 * What `pub`, `sub`, `rr` and `check` add to the connection options of connection-args.ts, with
 * the mosquitto clients' habits: `-c` (keep the session: needs `-i`), `-x` session expiry
 * (`-1`/`∞` for never), `-I` client id prefix, `--will-topic/--will-payload/--will-qos/
 * --will-retain`, `-D connect|will …` properties, `-d` for progress on stderr, `--quiet`.
 */
import { readFileSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import type { Profile, Will } from '../../shared/model/profile';
import { findTopicNameProblem } from '../../shared/mqtt/topic';
import { err, ok, type Result } from '../../shared/result';
import { validateProfile } from '../profiles/profile-secrets';
import { CONNECTION_OPTIONS, connectionFromArgs, type ConnectionValues } from './connection-args';
import type { PropertyArgs } from './property-args';

export const CLIENT_OPTIONS = {
	...CONNECTION_OPTIONS,
	'disable-clean-session': { type: 'boolean', short: 'c' },
	'session-expiry': { type: 'string', short: 'x' },
	'id-prefix': { type: 'string', short: 'I' },
	'will-topic': { type: 'string' },
	'will-payload': { type: 'string' },
	'will-qos': { type: 'string' },
	'will-retain': { type: 'boolean' },
	debug: { type: 'boolean', short: 'd' },
	quiet: { type: 'boolean' },
	help: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export interface ClientValues extends ConnectionValues {
	readonly 'disable-clean-session'?: boolean;
	readonly 'session-expiry'?: string;
	readonly 'id-prefix'?: string;
	readonly 'will-topic'?: string;
	readonly 'will-payload'?: string;
	readonly 'will-qos'?: string;
	readonly 'will-retain'?: boolean;
}

export interface ClientChoice {
	readonly profile: Profile;
	/** True when -V chose the level: no fallback from 5 to 3.1.1 then. */
	readonly isVersionFixed: boolean;
	/** The connection's name in NDJSON lines and messages: the profile's, or host:port. */
	readonly name: string;
	/** With --profile: the saved profile's subscriptions (the profile returned has none). */
	readonly savedSubscriptions: Profile['subscriptions'];
}

const NEVER_EXPIRES = 4_294_967_295;

/** `-x`: seconds, or -1 / 4294967295 / ∞ for a session that never expires (mosquitto's words). */
export function parseSessionExpiry(text: string): Result<number> {
	if (text === '-1' || text === '∞' || text === String(NEVER_EXPIRES)) return ok(NEVER_EXPIRES);
	if (/^\d+$/.test(text) && Number(text) < NEVER_EXPIRES) return ok(Number(text));
	return err(
		'invalid-options',
		`-x takes seconds from 0 to 4294967294, or -1 (or ∞) for a session that never expires, not '${text}'.`,
	);
}

/** `-q` as a QoS, `fallback` when absent. */
export function parseQos(
	text: string | undefined,
	fallback: 0 | 1 | 2,
	option = '-q',
): Result<0 | 1 | 2> {
	if (text === undefined) return ok(fallback);
	if (text !== '0' && text !== '1' && text !== '2') {
		return err('invalid-options', `${option} takes 0, 1 or 2, not '${text}'.`);
	}
	return ok(Number(text) as 0 | 1 | 2);
}

function willFrom(values: ClientValues, properties: PropertyArgs): Result<Will | undefined> {
	const topic = values['will-topic'];
	const hasWillProperties = Object.keys(properties.will).length > 0;
	if (topic === undefined) {
		if (
			values['will-payload'] !== undefined ||
			values['will-qos'] !== undefined ||
			values['will-retain'] === true ||
			hasWillProperties
		) {
			return err('invalid-options', 'Will options and -D will … need --will-topic TOPIC.');
		}
		return ok(undefined);
	}
	const problem = findTopicNameProblem(topic);
	if (problem !== undefined) {
		return err('invalid-topic', `--will-topic '${topic}': ${problem.message}`);
	}
	const qos = parseQos(values['will-qos'], 0, '--will-qos');
	if (!qos.ok) return qos;
	return ok({
		topic,
		payload: values['will-payload'] ?? '',
		payloadEncoding: 'text',
		qos: qos.value,
		retain: values['will-retain'] === true,
		...properties.will,
	});
}

/**
 * The profile for a client command: the connection options (a saved profile under them), then
 * the session, will and MQTT 5 connect properties. `-t` is the command's business: it is not read.
 */
export function clientProfileFromArgs(
	values: ClientValues,
	properties: PropertyArgs,
	clientIdPrefix: string,
): Result<ClientChoice> {
	const choice = connectionFromArgs({ ...values, topic: undefined }, clientIdPrefix);
	if (!choice.ok) return choice;
	const base = choice.value.profile;
	const isCustomId =
		values.id !== undefined || (values.profile !== undefined && base.clientId !== '');
	let clientId = base.clientId;
	if (values['id-prefix'] !== undefined) {
		if (values.id !== undefined) return err('invalid-options', 'Give -i or -I, not both.');
		clientId = `${values['id-prefix']}${process.pid}`;
	}
	const isSessionKept = values['disable-clean-session'] === true;
	if (isSessionKept && !isCustomId) {
		return err(
			'invalid-options',
			'-c keeps the session after disconnecting: give the client id to find it again with -i.',
		);
	}
	const connect = { ...base.properties, ...properties.connect };
	if (values['session-expiry'] !== undefined) {
		const expiry = parseSessionExpiry(values['session-expiry']);
		if (!expiry.ok) return expiry;
		if (expiry.value === NEVER_EXPIRES && !isCustomId) {
			return err(
				'invalid-options',
				'A session that never expires needs a client id to find it again: give -i.',
			);
		}
		connect.sessionExpiryIntervalSeconds = expiry.value;
	} else if (isSessionKept && connect.sessionExpiryIntervalSeconds === undefined) {
		// mosquitto: -c without -x keeps the session for ever.
		connect.sessionExpiryIntervalSeconds = NEVER_EXPIRES;
	}
	const will = willFrom(values, properties);
	if (!will.ok) return will;
	const profile: Profile = {
		...base,
		clientId,
		cleanSession: isSessionKept ? false : values.profile === undefined ? true : base.cleanSession,
		properties: connect,
		subscriptions: [],
		...(will.value === undefined ? {} : { will: will.value }),
	};
	const checked = validateProfile(profile);
	if (!checked.ok) return checked;
	return ok({
		profile: checked.value,
		isVersionFixed: choice.value.isVersionFixed,
		name: checked.value.name,
		savedSubscriptions: values.profile === undefined ? [] : base.subscriptions,
	});
}

/**
 * A topic given by `-L mqtt://host/topic`, as mosquitto takes it, or undefined. Read from the text
 * itself: a URL parser would take the '#' of `-L mqtt://host/a/#` for a fragment.
 */
export function topicFromUrl(url: string | undefined): string | undefined {
	if (url === undefined || !/^mqtts?:\/\//i.test(url)) return undefined;
	const afterScheme = url.slice(url.indexOf('//') + 2);
	const slash = afterScheme.indexOf('/');
	if (slash < 0 || slash === afterScheme.length - 1) return undefined;
	const raw = afterScheme.slice(slash + 1);
	try {
		return decodeURIComponent(raw);
	} catch {
		// A lone '%' is no escape: the text is the topic.
		return raw;
	}
}

/** A file's bytes, or why it cannot be read. */
export function readFileBytes(path: string, option: string): Result<Uint8Array> {
	try {
		return ok(readFileSync(path));
	} catch (error) {
		const why = error instanceof Error ? error.message : String(error);
		return err('invalid-options', `${option}: cannot read ${path}: ${why}`);
	}
}
