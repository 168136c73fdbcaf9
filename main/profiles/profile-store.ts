/**
 * Saved connection profiles in a SQLite file, secrets sealed by a `SecretBox`.
 *
 * Every row keeps the public part of a profile as JSON and its secrets as one encrypted blob, so
 * listing never decrypts and nothing secret is ever written in clear. Longer than most modules: it
 * is the one writer of the table, so every write (and the checks before it) sits beside the
 * prepared statements and the secret box it needs.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { err, ok, type AppError, type Result } from '../../shared/result';
import { generateClientId } from '../../shared/mqtt/client-id';
import {
	SECRET_FIELDS,
	type Profile,
	type ProfileId,
	type ProfileView,
} from '../../shared/model/profile';
import { createLogger } from '../log/logger';
import {
	compareText,
	isInFolder,
	normalizeFolder,
	renamedFolder,
	withParentFolders,
} from './folders';
import { migrate } from './migrations';
import { parseSecretsSet, rowToView, type ProfileRow } from './profile-rows';
import {
	joinProfile,
	openSecrets,
	sealSecrets,
	prepareProfile,
	splitProfile,
	validateProfile,
	type SecretUpdates,
	type SecretValues,
} from './profile-secrets';
import type { SecretBox } from './secret-box';
import { SettingsTable } from '../settings/settings-table';

const log = createLogger('profiles');

/** A profile to create: its secret fields are ignored, secrets come from `secretUpdates`. */
export interface NewProfile {
	readonly profile: Profile;
	readonly secretUpdates?: SecretUpdates;
	/** The id to create it with (an import keeping an exported id); a fresh one when absent or taken. */
	readonly id?: ProfileId;
}

/** A saved profile an import overwrites: public part from `profile`, secrets as `secretUpdates` say. */
export interface Replacement {
	readonly id: ProfileId;
	readonly profile: Profile;
	readonly secretUpdates: SecretUpdates;
}

export class ProfileStore {
	readonly #db: Database.Database;
	readonly #box: SecretBox;
	readonly #sql: ReturnType<typeof prepareStatements>;
	/** The app settings kept in the same file (migration 0002), for the settings service. */
	readonly settings: SettingsTable;

	private constructor(db: Database.Database, box: SecretBox) {
		this.#db = db;
		this.#box = box;
		this.#sql = prepareStatements(db);
		this.settings = new SettingsTable(db);
	}

	/**
	 * Opens (creating and migrating when needed) the profiles database at `dbPath`.
	 *
	 * `nativeBinding` points at a better-sqlite3 addon built for another runtime (Electron's ABI
	 * during development, see scripts/electron-native.mjs).
	 */
	static open(
		dbPath: string,
		secrets: SecretBox,
		options: { readonly nativeBinding?: string } = {},
	): Result<ProfileStore> {
		let db: Database.Database;
		try {
			db = new Database(
				dbPath,
				options.nativeBinding ? { nativeBinding: options.nativeBinding } : {},
			);
		} catch (error) {
			return databaseError(dbPath, error);
		}
		try {
			db.pragma('journal_mode = WAL');
			const migrated = migrate(db, dbPath);
			if (!migrated.ok) {
				db.close();
				return migrated;
			}
		} catch (error) {
			db.close();
			if (error instanceof Database.SqliteError) return databaseError(dbPath, error);
			throw error;
		}
		return ok(new ProfileStore(db, secrets));
	}

