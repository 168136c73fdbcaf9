/**
 * Export and import of profiles as JSON, and saving profiles read from other tools.
 *
 * Secrets travel only when the user gives a passphrase: they are then sealed with AES-256-GCM under
 * a key derived by scrypt, so the file can be mailed or committed without leaking credentials.
 */
import {
	createCipheriv,
	createDecipheriv,
	randomBytes,
	scrypt,
	type ScryptOptions,
} from 'node:crypto';
import * as v from 'valibot';
import { err, ok, type Result } from '../../shared/result';
import type { ImportChoices, ProfileId, ProfileImportResult } from '../../shared/model/profile';
import { createLogger } from '../log/logger';
import { isObject, parseJson, type ForeignImport } from './import-common';
import { saveImported } from './import-save';
import { splitProfile, type PublicProfile, type SecretValues } from './profile-secrets';
import type { NewProfile, ProfileStore } from './profile-store';

export { importMqttExplorer } from './import-mqtt-explorer';
export { importMqttx } from './import-mqttx';
export { saveImported } from './import-save';
export type { ForeignImport, ImportProblem, ImportReport } from './import-common';

const log = createLogger('profiles');

export const EXPORT_FORMAT = 'topicscope-profiles';
export const EXPORT_VERSION = 1;

// 2^15 × 8 × 128 bytes = 32 MiB of memory and ~100 ms: slow enough to make guessing costly.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_BYTES = 32;
// What an imported file may ask scrypt for (Node refuses more than `maxmem`): 8× our own cost.
const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024;

const SealedSchema = v.strictObject({
	kdf: v.literal('scrypt'),
	n: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(2 ** 20)),
	r: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(32)),
	p: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(16)),
	salt: v.pipe(v.string(), v.base64()),
	iv: v.pipe(v.string(), v.base64()),
	tag: v.pipe(v.string(), v.base64()),
	data: v.pipe(v.string(), v.base64()),
});
type Sealed = v.InferOutput<typeof SealedSchema>;

const ExportSchema = v.object({
	format: v.literal(EXPORT_FORMAT),
	version: v.number(),
	exportedAt: v.optional(v.string()),
	profiles: v.array(v.unknown()),
	// Beside `profiles` rather than inside each: profiles keep the strict profile shape, and older
	// versions, which ignore unknown top-level keys, still read the file.
	profileIds: v.optional(v.array(v.pipe(v.string(), v.maxLength(64)))),
	secrets: v.optional(SealedSchema),
});

const ExportedSecretsSchema = v.array(
	v.strictObject({
		password: v.optional(v.string()),
		clientKeyPem: v.optional(v.string()),
		passphrase: v.optional(v.string()),
		pkcs12Base64: v.optional(v.string()),
	}),
);

/**
 * The profiles `ids` as a JSON document; their secrets only when `passphrase` is given.
 *
 * An unknown id, or a profile whose secrets cannot be decrypted while a passphrase is given, is an
 * error: an export silently missing a profile or a password would be found out too late.
 */
export async function exportProfiles(
	store: ProfileStore,
	ids: readonly ProfileId[],
	passphrase?: string,
): Promise<Result<string>> {
	if (passphrase === '')
		return err('invalid-request', 'Enter a passphrase, or export without secrets.');
	const profiles: PublicProfile[] = [];
	const secrets: SecretValues[] = [];
	const profileIds: ProfileId[] = [];
	for (const id of ids) {
		profileIds.push(id);
		if (passphrase === undefined) {
			const view = store.get(id);
			if (!view.ok) return view;
			profiles.push(view.value.profile);
			continue;
		}
		const full = store.getWithSecrets(id);
		if (!full.ok) return full;
		const split = splitProfile(full.value);
		profiles.push(split.publicProfile);
		secrets.push(split.secrets);
	}
	const document = {
		format: EXPORT_FORMAT,
		version: EXPORT_VERSION,
		exportedAt: new Date().toISOString(),
		profiles,
		// So importing the file again where it came from recognises each profile for sure.
		profileIds,
		...(passphrase === undefined
			? {}
			: { secrets: await seal(JSON.stringify(secrets), passphrase) }),
	};
	log.info('exported profiles', { count: profiles.length, hasSecrets: passphrase !== undefined });
	return ok(JSON.stringify(document, null, '\t'));
}

/**
 * Imports a file written by `exportProfiles`, as `saveImported` does. A file with secrets needs
 * its passphrase; a wrong one imports nothing.
 */
export async function importProfiles(
	store: ProfileStore,
	json: string,
	passphrase?: string,
	choices?: ImportChoices,
): Promise<Result<ProfileImportResult>> {
	const read = await readExport(json, passphrase);
	return read.ok ? saveImported(store, read.value, choices) : read;
}

