/**
 * The connection form: a whole profile being edited (a new one, or a saved one by id), whether it
 * holds unsaved edits, and the save and connect actions.
 *
 * One instance lives for the whole app (see `setConnectionForm`), so a draft survives a visit to a
 * connection tab or the codec panel; replacing it with another profile asks first when it holds
 * edits that were neither saved nor used to connect.
 */
import { createContext } from 'svelte';
import type { AppError } from '../../../shared/result';
import type { ConnectionSummary } from '../../../shared/model/connection';
import {
	DEFAULT_PORTS,
	DEFAULT_PROFILE,
	isSecureTransport,
	isWebSocketTransport,
	SECRET_FIELDS,
	type Profile,
	type ProfileView,
	type SecretField,
	type SecretUpdates,
	type Transport,
} from '../../../shared/model/profile';
import { generateClientId } from '../../../shared/mqtt/client-id';
import { api } from '../../lib/api';
import { firehoseGuard } from '../../lib/firehose-guard.svelte';
import { clientIdForCopy, draftKey } from './profile-draft';

export type FormStatus =
	| { readonly kind: 'idle' }
	| { readonly kind: 'connecting' }
	| { readonly kind: 'failed'; readonly error: AppError };

/** What the user asked for while the form held unsaved edits: done once they answer. */
export type PendingSwitch =
	{ readonly kind: 'new' } | { readonly kind: 'edit'; readonly view: ProfileView };

/** The answer to "save your changes first?". */
export type UnsavedChoice = 'save' | 'discard' | 'keep-editing';

export function newProfile(): Profile {
	return structuredClone({ ...DEFAULT_PROFILE, name: '', clientId: generateClientId() });
}

/** Empty number inputs bind as null; the profile schema wants such optional fields absent. */
export function withoutNulls<T>(value: T): T {
	if (Array.isArray(value)) return value.map(withoutNulls) as T;
	if (typeof value !== 'object' || value === null) return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([, item]) => item !== null && item !== undefined)
			.map(([key, item]) => [key, withoutNulls(item)]),
	) as T;
}

const NO_SECRETS: Readonly<Record<SecretField, boolean>> = {
	password: false,
	clientKeyPem: false,
	passphrase: false,
	pkcs12Base64: false,
};

/** The value of a secret field in a profile being edited ('' when untouched). */
function secretValue(profile: Profile, field: SecretField): string {
	return (field === 'password' ? profile.password : profile.tls[field]) ?? '';
}

export class ConnectionFormState {
	profile = $state<Profile>(newProfile());
	status = $state.raw<FormStatus>({ kind: 'idle' });
	/** The saved profile being edited as main last returned it, or null for a new one. */
	saved = $state.raw<ProfileView | null>(null);
	/** Which secrets main holds for the profile being edited (their values never come back). */
	storedSecrets = $state.raw<Readonly<Record<SecretField, boolean>>>(NO_SECRETS);
	/** Secrets the user asked to forget. */
	clearedSecrets = $state<Partial<Record<SecretField, boolean>>>({});
	/** A switch waiting for the user to say what happens to the unsaved edits. */
	pending = $state.raw<PendingSwitch | null>(null);
	/** Bumped whenever another profile is loaded, so field components start from its values. */
	generation = $state(0);
	/** `draftKey` of the profile as loaded: what "unsaved edits" are measured against. */
	#baseline = $state.raw('');

	readonly editingId = $derived(this.saved?.id ?? null);
	readonly isBusy = $derived(this.status.kind === 'connecting');
	readonly isSecure = $derived(isSecureTransport(this.profile.transport));
	readonly isWebSocket = $derived(isWebSocketTransport(this.profile.transport));
	readonly isDirty = $derived(draftKey(this.profile, this.clearedSecrets) !== this.#baseline);

	constructor() {
		this.#load(newProfile(), null);
	}

	/** Switching transport moves the port along when it still has the old transport's default. */
	setTransport(transport: Transport): void {
		if (this.profile.port === DEFAULT_PORTS[this.profile.transport])
			this.profile.port = DEFAULT_PORTS[transport];
		this.profile.transport = transport;
	}

	/** What is sent: the edited profile, with a name derived from the address when left empty. */
	snapshot(): Profile {
		const profile = withoutNulls($state.snapshot(this.profile) as Profile);
		return {
			...profile,
			name: profile.name.trim() || `${profile.host.trim()}:${profile.port}`,
			port: Number(profile.port),
			keepAliveSeconds: Number(profile.keepAliveSeconds),
			connectTimeoutMs: Number(profile.connectTimeoutMs),
		};
	}

	/** Starts editing a saved profile, dropping whatever the form held. */
	edit(view: ProfileView): void {
		this.#load(structuredClone($state.snapshot(view.profile) as Profile), view);
	}

	/** An empty form with a fresh client id, dropping whatever the form held. */
	startNew(): void {
		this.#load(newProfile(), null);
	}

	/** "+ New connection": a new form, once the user has said what happens to unsaved edits. */
	requestNew(): void {
		if (this.isDirty) this.pending = { kind: 'new' };
		else this.startNew();
	}

	/** Opens a saved profile in the form, once the user has said what happens to unsaved edits. */
	requestEdit(view: ProfileView): void {
		// The profile already in the form: its edits are what the user came back to.
		if (view.id === this.editingId) return;
		if (this.isDirty) this.pending = { kind: 'edit', view };
		else this.edit(view);
	}

	/**
	 * Carries out the pending switch as the user chose; a failed save keeps the form as it is.
	 *
	 * Returns the profile saved on the way, if any, so the list can show it.
	 */
	async resolvePending(choice: UnsavedChoice): Promise<ProfileView | null> {
		const pending = this.pending;
		this.pending = null;
		if (pending === null || choice === 'keep-editing') return null;
		const saved = choice === 'save' ? await this.save() : null;
		if (choice === 'save' && saved === null) return null;
		if (pending.kind === 'new') this.startNew();
		else this.edit(pending.view);
		return saved;
	}

	/** The saved profile `id` was deleted: the form no longer edits it. */
	forget(id: string): void {
		if (this.pending?.kind === 'edit' && this.pending.view.id === id) this.pending = null;
		if (id === this.editingId) this.startNew();
	}

	/**
	 * Main's list changed (an import replaced profiles, another window saved): a form without
	 * unsaved edits follows the saved profile it shows; one with edits keeps them.
	 */
	sync(views: readonly ProfileView[]): void {
		const shown = this.saved;
		if (shown === null || this.isDirty) return;
		const fresh = views.find((view) => view.id === shown.id);
		if (fresh === undefined) this.startNew();
		else if (fresh.updatedAt !== shown.updatedAt) this.edit(fresh);
	}

	#load(profile: Profile, view: ProfileView | null): void {
		this.profile = profile;
		this.saved = view;
		this.storedSecrets = view?.secretsSet ?? NO_SECRETS;
		this.clearedSecrets = {};
		this.status = { kind: 'idle' };
		this.#baseline = draftKey(profile);
		this.generation += 1;
	}

