/** Rows of the profiles table, read back into views. */
import { err, ok, type Result } from '../../shared/result';
import { SECRET_FIELDS, type ProfileView } from '../../shared/model/profile';
import { secretsSetOf, splitProfile, validateProfile, type SecretValues } from './profile-secrets';

export interface ProfileRow {
	readonly id: string;
	readonly name: string;
	readonly folder: string;
	readonly json: string;
	readonly secrets: Buffer | null;
	readonly secrets_set: string;
	readonly created_at: number;
	readonly updated_at: number;
}

/** A row as the renderer may see it; a row that no longer validates is an error, not a crash. */
export function rowToView(row: ProfileRow): Result<ProfileView> {
	const damaged = (why: string) =>
		err(
			'internal',
			`The saved profile "${row.name}" is damaged (${why}). Delete it and create it again.`,
		);
	let stored: unknown;
	try {
		stored = JSON.parse(row.json);
	} catch (error) {
		if (error instanceof SyntaxError) return damaged('not valid JSON');
		throw error;
	}
	if (typeof stored !== 'object' || stored === null) return damaged('not an object');
	const profile = validateProfile({ ...stored, name: row.name, folder: row.folder, password: '' });
	if (!profile.ok) return damaged(profile.error.message);
	return ok({
		id: row.id,
		profile: splitProfile(profile.value).publicProfile,
		secretsSet: parseSecretsSet(row.secrets_set),
		createdAt: row.created_at,
		updatedAt: row.updated_at,
	});
}

export function parseSecretsSet(json: string): ProfileView['secretsSet'] {
	let names: unknown;
	try {
		names = JSON.parse(json);
	} catch (error) {
		if (error instanceof SyntaxError) names = [];
		else throw error;
	}
	const set = Array.isArray(names) ? names : [];
	const values: SecretValues = {};
	for (const field of SECRET_FIELDS) if (set.includes(field)) values[field] = '';
	return secretsSetOf(values);
}
