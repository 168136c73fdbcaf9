/**
 * Pure helpers that split a profile into its public part and its secrets, apply secret updates,
 * validate input, and seal or open the secrets blob.
 */
import * as v from 'valibot';
import { err, ok, type Result } from '../../shared/result';
import {
	ProfileSchema,
	SECRET_FIELDS,
	type Profile,
	type ProfileId,
	type ProfileView,
	type SecretField,
} from '../../shared/model/profile';
import { SecretUpdatesSchema, type SecretUpdates } from '../../shared/model/profile';
import { normalizeFolder } from './folders';
import { SecretBoxError, type SecretBox } from './secret-box';

/** A profile with its secret fields blanked: what may leave main. */
export type PublicProfile = ProfileView['profile'];
/** The secret fields that are set (an empty string counts as not set). */
export type SecretValues = Partial<Record<SecretField, string>>;
export { SecretUpdatesSchema, type SecretUpdates } from '../../shared/model/profile';

const SealedSecretsSchema = v.strictObject({
	profileId: v.string(),
	secrets: v.strictObject({
		password: v.optional(v.string()),
		clientKeyPem: v.optional(v.string()),
		passphrase: v.optional(v.string()),
		pkcs12Base64: v.optional(v.string()),
	}),
});

/** Separates the secret fields from the rest of a profile. */
export function splitProfile(profile: Profile): {
	publicProfile: PublicProfile;
	secrets: SecretValues;
} {
	const { clientKeyPem, passphrase, pkcs12Base64, ...tls } = profile.tls;
	const secrets: SecretValues = {};
	const found: Record<SecretField, string | undefined> = {
		password: profile.password,
		clientKeyPem,
		passphrase,
		pkcs12Base64,
	};
	for (const field of SECRET_FIELDS) {
		const value = found[field];
		if (value !== undefined && value !== '') secrets[field] = value;
	}
	return { publicProfile: { ...profile, password: '', tls }, secrets };
}

/** Puts secrets back into a public profile: the inverse of `splitProfile`. */
export function joinProfile(publicProfile: PublicProfile, secrets: SecretValues): Profile {
	const tls: Profile['tls'] = { ...publicProfile.tls };
	if (secrets.clientKeyPem !== undefined) tls.clientKeyPem = secrets.clientKeyPem;
	if (secrets.passphrase !== undefined) tls.passphrase = secrets.passphrase;
	if (secrets.pkcs12Base64 !== undefined) tls.pkcs12Base64 = secrets.pkcs12Base64;
	return { ...publicProfile, password: secrets.password ?? '', tls };
}

export function applySecretUpdates(stored: SecretValues, updates: SecretUpdates): SecretValues {
	const next: SecretValues = { ...stored };
	for (const field of SECRET_FIELDS) {
		if (!(field in updates)) continue;
		const value = updates[field];
		if (value === null || value === undefined || value === '') delete next[field];
		else next[field] = value;
	}
	return next;
}

export function secretsSetOf(secrets: SecretValues): Record<SecretField, boolean> {
	return {
		password: secrets.password !== undefined,
		clientKeyPem: secrets.clientKeyPem !== undefined,
		passphrase: secrets.passphrase !== undefined,
		pkcs12Base64: secrets.pkcs12Base64 !== undefined,
	};
}

/** Checks a whole profile (secrets included) and reports the first problem in plain words. */
export function validateProfile(input: unknown): Result<Profile> {
	const parsed = v.safeParse(ProfileSchema, input);
	if (parsed.success) return ok(parsed.output);
	return err('invalid-options', describeIssue(parsed.issues[0]));
}

export function validateSecretUpdates(input: unknown): Result<SecretUpdates> {
	const parsed = v.safeParse(SecretUpdatesSchema, input);
	if (parsed.success) return ok(parsed.output);
	return err(
		'invalid-request',
		`Secret updates: ${describeIssue(parsed.issues[0])}. Expected ${SECRET_FIELDS.join(', ')} as text or null.`,
	);
}

function describeIssue(issue: v.BaseIssue<unknown> | undefined): string {
	if (issue === undefined) return 'The profile is not valid.';
	const path = v.getDotPath(issue);
	return path === null ? issue.message : `${path}: ${issue.message}`;
}

/**
 * Encrypts the secrets of one profile, or returns null when there are none.
 *
 * The profile id is sealed with them so a blob copied onto another row is refused on opening.
 */
export function sealSecrets(
	box: SecretBox,
	profileId: ProfileId,
	secrets: SecretValues,
): Uint8Array | null {
	if (Object.keys(secrets).length === 0) return null;
	return box.encrypt(JSON.stringify({ profileId, secrets }));
}

/** Decrypts a secrets blob; damaged or foreign data is an `AppError`, never a crash. */
export function openSecrets(
	box: SecretBox,
	profileId: ProfileId,
	blob: Uint8Array | null,
): Result<SecretValues> {
	if (blob === null) return ok({});
	const unreadable = (why: string) =>
		err(
			'internal',
			`The saved secrets of this profile cannot be decrypted: ${why} Enter the password and keys again.`,
		);
	let plain: string;
	try {
		plain = box.decrypt(blob);
	} catch (error) {
		if (error instanceof SecretBoxError) return unreadable(error.message);
		throw error;
	}
	let json: unknown;
	try {
		json = JSON.parse(plain);
	} catch (error) {
		if (error instanceof SyntaxError) return unreadable('the decrypted data is not valid.');
		throw error;
	}
	const parsed = v.safeParse(SealedSecretsSchema, json);
	if (!parsed.success) return unreadable('the decrypted data is not valid.');
	if (parsed.output.profileId !== profileId) {
		return unreadable('they belong to another profile.');
	}
	return ok(parsed.output.secrets);
}

/** Validates input from outside: the public part from `input`, secrets from stored + updates. */
export function prepareProfile(
	input: unknown,
	stored: SecretValues,
	secretUpdates: SecretUpdates,
): Result<Profile> {
	const updates = validateSecretUpdates(secretUpdates);
	if (!updates.ok) return updates;
	// Check the shape before touching fields: the value may come from an untrusted renderer.
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		return err('invalid-options', 'The profile is not an object.');
	}
	const shape = validateProfile({ ...input, password: '', tls: withoutSecrets(input) });
	if (!shape.ok) return shape;
	const folder = normalizeFolder(shape.value.folder);
	if (!folder.ok) return folder;
	const secrets = applySecretUpdates(stored, updates.value);
	const { publicProfile } = splitProfile(shape.value);
	return validateProfile(joinProfile({ ...publicProfile, folder: folder.value }, secrets));
}

function withoutSecrets(input: object): unknown {
	const tls: unknown = 'tls' in input ? input.tls : undefined;
	if (typeof tls !== 'object' || tls === null) return tls;
	const copy: Record<string, unknown> = { ...tls };
	for (const field of SECRET_FIELDS) delete copy[field];
	return copy;
}