	/** What to tell main about secrets: typed ones are set, forgotten ones cleared, others kept. */
	secretUpdates(): SecretUpdates {
		const profile = this.profile;
		const updates: SecretUpdates = {};
		for (const field of SECRET_FIELDS) {
			const typed = secretValue(profile, field);
			if (typed !== '') updates[field] = typed;
			else if (this.clearedSecrets[field]) updates[field] = null;
		}
		return updates;
	}

	/**
	 * Saves the profile (new, or the one being edited), then edits what was saved.
	 *
	 * `asNew` on a saved profile saves a copy and leaves the original as it was stored.
	 */
	async save(asNew = false): Promise<ProfileView | null> {
		if (asNew && this.saved !== null) return this.#saveCopy(this.saved);
		const id = asNew ? undefined : (this.editingId ?? undefined);
		const result = await api.invoke('profiles:save', {
			...(id ? { id } : {}),
			profile: this.snapshot(),
			secrets: this.secretUpdates(),
		});
		return this.#saved(result);
	}

	/**
	 * "Save as new": main copies the original first, so its stored secrets go with the copy (they
	 * never come to the renderer), then the form's edits are saved onto the copy.
	 *
	 * As with Duplicate, the copy gets a fresh client id unless the user changed it, and an
	 * unchanged name gets " (copy)" so the two rows can be told apart.
	 */
	async #saveCopy(original: ProfileView): Promise<ProfileView | null> {
		const profile = this.snapshot();
		profile.clientId = clientIdForCopy(
			profile.clientId,
			original.profile.clientId,
			generateClientId,
		);
		const copy = await api.invoke('profiles:duplicate', { id: original.id });
		if (!copy.ok) return this.#saved(copy);
		if (profile.name === original.profile.name) profile.name = copy.value.profile.name;
		const result = await api.invoke('profiles:save', {
			id: copy.value.id,
			profile,
			secrets: this.secretUpdates(),
		});
		// An edit main refuses must not leave a half-made copy in the list.
		if (!result.ok) await api.invoke('profiles:remove', { id: copy.value.id });
		return this.#saved(result);
	}

	#saved(
		result: { ok: true; value: ProfileView } | { ok: false; error: AppError },
	): ProfileView | null {
		if (!result.ok) {
			this.status = { kind: 'failed', error: result.error };
			return null;
		}
		this.edit(result.value);
		return result.value;
	}

	/** Connects; returns the new connection on success, and shows the broker's reason on failure. */
	async connect(): Promise<ConnectionSummary | null> {
		// `#` on a public broker: ask first (the default subscription of a new profile is `#`).
		const filters = this.profile.subscriptions
			.filter((subscription) => subscription.isEnabled !== false)
			.map((subscription) => subscription.filter);
		if (!(await firehoseGuard.confirm(this.profile.host, filters))) return null;
		this.status = { kind: 'connecting' };
		// A saved profile connects through main, which holds its secrets.
		if (this.editingId !== null) {
			const saved = await this.save();
			if (!saved) return null;
			this.status = { kind: 'connecting' };
			return this.#settle(await api.invoke('profiles:connect', { id: saved.id }));
		}
		const connection = this.#settle(
			await api.invoke('connections:connect', { profile: this.snapshot() }),
		);
		// A new profile that connected is in use, not work to lose: "+ New connection" then starts
		// afresh without asking, while the form still shows it until then.
		if (connection) this.#baseline = draftKey(this.profile, this.clearedSecrets);
		return connection;
	}

	#settle(
		result: { ok: true; value: ConnectionSummary } | { ok: false; error: AppError },
	): ConnectionSummary | null {
		if (!result.ok) {
			this.status = { kind: 'failed', error: result.error };
			return null;
		}
		this.status = { kind: 'idle' };
		return result.value;
	}

	async connectLocalBroker(): Promise<ConnectionSummary | null> {
		this.status = { kind: 'connecting' };
		return this.#settle(await api.invoke('local-broker:connect', {}));
	}
}

export const [getConnectionForm, setConnectionForm] = createContext<ConnectionFormState>();
