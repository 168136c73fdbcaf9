/**
 * The publish panel of one connection: the form, what the last publish or request got back, the
 * repeat run streamed from main, the saved-message library and the publish history.
 */
import { createSubscriber } from 'svelte/reactivity';
import type {
	PublishDraft,
	PublishHistoryEntry,
	PublishPanelView,
	PublishReport,
	SavedMessage,
} from '../../../shared/model/publish-draft';
import { REPEAT_LIMITS } from '../../../shared/model/publish-draft';
import type { RequestReplyView } from '../../../shared/model/request-reply';
import { api } from '../../lib/api';
import type { TextEditor } from './payload-editor';
import { EMPTY_FORM, formOfDraft, type PublishForm } from './publish-form';

/** The form as the panel's inputs edit it (bound fields are written in place). */
export type EditableForm = { -readonly [K in keyof PublishForm]: PublishForm[K] } & {
	sources: Record<TextEditor, string>;
};

export type LastOutcome =
	| { readonly kind: 'published'; readonly report: PublishReport }
	| { readonly kind: 'reply'; readonly reply: RequestReplyView }
	| { readonly kind: 'error'; readonly message: string };

/** A whole number in [min, max] typed in a field, or null. */
export function wholeNumberIn(text: string, min: number, max: number): number | null {
	if (!/^\d+$/.test(text.trim())) return null;
	const value = Number(text);
	return value >= min && value <= max ? value : null;
}

export class PublishState {
	form = $state<EditableForm>({ ...EMPTY_FORM, sources: { ...EMPTY_FORM.sources } });
	/** Set once the user tried to send: empty fields are named only then. */
	wasSubmitted = $state(false);
	isSending = $state(false);
	last = $state.raw<LastOutcome | null>(null);
	/** Request/response: wait for the reply instead of only publishing. */
	isRequest = $state(false);
	responseTopic = $state('');
	timeoutSeconds = $state('10');
	repeatIntervalMs = $state('1000');
	repeatCount = $state('10');
	repeatError = $state<string | null>(null);
	saved = $state.raw<readonly SavedMessage[]>([]);
	history = $state.raw<readonly PublishHistoryEntry[]>([]);
	libraryError = $state<string | null>(null);
	#panel = $state.raw<PublishPanelView | null>(null);
	readonly #listen = createSubscriber(() =>
		api.subscribe('publish:state', { connectionId: this.connectionId }, (view) => {
			this.#panel = view;
		}),
	);

	constructor(readonly connectionId: string) {}

	get panel(): PublishPanelView | null {
		this.#listen();
		return this.#panel;
	}

	/** Opens a draft in the form (a saved message, a history entry, a message to republish). */
	load(draft: PublishDraft): void {
		const form = formOfDraft(draft);
		this.form = { ...form, sources: { ...form.sources }, userProperties: [...form.userProperties] };
		this.wasSubmitted = false;
		this.last = null;
	}

	/** Publishes once; `draft` is null while the form has problems (they show after this). */
	async publish(draft: PublishDraft | null): Promise<void> {
		this.wasSubmitted = true;
		if (draft === null) return;
		this.isSending = true;
		const result = await api.invoke('publish:send', { connectionId: this.connectionId, draft });
		this.isSending = false;
		this.last = result.ok
			? { kind: 'published', report: result.value }
			: { kind: 'error', message: result.error.message };
		void this.refreshHistory();
	}

	/** Publishes as a request and waits for the matching reply. */
	async request(draft: PublishDraft | null): Promise<void> {
		this.wasSubmitted = true;
		const seconds = wholeNumberIn(this.timeoutSeconds, 1, 600);
		if (draft === null || seconds === null) return;
		this.isSending = true;
		this.last = null;
		const result = await api.invoke('publish:request', {
			connectionId: this.connectionId,
			draft,
			timeoutMs: seconds * 1000,
			...(this.responseTopic === '' ? {} : { responseTopic: this.responseTopic }),
		});
		this.isSending = false;
		this.last = result.ok
			? { kind: 'reply', reply: result.value }
			: { kind: 'error', message: result.error.message };
	}

	get repeatProblem(): string | null {
		const { minIntervalMs, maxIntervalMs, maxCount } = REPEAT_LIMITS;
		if (wholeNumberIn(this.repeatIntervalMs, minIntervalMs, maxIntervalMs) === null) {
			return `Interval: a whole number of milliseconds from ${minIntervalMs} to ${maxIntervalMs.toLocaleString('en-US')}.`;
		}
		if (wholeNumberIn(this.repeatCount, 1, maxCount) === null) {
			return `Count: a whole number from 1 to ${maxCount.toLocaleString('en-US')}.`;
		}
		return null;
	}

	async startRepeat(draft: PublishDraft | null): Promise<void> {
		this.wasSubmitted = true;
		if (draft === null || this.repeatProblem !== null) return;
		const result = await api.invoke('publish:repeat-start', {
			connectionId: this.connectionId,
			draft,
			intervalMs: Number(this.repeatIntervalMs),
			count: Number(this.repeatCount),
		});
		this.repeatError = result.ok ? null : result.error.message;
	}

	async stopRepeat(): Promise<void> {
		const result = await api.invoke('publish:repeat-stop', { connectionId: this.connectionId });
		this.repeatError = result.ok ? null : result.error.message;
		void this.refreshHistory();
	}

	async refreshSaved(): Promise<void> {
		const result = await api.invoke('publish:saved-list', {});
		if (result.ok) this.saved = result.value;
		this.libraryError = result.ok ? null : result.error.message;
	}

	/** Saves the form under a name (replacing the entry `id` when given). */
	async save(
		draft: PublishDraft | null,
		name: string,
		folder: string,
		id?: string,
	): Promise<boolean> {
		this.wasSubmitted = true;
		if (draft === null) return false;
		const result = await api.invoke('publish:saved-save', {
			name,
			folder,
			draft,
			...(id === undefined ? {} : { id }),
		});
		this.libraryError = result.ok ? null : result.error.message;
		if (result.ok) await this.refreshSaved();
		return result.ok;
	}

	async removeSaved(id: string): Promise<void> {
		const result = await api.invoke('publish:saved-remove', { id });
		this.libraryError = result.ok ? null : result.error.message;
		await this.refreshSaved();
	}

	async refreshHistory(): Promise<void> {
		const result = await api.invoke('publish:history', { limit: 100 });
		if (result.ok) this.history = result.value;
		this.libraryError = result.ok ? null : result.error.message;
	}

	async clearHistory(): Promise<void> {
		await api.invoke('publish:history-clear', {});
		await this.refreshHistory();
	}
}
