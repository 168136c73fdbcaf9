/** What the history commands share: errors in plain words, times, opening a database to read. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type Database from 'better-sqlite3';
import { parseDurationMs } from '../../shared/history/quantities';
import { parseTimeUs } from '../../shared/model/message-json';
import { err, ok, type Result } from '../../shared/result';
import { openHistoryDb } from '../history/history-db';
import { HistoryReader } from '../history/history-reader';

// Durations and sizes are read the same way by the app's history settings: one rule, in shared/.
export { parseBytes, parseDurationMs } from '../../shared/history/quantities';

/** Exit statuses: 1 for a failure (bad file, refused connection…), 2 for bad usage. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** mosquitto's MOSQ_ERR_TIMEOUT: what mosquitto_sub and mosquitto_rr exit with on -W. */
export const EXIT_TIMEOUT = 27;

/** Seconds as mosquitto's -W takes them (decimals allowed here), in milliseconds. */
export function parseSeconds(text: string, option: string): number | string {
	if (!/^\d*\.?\d+$/.test(text) || Number(text) <= 0 || Number(text) > 2_000_000) {
		return `${option} takes seconds (1, 2.5…), more than 0, not '${text}'.`;
	}
	return Math.round(Number(text) * 1000);
}

export function fail(command: string, message: string, status = EXIT_FAILURE): number {
	process.stderr.write(`topicscope ${command}: ${message}\n`);
	return status;
}

/** parseArgs that answers bad usage as a Result instead of throwing. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
	args: readonly string[],
	options: O,
	allowPositionals = false,
): Result<{
	values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values'];
	positionals: string[];
}> {
	try {
		const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
		if (!allowPositionals && parsed.positionals.length > 0) {
			return err('invalid-request', `unexpected argument '${parsed.positionals[0] ?? ''}'.`);
		}
		return ok({ values: parsed.values, positionals: parsed.positionals });
	} catch (error) {
		// parseArgs reports unknown options and missing values by throwing: that is bad usage.
		return err('invalid-request', error instanceof Error ? error.message : String(error));
	}
}

/** `--since`/`--until`: RFC 3339 (`2024-05-01T12:00:00Z`) or a duration ago (`2h`). */
export function parseTimeArg(text: string, option: string, nowMs = Date.now()): Result<number> {
	const ago = parseDurationMs(text);
	if (ago !== undefined) return ok(Math.round((nowMs - ago) * 1000));
	const time = parseTimeUs(text);
	if (time !== undefined) return ok(time);
	return err(
		'invalid-request',
		`${option} takes an RFC 3339 time (2024-05-01T12:00:00Z) or a duration ago (30m, 2h, 7d), not '${text}'.`,
	);
}

/** Opens an existing history to read, or says plainly why not. */
export function openReader(
	dbPath: string,
): Result<HistoryReader & { readonly db: Database.Database }> {
	const db = openHistoryDb(dbPath, { readonly: true });
	if (!db.ok) return db;
	return ok(new HistoryReader(db.value));
}
