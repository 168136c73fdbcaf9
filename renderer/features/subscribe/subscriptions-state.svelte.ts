/**
 * The subscriptions panel of one connection: the live list from main (answers, identifiers,
 * counts), the add/edit form checked before anything is sent, and the edits, each applied at once
 * (main sends only the difference) and saved in the profile when there is one.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { SubscriptionSpec, SubscriptionsView } from '../../../shared/model/subscription';
import { api } from '../../lib/api';
import { firehoseGuard } from '../../lib/firehose-guard.svelte';
import {
	checkSubscriptionForm,
	NEW_FORM,
	specOfForm,
	type SubscriptionForm,
} from './subscription-form';

export class SubscriptionsState {
	view = $state.raw<SubscriptionsView | null>(null);
	form = $state<SubscriptionForm>({ ...NEW_FORM });
	/** The row being edited, or null when the form adds a new subscription. */
	editingIndex = $state<number | null>(null);
	/** Set once the user tried to submit, so an empty filter is named only then. */
	wasSubmitted = $state(false);
	/** Main's refusal of the last edit, or a failure to save it. */
	error = $state<string | null>(null);
	/** Where the last edit was saved. */
	note = $state<string | null>(null);
	isBusy = $state(false);
	readonly #listen = createSubscriber(() =>
		api.subscribe('subscriptions:state', { connectionId: this.connectionId }, (view) => {
			this.view = view;
		}),
	);

	constructor(readonly connectionId: string) {}

	get current(): SubscriptionsView | null {
		this.#listen();
		return this.view;
	}

	get level(): number {
		return this.view?.protocolVersion ?? 5;
	}

	get specs(): SubscriptionSpec[] {
		return (this.view?.statuses ?? []).map((status) => status.spec);
	}

	/** The form's problem (an empty filter only after a submit attempt). */
	get problem(): string | null {
		if (this.form.filter === '' && !this.wasSubmitted) return null;
		const others = this.specs.filter((_, index) => index !== this.editingIndex);
		return checkSubscriptionForm(this.form, this.level, others);
	}

	startEdit(index: number): void {
		const spec = this.view?.statuses[index]?.spec;
		if (spec === undefined) return;
		this.editingIndex = index;
		this.wasSubmitted = false;
		this.form = {
			filter: spec.filter,
			qos: spec.qos,
			noLocal: spec.noLocal ?? false,
			retainAsPublished: spec.retainAsPublished ?? false,
			retainHandling: spec.retainHandling ?? 0,
		};
	}

	cancelEdit(): void {
		this.editingIndex = null;
		this.wasSubmitted = false;
		this.form = { ...NEW_FORM };
	}

	/**
	 * Adds the form's subscription, or saves the edited row; nothing is sent while it is invalid.
	 * `host` is the broker's, for the question before `#` on a public one.
	 */
	async submit(host = ''): Promise<void> {
		this.wasSubmitted = true;
		if (this.problem !== null) return;
		const specs = this.specs;
		const index = this.editingIndex;
		const isEnabled = index === null ? true : specs[index]?.isEnabled !== false;
		const spec = specOfForm(this.form, this.level, isEnabled);
		// `#` on a public broker: ask first; "Cancel" keeps the form as it is.
		if (isEnabled && !(await firehoseGuard.confirm(host, [spec.filter]))) return;
		const next = index === null ? [...specs, spec] : specs.map((s, i) => (i === index ? spec : s));
		if (await this.#apply(next)) this.cancelEdit();
	}

	async setEnabled(index: number, isEnabled: boolean): Promise<void> {
		await this.#apply(
			this.specs.map((spec, i) => {
				if (i !== index) return spec;
				const { isEnabled: _was, ...rest } = spec;
				return isEnabled ? rest : { ...rest, isEnabled: false };
			}),
		);
	}

	async remove(index: number): Promise<void> {
		if (this.editingIndex === index) this.cancelEdit();
		await this.#apply(this.specs.filter((_, i) => i !== index));
	}

	async #apply(specs: SubscriptionSpec[]): Promise<boolean> {
		this.isBusy = true;
		const result = await api.invoke('subscriptions:set', {
			connectionId: this.connectionId,
			subscriptions: specs,
		});
		this.isBusy = false;
		if (!result.ok) {
			this.error = result.error.message;
			this.note = null;
			return false;
		}
		this.error = null;
		const saved = result.value.saved;
		if (saved === 'profile') this.note = 'Saved in the profile.';
		else if (saved === 'no-profile') this.note = 'Applied (this connection has no saved profile).';
		else {
			this.note = null;
			this.error = `Applied, but not saved in the profile: ${saved.error}`;
		}
		return true;
	}
}
