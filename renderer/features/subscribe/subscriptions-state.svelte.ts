/**
 * The subscriptions panel of one connection: the live list from main (answers, identifiers,
 * counts), the add/edit form checked before anything is sent, and the edits, each applied at once
 * (main sends only the difference) and saved in the profile when there is one.
 */
import { createSubscriber } from 'svelte/reactivity';
import type {
	SubscriptionSpec,
	SubscriptionStatus,
	SubscriptionsView,
} from '../../../shared/model/subscription';
import type { QoS } from '../../../shared/mqtt/protocol';
import { findTopicFilterProblem, parseSharedFilter } from '../../../shared/mqtt/topic';
import { api } from '../../lib/api';

export interface SubscriptionForm {
	filter: string;
	qos: QoS;
	noLocal: boolean;
	retainAsPublished: boolean;
	retainHandling: 0 | 1 | 2;
}

/** A new subscription: QoS 2 so each message arrives with the QoS it was published with. */
const NEW_FORM: SubscriptionForm = {
	filter: '',
	qos: 2,
	noLocal: false,
	retainAsPublished: true,
	retainHandling: 0,
};

/** What is wrong with the form, or null: the filter rules of shared/mqtt/topic.ts, then the set's. */
export function checkSubscriptionForm(
	form: SubscriptionForm,
	level: number,
	others: readonly SubscriptionSpec[],
): string | null {
	const problem = findTopicFilterProblem(form.filter, level);
	if (problem) return problem.message;
	if (others.some((spec) => spec.filter === form.filter)) {
		return 'This filter is in the list already: edit that row instead.';
	}
	if (level === 5 && form.noLocal && parseSharedFilter(form.filter) !== undefined) {
		return 'No Local cannot be set on a shared subscription [MQTT-3.8.3-4].';
	}
	return null;
}

/** The spec the form stands for; MQTT 5 options only on MQTT 5. */
export function specOfForm(
	form: SubscriptionForm,
	level: number,
	isEnabled = true,
): SubscriptionSpec {
	return {
		filter: form.filter,
		qos: form.qos,
		...(level === 5
			? {
					noLocal: form.noLocal,
					retainAsPublished: form.retainAsPublished,
					retainHandling: form.retainHandling,
				}
			: {}),
		...(isEnabled ? {} : { isEnabled: false }),
	};
}

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

	/** Adds the form's subscription, or saves the edited row; nothing is sent while it is invalid. */
	async submit(): Promise<void> {
		this.wasSubmitted = true;
		if (this.problem !== null) return;
		const specs = this.specs;
		const index = this.editingIndex;
		const isEnabled = index === null ? true : specs[index]?.isEnabled !== false;
		const spec = specOfForm(this.form, this.level, isEnabled);
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

/** The broker's answer for a row, in words. */
export function describeOutcome(status: SubscriptionStatus, isConnected: boolean): string {
	const outcome = status.outcome;
	switch (outcome.kind) {
		case 'disabled':
			return 'Disabled: kept in the list, not subscribed.';
		case 'pending':
			return isConnected ? 'Waiting for the broker’s answer…' : 'Sent when the connection is up.';
		case 'granted':
			return outcome.qos === outcome.requestedQos
				? `Granted at QoS ${outcome.qos}.`
				: `Granted at QoS ${outcome.qos}: the broker downgraded it from QoS ${outcome.requestedQos}.`;
		case 'refused':
		case 'unsupported':
			return outcome.message;
	}
}