/** The profiles of a file written by `exportProfiles`, with their ids and decrypted secrets. */
export async function readExport(
	json: string,
	passphrase?: string,
): Promise<Result<ForeignImport>> {
	const parsed = parseJson(json, 'The file');
	if (!parsed.ok) return parsed;
	const document = readExportDocument(parsed.value);
	if (!document.ok) return document;
	const { profiles, profileIds, secrets: sealed } = document.value;
	if (profileIds !== undefined && profileIds.length !== profiles.length) {
		return err(
			'invalid-request',
			`The export file is malformed: it lists ${profileIds.length} profile ids for ${profiles.length} profiles.`,
		);
	}
	let secrets: readonly SecretValues[] = [];
	if (sealed !== undefined) {
		if (passphrase === undefined || passphrase === '') {
			return err(
				'invalid-request',
				'This file holds encrypted passwords and keys: enter the passphrase used to export it.',
			);
		}
		const opened = await openSealed(sealed, passphrase, profiles.length);
		if (!opened.ok) return opened;
		secrets = opened.value;
	}
	const items = profiles.map((profile, index): NewProfile => {
		const id = profileIds?.[index];
		// `saveImported` validates: the cast only lets the value reach the schema.
		return {
			profile: profile as NewProfile['profile'],
			secretUpdates: secrets[index] ?? {},
			...(id === undefined ? {} : { id }),
		};
	});
	return ok({ profiles: items, problems: [], hasAllSecrets: sealed !== undefined });
}

function readExportDocument(value: unknown): Result<v.InferOutput<typeof ExportSchema>> {
	if (!isObject(value) || value.format !== EXPORT_FORMAT) {
		return err(
			'invalid-request',
			'This is not a Topicscope profiles export (no "format": "topicscope-profiles"). To import from MQTT Explorer or MQTTX, choose that format.',
		);
	}
	if (typeof value.version === 'number' && value.version > EXPORT_VERSION) {
		return err(
			'invalid-request',
			`This export was made by a newer Topicscope (format version ${value.version}). Update Topicscope to import it.`,
		);
	}
	const parsed = v.safeParse(ExportSchema, value);
	if (!parsed.success) {
		const issue = parsed.issues[0];
		const path = issue === undefined ? null : v.getDotPath(issue);
		return err(
			'invalid-request',
			`The export file is malformed at "${path ?? 'top level'}": ${issue?.message ?? 'unexpected content'}.`,
		);
	}
	return ok(parsed.output);
}

async function deriveKey(passphrase: string, salt: Buffer, params: ScryptOptions): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		scrypt(passphrase, salt, KEY_BYTES, params, (error, key) =>
			error ? reject(error) : resolve(key),
		);
	});
}

async function seal(plain: string, passphrase: string): Promise<Sealed> {
	const salt = randomBytes(16);
	const iv = randomBytes(12);
	const key = await deriveKey(passphrase, salt, SCRYPT);
	const cipher = createCipheriv('aes-256-gcm', key, iv);
	const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
	return {
		kdf: 'scrypt',
		n: SCRYPT.N,
		r: SCRYPT.r,
		p: SCRYPT.p,
		salt: salt.toString('base64'),
		iv: iv.toString('base64'),
		tag: cipher.getAuthTag().toString('base64'),
		data: data.toString('base64'),
	};
}

async function openSealed(
	sealed: Sealed,
	passphrase: string,
	profileCount: number,
): Promise<Result<SecretValues[]>> {
	const params = { N: sealed.n, r: sealed.r, p: sealed.p, maxmem: MAX_SCRYPT_MEMORY };
	const tag = Buffer.from(sealed.tag, 'base64');
	const isPowerOfTwo = (sealed.n & (sealed.n - 1)) === 0;
	const unaccepted = (detail: string) =>
		err(
			'invalid-request',
			'The secrets in this file use encryption settings Topicscope does not accept: export them again.',
			{ detail },
		);
	// Half the limit leaves room for scrypt's own overhead beyond 128·N·r.
	if (!isPowerOfTwo || 128 * sealed.n * sealed.r > MAX_SCRYPT_MEMORY / 2 || tag.length !== 16) {
		return unaccepted(`n=${sealed.n} r=${sealed.r} tag=${tag.length} bytes`);
	}
	let key: Buffer;
	try {
		key = await deriveKey(passphrase, Buffer.from(sealed.salt, 'base64'), params);
	} catch (error) {
		// Only the file's parameters can make scrypt fail here: a bad file, not a bug.
		return unaccepted(error instanceof Error ? error.message : String(error));
	}
	const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
	decipher.setAuthTag(tag);
	let plain: string;
	try {
		const data = Buffer.from(sealed.data, 'base64');
		plain = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
	} catch (error) {
		// GCM cannot tell a wrong key from altered data; a wrong passphrase is by far the likelier.
		const detail = error instanceof Error ? error.message : String(error);
		return err('invalid-request', 'The export passphrase is wrong.', { detail });
	}
	const json = parseJson(plain, 'The encrypted secrets');
	if (!json.ok) return json;
	const parsed = v.safeParse(ExportedSecretsSchema, json.value);
	if (!parsed.success || parsed.output.length !== profileCount) {
		return err('invalid-request', 'The encrypted secrets in this file do not match its profiles.');
	}
	return ok(parsed.output);
}
