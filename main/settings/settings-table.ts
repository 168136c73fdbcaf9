/**
 * Key/value rows of the `settings` table (profiles database, migration 0002): JSON values read
 * and written as they are; what they mean is checked by whoever reads them.
 */
import type Database from 'better-sqlite3';
import { createLogger } from '../log/logger';

const log = createLogger('settings');

/** Where settings are kept: the table, or memory when nothing is saved (no data folder). */
export interface SettingsStorage {
	/** The stored value, or undefined when absent or not JSON (logged). */
	read(key: string): unknown;
	write(key: string, value: unknown): void;
}

export class SettingsTable implements SettingsStorage {
	readonly #get: Database.Statement<[string], { value: string }>;
	readonly #put: Database.Statement<[string, string, number]>;

	constructor(db: Database.Database) {
		this.#get = db.prepare('SELECT value FROM settings WHERE key = ?');
		this.#put = db.prepare(
			`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		);
	}

	read(key: string): unknown {
		const row = this.#get.get(key);
		if (row === undefined) return undefined;
		try {
			return JSON.parse(row.value) as unknown;
		} catch (error) {
			// A damaged value: its default applies until the user sets it again.
			log.warn('ignored a damaged setting', { key, error });
			return undefined;
		}
	}

	write(key: string, value: unknown): void {
		this.#put.run(key, JSON.stringify(value), Date.now());
	}
}

/** Settings that last as long as the process: browser mode or tests without a data folder. */
export class MemorySettings implements SettingsStorage {
	readonly #values = new Map<string, string>();

	read(key: string): unknown {
		const value = this.#values.get(key);
		return value === undefined ? undefined : (JSON.parse(value) as unknown);
	}

	write(key: string, value: unknown): void {
		this.#values.set(key, JSON.stringify(value));
	}
}
