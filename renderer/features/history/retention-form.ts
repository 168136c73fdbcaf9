/**
 * Retention limits as the settings form writes them (`30d`, `2G`, `1000000`, blank for none) and
 * back. Pure; durations and sizes are read by the same rules as the command line's flags.
 */
import {
	formatDurationMs,
	formatSize,
	parseBytes,
	parseDurationMs,
} from '../../../shared/history/quantities';
import type { RetentionLimits, RetentionPolicy } from '../../../shared/model/history';
import { err, ok, type Result } from '../../../shared/result';

export interface LimitsForm {
	readonly maxAge: string;
	readonly maxBytes: string;
	readonly maxRows: string;
	readonly keepPerTopic: string;
}

export const NO_LIMITS: LimitsForm = { maxAge: '', maxBytes: '', maxRows: '', keepPerTopic: '' };

export function limitsToForm(limits: RetentionLimits): LimitsForm {
	return {
		maxAge: limits.maxAgeMs === undefined ? '' : formatDurationMs(limits.maxAgeMs),
		maxBytes: limits.maxBytes === undefined ? '' : formatSize(limits.maxBytes),
		maxRows: limits.maxRows === undefined ? '' : String(limits.maxRows),
		keepPerTopic: limits.keepPerTopic === undefined ? '' : String(limits.keepPerTopic),
	};
}

function count(text: string, min: number): number | undefined {
	return /^\d+$/.test(text) && Number(text) >= min && Number.isSafeInteger(Number(text))
		? Number(text)
		: undefined;
}

/** The limits a form says, or which field is wrong and how to write it (`where` names the form). */
export function formToLimits(form: LimitsForm, where: string): Result<RetentionLimits> {
	const limits: { -readonly [K in keyof RetentionLimits]: RetentionLimits[K] } = {};
	const age = form.maxAge.trim();
	if (age !== '') {
		const ms = parseDurationMs(age);
		if (ms === undefined || ms < 1000) {
			return err(
				'invalid-request',
				`${where}, maximum age: write a duration such as 12h, 30d or 2w.`,
			);
		}
		limits.maxAgeMs = Math.round(ms);
	}
	const size = form.maxBytes.trim();
	if (size !== '') {
		const bytes = parseBytes(size);
		if (bytes === undefined || bytes < 1) {
			return err('invalid-request', `${where}, maximum size: write a size such as 500M or 2G.`);
		}
		limits.maxBytes = bytes;
	}
	const rows = form.maxRows.trim();
	if (rows !== '') {
		const value = count(rows, 1);
		if (value === undefined) {
			return err(
				'invalid-request',
				`${where}, maximum messages: write a whole number of 1 or more.`,
			);
		}
		limits.maxRows = value;
	}
	const keep = form.keepPerTopic.trim();
	if (keep !== '') {
		const value = count(keep, 0);
		if (value === undefined || value > 1_000_000) {
			return err(
				'invalid-request',
				`${where}, keep per topic: write a whole number up to 1,000,000.`,
			);
		}
		limits.keepPerTopic = value;
	}
	return ok(limits);
}

/** The whole policy: the global form and one form per history connection key (blank ones dropped). */
export function formsToPolicy(
	global: LimitsForm,
	connections: readonly {
		readonly key: string;
		readonly name: string;
		readonly form: LimitsForm;
	}[],
): Result<RetentionPolicy> {
	const globalLimits = formToLimits(global, 'All connections');
	if (!globalLimits.ok) return globalLimits;
	const perConnection: Record<string, RetentionLimits> = {};
	for (const { key, name, form } of connections) {
		const limits = formToLimits(form, name);
		if (!limits.ok) return limits;
		if (Object.keys(limits.value).length > 0) perConnection[key] = limits.value;
	}
	return ok({ global: globalLimits.value, connections: perConnection });
}