	/** Where secrets are kept, for the UI. */
	get secretStorage(): { readonly kind: SecretBox['kind']; readonly description: string } {
		return { kind: this.#box.kind, description: this.#box.description };
	}

	/** All profiles, secrets blanked, sorted by folder then name. Damaged rows are logged and left out. */
	list(): ProfileView[] {
		const rows = this.#sql.all.all();
		const views: ProfileView[] = [];
		for (const row of rows) {
			const view = rowToView(row);
			if (view.ok) views.push(view.value);
			else
				log.error('skipped a damaged profile', { profileId: row.id, problem: view.error.message });
		}
		return views.sort(
			(a, b) =>
				compareText(a.profile.folder, b.profile.folder) ||
				compareText(a.profile.name, b.profile.name) ||
				a.createdAt - b.createdAt,
		);
	}

	get(id: ProfileId): Result<ProfileView> {
		const row = this.#row(id);
		return row.ok ? rowToView(row.value) : row;
	}

	/** The full profile with decrypted secrets: for main only (connecting), never for the renderer. */
	getWithSecrets(id: ProfileId): Result<Profile> {
		const row = this.#row(id);
		if (!row.ok) return row;
		const view = rowToView(row.value);
		if (!view.ok) return view;
		const secrets = openSecrets(this.#box, id, row.value.secrets);
		if (!secrets.ok) return secrets;
		return ok(joinProfile(view.value.profile, secrets.value));
	}

	create(profile: Profile, secretUpdates: SecretUpdates = {}): Result<ProfileView> {
		const created = this.createMany([{ profile, secretUpdates }]);
		if (!created.ok) return created;
		const [view] = created.value;
		return view === undefined ? err('internal', 'The profile was not created.') : ok(view);
	}

	/** Creates all profiles or none (one transaction). */
	createMany(items: readonly NewProfile[]): Result<ProfileView[]> {
		const done = this.importMany(items, []);
		return done.ok ? ok(done.value.created) : done;
	}

	/**
	 * Creates `creates` and overwrites `replaces` in one transaction: all or nothing.
	 *
	 * Everything is validated (and replaced profiles' secrets opened) before the first write, so a
	 * bad profile names itself and leaves the store as it was.
	 */
	importMany(
		creates: readonly NewProfile[],
		replaces: readonly Replacement[],
	): Result<{ readonly created: ProfileView[]; readonly replaced: ProfileView[] }> {
		const isSingle = creates.length + replaces.length === 1;
		const newRows = this.#prepareCreates(creates, isSingle);
		if (!newRows.ok) return newRows;
		const replacedRows = this.#prepareReplaces(replaces, creates.length, isSingle);
		if (!replacedRows.ok) return replacedRows;
		const now = Date.now();
		this.#db.transaction(() => {
			for (const { row, profile } of replacedRows.value)
				this.#write(row.id, profile, row.created_at, now);
			for (const { id, profile } of newRows.value) this.#write(id, profile, now, now);
		})();
		log.info('saved profiles', {
			created: newRows.value.length,
			replaced: replacedRows.value.length,
		});
		const created = this.#views(newRows.value.map(({ id }) => id));
		if (!created.ok) return created;
		const replaced = this.#views(replacedRows.value.map(({ row }) => row.id));
		if (!replaced.ok) return replaced;
		return ok({ created: created.value, replaced: replaced.value });
	}

