/** The connection form: a whole profile being edited, and the connect action. */
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

export type FormStatus =
	| { readonly kind: 'idle' }
	| { readonly kind: 'connecting' }
	| { readonly kind: 'failed'; readonly error: AppError };

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
	/** The saved profile being edited, or null for a new one. */
	editingId = $state<string | null>(null);
	/** Which secrets main holds for the profile being edited (their values never come back). */
	storedSecrets = $state.raw<Readonly<Record<SecretField, boolean>>>(NO_SECRETS);
	/** Secrets the user asked to forget. */
	clearedSecrets = $state<Partial<Record<SecretField, boolean>>>({});

	readonly isBusy = $derived(this.status.kind === 'connecting');
	readonly isSecure = $derived(isSecureTransport(this.profile.transport));
	readonly isWebSocket = $derived(isWebSocketTransport(this.profile.transport));

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

	/** Starts editing a saved profile. */
	edit(view: ProfileView): void {
		this.profile = structuredClone($state.snapshot(view.profile) as Profile);
		this.editingId = view.id;
		this.storedSecrets = view.secretsSet;
		this.clearedSecrets = {};
		this.status = { kind: 'idle' };
	}

	startNew(): void {
		this.profile = newProfile();
		this.editingId = null;
		this.storedSecrets = NO_SECRETS;
		this.clearedSecrets = {};
		this.status = { kind: 'idle' };
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

	/** Saves the profile (new, or the one being edited); `asNew` saves a copy. */
	async save(asNew = false): Promise<ProfileView | null> {
		const id = asNew ? undefined : (this.editingId ?? undefined);
		const result = await api.invoke('profiles:save', {
			...(id ? { id } : {}),
			profile: this.snapshot(),
			secrets: this.secretUpdates(),
		});
		if (!result.ok) {
			this.status = { kind: 'failed', error: result.error };
			return null;
		}
		this.edit(result.value);
		return result.value;
	}

	/** Connects; returns the new connection on success, and shows the broker's reason on failure. */
	async connect(): Promise<ConnectionSummary | null> {
		this.status = { kind: 'connecting' };
		// A saved profile connects through main, which holds its secrets.
		if (this.editingId !== null) {
			const saved = await this.save();
			if (!saved) return null;
			this.status = { kind: 'connecting' };
			return this.#settle(await api.invoke('profiles:connect', { id: saved.id }));
		}
		return this.#settle(await api.invoke('connections:connect', { profile: this.snapshot() }));
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
