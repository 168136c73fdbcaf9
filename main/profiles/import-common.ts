/**
 * What the importers share: the result types and lenient readers for JSON written by other tools.
 *
 * Foreign files are untrusted and loosely typed (numbers as strings, nulls for "unset"), so each
 * reader takes `unknown` and returns a value or undefined; the profile schema has the last word.
 */
import { err, ok, type Result } from '../../shared/result';
import {
	DEFAULT_PROFILE,
	type Profile,
	type ProfileImportProblem,
	type ProfileImportReport,
} from '../../shared/model/profile';
import type { NewProfile } from './profile-store';

/** Something the user should know about one profile of an import. */
export type ImportProblem = ProfileImportProblem;
export type ImportReport = ProfileImportReport;

/** Profiles read from a file, ready for `saveImported`. */
export interface ForeignImport {
	readonly profiles: readonly NewProfile[];
	readonly problems: readonly ImportProblem[];
	/**
	 * True when the file gives every secret of its profiles (a Topicscope export sealed with a
	 * passphrase): a replaced profile then takes exactly the file's secrets, and one the file does
	 * not set is cleared. Otherwise a secret the file sets replaces the saved one and the others are
	 * kept (an export without secrets, or another tool's file that holds passwords only).
	 */
	readonly hasAllSecrets?: boolean;
}

export type JsonObject = Readonly<Record<string, unknown>>;

/** Parses JSON text, naming the position of a syntax error instead of throwing. */
export function parseJson(text: string, what: string): Result<unknown> {
	try {
		return ok(JSON.parse(text));
	} catch (error) {
		if (error instanceof SyntaxError) {
			return err('invalid-request', `${what} is not valid JSON (${error.message}).`);
		}
		throw error;
	}
}

export function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readString(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

export function readNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '') {
		const number = Number(value);
		return Number.isFinite(number) ? number : undefined;
	}
	return undefined;
}

export function readBoolean(value: unknown): boolean | undefined {
	if (typeof value === 'boolean') return value;
	if (value === 'true') return true;
	if (value === 'false') return false;
	return undefined;
}

export function readQos(value: unknown): 0 | 1 | 2 {
	const qos = readNumber(value);
	return qos === 1 || qos === 2 ? qos : 0;
}

/** A fresh profile to fill in: the defaults, minus the default '#' subscription. */
export function baseProfile(): Profile {
	return structuredClone({ ...DEFAULT_PROFILE, subscriptions: [] });
}

/** `{ key: value | value[] }` (MQTT.js user properties) as the pairs our profiles hold. */
export function readUserProperties(value: unknown): [string, string][] | undefined {
	if (!isObject(value)) return undefined;
	const pairs: [string, string][] = [];
	for (const [key, entry] of Object.entries(value)) {
		const values = Array.isArray(entry) ? entry : [entry];
		for (const item of values) {
			const text = readString(item);
			if (text !== undefined) pairs.push([key, text]);
		}
	}
	return pairs.length > 0 ? pairs : undefined;
}

/** Drops undefined values so optional schema fields stay absent rather than `undefined`. */
export function compact<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
