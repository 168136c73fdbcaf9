/** Temp folders, stores and profiles for the profile tests. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProfileStore } from '../../../main/profiles/profile-store';
import { createKeyFileSecretBox, type SecretBox } from '../../../main/profiles/secret-box';
import {
	DEFAULT_PROFILE,
	type Profile,
	type ProfileImportReport,
	type ProfileImportResult,
} from '../../../shared/model/profile';
import type { Result } from '../../../shared/result';

export interface TempStore {
	readonly dir: string;
	readonly dbPath: string;
	readonly keyPath: string;
	readonly box: SecretBox;
	store: ProfileStore;
	/** Closes and opens the store again, as an app restart would (new box from the same key file). */
	restart(): void;
	dispose(): Promise<void>;
}

export function unwrap<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
	return result.value;
}

/** The report of an import that went through; an import that stopped to ask fails the test. */
export function reportOf(result: Result<ProfileImportResult>): ProfileImportReport {
	const value = unwrap(result);
	if (value.kind !== 'imported') {
		throw new Error(`expected an import, got ${value.matches.length} matches to ask about`);
	}
	return value.report;
}

export async function openTempStore(): Promise<TempStore> {
	const dir = await mkdtemp(join(tmpdir(), 'topicscope-profiles-'));
	const dbPath = join(dir, 'profiles.sqlite');
	const keyPath = join(dir, 'keys', 'secrets.key');
	const box = unwrap(createKeyFileSecretBox(keyPath));
	const temp: TempStore = {
		dir,
		dbPath,
		keyPath,
		box,
		store: unwrap(ProfileStore.open(dbPath, box)),
		restart() {
			temp.store.close();
			temp.store = unwrap(ProfileStore.open(dbPath, unwrap(createKeyFileSecretBox(keyPath))));
		},
		async dispose() {
			temp.store.close();
			await rm(dir, { recursive: true, force: true });
		},
	};
	return temp;
}

export function profile(overrides: Partial<Profile> = {}): Profile {
	return structuredClone({ ...DEFAULT_PROFILE, name: 'Local', ...overrides });
}

/** A real private key, so a leak would be the same text a user's key would leave. */
export function privateKeyPem(): string {
	const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
	return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}
