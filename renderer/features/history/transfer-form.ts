/**
 * The export and replay forms as requests: which stored messages (topic filter, connections, time
 * range), and for a replay its speed, prefix rewrite, retain stripping and dry run. Pure.
 */
import type { RequestOf } from '../../../shared/ipc/contract';
import { err, ok, type Result } from '../../../shared/result';
import { parseFilterAndRange } from './search-form';

export interface SelectionForm {
	readonly topicFilter: string;
	readonly since: string;
	readonly until: string;
	/** History connection ids; none chosen means all. */
	readonly connectionIds: readonly number[];
}

export const EMPTY_SELECTION: SelectionForm = {
	topicFilter: '',
	since: '',
	until: '',
	connectionIds: [],
};

export type Selection = RequestOf<'history:export'>['selection'];

export function toSelection(form: SelectionForm, nowMs: number): Result<Selection> {
	const range = parseFilterAndRange(form, nowMs);
	if (!range.ok) return range;
	return ok({
		...range.value,
		...(form.connectionIds.length > 0 ? { connectionIds: [...form.connectionIds] } : {}),
	});
}

export interface ReplayForm {
	readonly selection: SelectionForm;
	/** The live connection that publishes. */
	readonly connectionId: string;
	/** `original` (×1), `scaled` (×`factor`), or `max` (as fast as the broker takes them). */
	readonly timing: 'original' | 'scaled' | 'max';
	readonly factor: string;
	readonly fromPrefix: string;
	readonly toPrefix: string;
	readonly stripRetain: boolean;
	readonly dryRun: boolean;
}

export const EMPTY_REPLAY: ReplayForm = {
	selection: EMPTY_SELECTION,
	connectionId: '',
	timing: 'original',
	factor: '10',
	fromPrefix: '',
	toPrefix: '',
	stripRetain: false,
	dryRun: true,
};

export function toReplayRequest(
	form: ReplayForm,
	nowMs: number,
): Result<RequestOf<'history:replay'>> {
	const selection = toSelection(form.selection, nowMs);
	if (!selection.ok) return selection;
	if (form.connectionId === '') {
		return err('invalid-request', 'Choose the connection that publishes the replay.');
	}
	let speed: number | 'max' = 1;
	if (form.timing === 'max') speed = 'max';
	else if (form.timing === 'scaled') {
		const factor = Number(form.factor.trim());
		if (!Number.isFinite(factor) || factor < 0.01 || factor > 10_000) {
			return err(
				'invalid-request',
				'Speed: write a factor from 0.01 to 10000 (10 is ten times as fast).',
			);
		}
		speed = factor;
	}
	const isRewriting = form.fromPrefix !== '' || form.toPrefix !== '';
	if (isRewriting && form.fromPrefix === '') {
		return err('invalid-request', 'Topic rewrite: say which prefix to replace.');
	}
	return ok({
		selection: selection.value,
		connectionId: form.connectionId,
		speed,
		...(isRewriting ? { rewrite: { from: form.fromPrefix, to: form.toPrefix } } : {}),
		stripRetain: form.stripRetain,
		dryRun: form.dryRun,
	});
}
