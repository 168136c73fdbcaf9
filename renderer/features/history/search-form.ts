/**
 * The search panel's form as a history search query: the topic filter checked by MQTT's rules,
 * times as a duration ago (`2h`) or a date and time, QoS levels, retain, direction. Pure.
 */
import { parseDurationMs } from '../../../shared/history/quantities';
import type { HistorySearchQuery } from '../../../shared/model/history';
import { parseTimeUs } from '../../../shared/model/message-json';
import type { QoS } from '../../../shared/mqtt/protocol';
import { validateTopicFilter } from '../../../shared/mqtt/topic';
import { err, ok, type Result } from '../../../shared/result';

export interface SearchForm {
	readonly topicFilter: string;
	readonly text: string;
	readonly since: string;
	readonly until: string;
	/** The QoS levels wanted; all three or none mean any. */
	readonly qos: readonly QoS[];
	readonly retain: 'any' | 'yes' | 'no';
	readonly direction: 'any' | 'in' | 'out';
}

export const EMPTY_SEARCH: SearchForm = {
	topicFilter: '',
	text: '',
	since: '',
	until: '',
	qos: [],
	retain: 'any',
	direction: 'any',
};

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A time field in microseconds: empty is no limit; `30m`, `2h`, `7d` are that long ago; an RFC
 * 3339 time is itself; `2024-05-01 12:00` is local time.
 */
export function parseTimeField(
	text: string,
	label: string,
	nowMs: number,
): Result<number | undefined> {
	const trimmed = text.trim();
	if (trimmed === '') return ok(undefined);
	const ago = parseDurationMs(trimmed);
	if (ago !== undefined) return ok(Math.round((nowMs - ago) * 1000));
	const exact = parseTimeUs(trimmed);
	if (exact !== undefined) return ok(exact);
	const local = LOCAL_TIME.exec(trimmed);
	if (local !== null) {
		const [, y, mo, d, h, mi, s] = local.map((part) => Number(part ?? 0)) as number[];
		const date = new Date(y ?? 0, (mo ?? 1) - 1, d, h, mi, s);
		if (!Number.isNaN(date.getTime()) && date.getDate() === d) return ok(date.getTime() * 1000);
	}
	return err(
		'invalid-request',
		`${label}: write a time such as 2024-05-01 12:00 or a duration ago such as 30m, 2h or 7d.`,
	);
}

/** The topic filter and time range a search and an export selection both take, checked. */
export interface FilterAndRange {
	readonly topicFilter?: string;
	readonly sinceUs?: number;
	readonly untilUs?: number;
}

export function parseFilterAndRange(
	form: { readonly topicFilter: string; readonly since: string; readonly until: string },
	nowMs: number,
): Result<FilterAndRange> {
	const filter = form.topicFilter.trim();
	if (filter !== '') {
		const checked = validateTopicFilter(filter);
		if (!checked.ok) return checked;
	}
	const since = parseTimeField(form.since, 'From', nowMs);
	if (!since.ok) return since;
	const until = parseTimeField(form.until, 'To', nowMs);
	if (!until.ok) return until;
	if (since.value !== undefined && until.value !== undefined && since.value >= until.value) {
		return err('invalid-request', 'From must be before To.');
	}
	return ok({
		...(filter !== '' ? { topicFilter: filter } : {}),
		...(since.value !== undefined ? { sinceUs: since.value } : {}),
		...(until.value !== undefined ? { untilUs: until.value } : {}),
	});
}

export function toSearchQuery(form: SearchForm, nowMs: number): Result<HistorySearchQuery> {
	const range = parseFilterAndRange(form, nowMs);
	if (!range.ok) return range;
	const text = form.text.trim();
	const qos = form.qos.length === 0 || form.qos.length === 3 ? undefined : [...form.qos].sort();
	return ok({
		...range.value,
		...(text !== '' ? { text } : {}),
		...(qos !== undefined ? { qos } : {}),
		...(form.retain !== 'any' ? { retain: form.retain === 'yes' } : {}),
		...(form.direction !== 'any' ? { direction: form.direction } : {}),
	});
}