	/** Validated rows to insert, each with the id asked for when it is free, else a fresh one. */
	#prepareCreates(
		creates: readonly NewProfile[],
		isSingle: boolean,
	): Result<{ id: ProfileId; profile: Profile }[]> {
		const usedIds = new Set<ProfileId>();
		const rows: { id: ProfileId; profile: Profile }[] = [];
		for (const [index, item] of creates.entries()) {
			const profile = prepareProfile(item.profile, {}, item.secretUpdates ?? {});
			if (!profile.ok) return inBatch(profile.error, nameOf(item.profile), index, isSingle);
			const wanted = item.id;
			const isFree =
				wanted !== undefined && !usedIds.has(wanted) && this.#sql.one.get(wanted) === undefined;
			const id = isFree ? wanted : randomUUID();
			usedIds.add(id);
			rows.push({ id, profile: profile.value });
		}
		return ok(rows);
	}

	/** Saved rows with their next content: the given public part, stored secrets plus updates. */
	#prepareReplaces(
		replaces: readonly Replacement[],
		offset: number,
		isSingle: boolean,
	): Result<{ row: ProfileRow; profile: Profile }[]> {
		const rows: { row: ProfileRow; profile: Profile }[] = [];
		for (const [index, item] of replaces.entries()) {
			const row = this.#row(item.id);
			if (!row.ok) return row;
			const stored = this.#storedSecrets(row.value, item.secretUpdates);
			const next = stored.ok
				? prepareProfile(item.profile, stored.value, item.secretUpdates)
				: stored;
			if (!next.ok) return inBatch(next.error, row.value.name, offset + index, isSingle);
			rows.push({ row: row.value, profile: next.value });
		}
		return ok(rows);
	}

	/** Replaces the public part from `profile`; secrets change only as `secretUpdates` says. */
	update(id: ProfileId, profile: Profile, secretUpdates: SecretUpdates = {}): Result<ProfileView> {
		const row = this.#row(id);
		if (!row.ok) return row;
		const stored = this.#storedSecrets(row.value, secretUpdates);
		if (!stored.ok) return stored;
		const next = prepareProfile(profile, stored.value, secretUpdates);
		if (!next.ok) return next;
		this.#write(id, next.value, row.value.created_at, Date.now());
		return this.get(id);
	}

	/**
	 * Copies a profile, secrets included, as "<name> (copy)" in the same folder, with a fresh client id.
	 *
	 * Two profiles with one client id take each other's session over on the same broker. An empty
	 * client id stays empty: the broker assigns one per connection, so it is never shared.
	 */
	duplicate(id: ProfileId): Result<ProfileView> {
		const original = this.getWithSecrets(id);
		if (!original.ok) return original;
		const suffix = ' (copy)';
		const name = `${original.value.name.slice(0, 200 - suffix.length)}${suffix}`;
		const clientId = original.value.clientId === '' ? '' : generateClientId();
		const copyId = randomUUID();
		const now = Date.now();
		this.#write(copyId, { ...original.value, name, clientId }, now, now);
		return this.get(copyId);
	}

	remove(id: ProfileId): Result<null> {
		const { changes } = this.#sql.remove.run(id);
		if (changes === 0) return notFound(id);
		log.info('removed profile', { profileId: id });
		return ok(null);
	}

	rename(id: ProfileId, name: string): Result<ProfileView> {
		const current = this.get(id);
		if (!current.ok) return current;
		const checked = validateProfile({ ...current.value.profile, name });
		if (!checked.ok) return checked;
		this.#sql.rename.run(checked.value.name, Date.now(), id);
		return this.get(id);
	}

	move(id: ProfileId, folder: string): Result<ProfileView> {
		const normal = normalizeFolder(folder);
		if (!normal.ok) return normal;
		const { changes } = this.#sql.move.run(normal.value, Date.now(), id);
		return changes === 0 ? notFound(id) : this.get(id);
	}

	/** Every folder holding a profile, and their parents ('Customers' for 'Customers/ACME'). */
	listFolders(): string[] {
		const rows = this.#sql.folders.all();
		return withParentFolders(rows.map((row) => row.folder));
	}

	/** Renames a folder, moving every profile inside it, sub-folders included. */
	renameFolder(from: string, to: string): Result<{ readonly moved: number }> {
		const source = normalizeFolder(from);
		const target = normalizeFolder(to);
		if (!source.ok) return source;
		if (!target.ok) return target;
		if (source.value === '') return err('invalid-request', 'Choose a folder to rename.');
		const rows = this.#sql.folderOfEach.all().filter((row) => isInFolder(row.folder, source.value));
		if (rows.length === 0) return err('not-found', `There is no folder "${source.value}".`);
		const now = Date.now();
		this.#db.transaction(() => {
			for (const row of rows) {
				this.#sql.move.run(renamedFolder(row.folder, source.value, target.value), now, row.id);
			}
		})();
		return ok({ moved: rows.length });
	}

	close(): void {
		this.#db.close();
	}

	/** The SQLite library's version, for the About dialog. */
	sqliteVersion(): string {
		const row = this.#db
			.prepare<[], { version: string }>('SELECT sqlite_version() AS version')
			.get();
		return row?.version ?? 'unknown';
	}

	#row(id: ProfileId): Result<ProfileRow> {
		const row = this.#sql.one.get(id);
		return row === undefined ? notFound(id) : ok(row);
	}

	#views(ids: readonly ProfileId[]): Result<ProfileView[]> {
		const views: ProfileView[] = [];
		for (const id of ids) {
			const view = this.get(id);
			if (!view.ok) return view;
			views.push(view.value);
		}
		return ok(views);
	}

	/**
	 * The secrets stored for a row. When they cannot be decrypted (key lost, data damaged), an update
	 * that replaces or clears every secret that was set still goes through: it is how the user recovers.
	 */
	#storedSecrets(row: ProfileRow, updates: SecretUpdates): Result<SecretValues> {
		const opened = openSecrets(this.#box, row.id, row.secrets);
		if (opened.ok) return opened;
		const wasSet = parseSecretsSet(row.secrets_set);
		const isAllReplaced = SECRET_FIELDS.every((field) => !wasSet[field] || field in updates);
		return isAllReplaced ? ok({}) : opened;
	}

	#write(id: ProfileId, profile: Profile, createdAt: number, updatedAt: number): void {
		const { publicProfile, secrets } = splitProfile(profile);
		const { name, folder, password: _blank, ...rest } = publicProfile;
		const sealed = sealSecrets(this.#box, id, secrets);
		const secretsSet = SECRET_FIELDS.filter((field) => secrets[field] !== undefined);
		this.#sql.write.run({
			id,
			name,
			folder,
			json: JSON.stringify(rest),
			secrets: sealed === null ? null : Buffer.from(sealed),
			secretsSet: JSON.stringify(secretsSet),
			createdAt,
			updatedAt,
		});
	}
}

