/**
 * The retained tab of one connection: a live window of the topics seen with a retained message,
 * the dry run and confirmation of a clear, its per-topic results, and undo.
 */
import type { AppError } from '../../../shared/result';
import type {
	RetainedClearPlan,
	RetainedListView,
	RetainedOperationReport,
} from '../../../shared/model/retained';
import type { StreamHandle } from '../../../shared/ipc/client';
import type { ParamsOf } from '../../../shared/ipc/contract';
import { api } from '../../lib/api';
import { LiveStream } from '../../lib/live-stream.svelte';

export type RetainedAction =
	| { readonly kind: 'cleared'; readonly report: RetainedOperationReport }
	| { readonly kind: 'restored'; readonly report: RetainedOperationReport };

/** How long ago, in words that fit a column: "42 s", "5 min", "3 h", "12 d". */
export function formatAge(ageMs: number): string {
	const seconds = Math.max(0, Math.floor(ageMs / 1000));
	if (seconds < 60) return `${seconds} s`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
	if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h`;
	return `${Math.floor(seconds / 86_400)} d`;
}

export class RetainedState {
	view = $state.raw<RetainedListView | null>(null);
	/** Only topics at or below this one ('' for all). */
	below = $state('');
	/** The clear waiting for confirmation: exactly what would be cleared. */
	plan = $state.raw<RetainedClearPlan | null>(null);
	/** Whether `plan` is one topic (a simple confirmation) or a subtree (type the count). */
	isSingle = $state(false);
	confirmText = $state('');
	isBusy = $state(false);
	last = $state.raw<RetainedAction | null>(null);
	error = $state.raw<AppError | null>(null);
	#offset = 0;
	#limit = 60;
	readonly #stream = new LiveStream<'retained:list'>(
		(params) => this.#open(params),
		() => ({
			connectionId: this.connectionId,
			below: this.below,
			offset: this.#offset,
			limit: this.#limit,
		}),
	);

	constructor(readonly connectionId: string) {}

	get current(): RetainedListView | null {
		this.#stream.track();
		return this.view;
	}

	setBelow(below: string): void {
		this.below = below;
		this.#offset = 0;
		this.#stream.move();
	}

	setRange(offset: number, limit: number): void {
		if (offset === this.#offset && limit === this.#limit) return;
		this.#offset = offset;
		this.#limit = limit;
		this.#stream.move();
	}

	/** The dry run for the subtree at `below`: the exact list to confirm. */
	async planSubtree(below: string): Promise<void> {
		const plan = await api.invoke('retained:plan', { connectionId: this.connectionId, below });
		this.error = plan.ok ? null : plan.error;
		this.plan = plan.ok ? plan.value : null;
		this.isSingle = false;
		this.confirmText = '';
		this.last = null;
	}

	/** One topic: confirmed with one click. */
	planOne(topic: string, sizeBytes: number): void {
		this.plan = { below: topic, topics: [{ topic, sizeBytes }] };
		this.isSingle = true;
		this.confirmText = '1';
		this.last = null;
		this.error = null;
	}

	cancel(): void {
		this.plan = null;
		this.confirmText = '';
	}

	/** Whether the typed count matches the dry run (a subtree clear needs it typed). */
	get isConfirmed(): boolean {
		const plan = this.plan;
		return (
			plan !== null &&
			plan.topics.length > 0 &&
			this.confirmText.trim() === String(plan.topics.length)
		);
	}

	async confirm(): Promise<void> {
		const plan = this.plan;
		if (plan === null || !this.isConfirmed) return;
		this.isBusy = true;
		const result = await api.invoke('retained:clear', {
			connectionId: this.connectionId,
			below: plan.below,
			topics: plan.topics.map((t) => t.topic),
			confirmedCount: Number(this.confirmText.trim()),
		});
		this.isBusy = false;
		this.plan = null;
		this.error = result.ok ? null : result.error;
		this.last = result.ok ? { kind: 'cleared', report: result.value } : null;
	}

	async undo(snapshotId: number): Promise<void> {
		this.isBusy = true;
		const result = await api.invoke('retained:undo', {
			connectionId: this.connectionId,
			snapshotId,
		});
		this.isBusy = false;
		this.error = result.ok ? null : result.error;
		this.last = result.ok ? { kind: 'restored', report: result.value } : null;
	}

	#open(params: ParamsOf<'retained:list'>): StreamHandle<'retained:list'> {
		return api.open('retained:list', params, (view) => {
			this.view = view;
		});
	}
}
