/** The connection form: a whole profile being edited, and the connect action. */
import type { AppError } from '../../../shared/ipc/errors';
import type { ConnectionSummary } from '../../../shared/model/connection';
import {
	DEFAULT_PORTS,
	DEFAULT_PROFILE,
	type Profile,
	type Transport,
} from '../../../shared/model/profile';
import { api } from '../../lib/api';

export function randomClientId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(5));
	return `topicscope_${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export type FormStatus =
	| { readonly kind: 'idle' }
	| { readonly kind: 'connecting' }
	| { readonly kind: 'failed'; readonly error: AppError };

export function newProfile(): Profile {
	return structuredClone({ ...DEFAULT_PROFILE, name: '', clientId: randomClientId() });
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

export class ConnectionFormState {
	profile = $state<Profile>(newProfile());
	status = $state.raw<FormStatus>({ kind: 'idle' });

	readonly isBusy = $derived(this.status.kind === 'connecting');
	readonly isSecure = $derived(
		this.profile.transport === 'mqtts' || this.profile.transport === 'wss',
	);
	readonly isWebSocket = $derived(
		this.profile.transport === 'ws' || this.profile.transport === 'wss',
	);

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

	/** Connects; returns the new connection on success, and shows the broker's reason on failure. */
	async connect(): Promise<ConnectionSummary | null> {
		this.status = { kind: 'connecting' };
		const result = await api.invoke('connections:connect', { profile: this.snapshot() });
		if (!result.ok) {
			this.status = { kind: 'failed', error: result.error };
			return null;
		}
		this.status = { kind: 'idle' };
		return result.value;
	}

	async connectLocalBroker(): Promise<ConnectionSummary | null> {
		this.status = { kind: 'connecting' };
		const result = await api.invoke('local-broker:connect', {});
		if (!result.ok) {
			this.status = { kind: 'failed', error: result.error };
			return null;
		}
		this.status = { kind: 'idle' };
		return result.value;
	}
}