function prepareStatements(db: Database.Database) {
	return {
		all: db.prepare<[], ProfileRow>('SELECT * FROM profiles'),
		one: db.prepare<[string], ProfileRow>('SELECT * FROM profiles WHERE id = ?'),
		remove: db.prepare<[string]>('DELETE FROM profiles WHERE id = ?'),
		rename: db.prepare<[string, number, string]>(
			'UPDATE profiles SET name = ?, updated_at = ? WHERE id = ?',
		),
		move: db.prepare<[string, number, string]>(
			'UPDATE profiles SET folder = ?, updated_at = ? WHERE id = ?',
		),
		folders: db.prepare<[], { folder: string }>('SELECT DISTINCT folder FROM profiles'),
		folderOfEach: db.prepare<[], { id: string; folder: string }>('SELECT id, folder FROM profiles'),
		write: db.prepare(
			`INSERT INTO profiles (id, name, folder, json, secrets, secrets_set, created_at, updated_at)
			VALUES (@id, @name, @folder, @json, @secrets, @secretsSet, @createdAt, @updatedAt)
			ON CONFLICT (id) DO UPDATE SET name = @name, folder = @folder, json = @json,
				secrets = @secrets, secrets_set = @secretsSet, updated_at = @updatedAt`,
		),
	};
}

/** One profile's error reads as it is; among several it names the profile it is about. */
function inBatch(error: AppError, name: string, index: number, isSingle: boolean): Result<never> {
	const message = isSingle ? error.message : `${name || `Profile ${index + 1}`}: ${error.message}`;
	return err(error.code, message, error.detail === undefined ? {} : { detail: error.detail });
}

function nameOf(profile: unknown): string {
	const name =
		typeof profile === 'object' && profile !== null && 'name' in profile ? profile.name : '';
	return typeof name === 'string' ? name.trim() : '';
}

function notFound(id: ProfileId): Result<never> {
	return err('not-found', `There is no saved profile with id ${id}: it may have been deleted.`);
}

function databaseError(dbPath: string, error: unknown): Result<never> {
	const detail = error instanceof Error ? error.message : String(error);
	return err(
		'internal',
		`The profiles database ${dbPath} cannot be opened (${detail}). Check the file, or move it away to start with no saved profiles.`,
		{ detail },
	);
}
