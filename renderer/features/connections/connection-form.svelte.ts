/** The connection form's fields and its connect action. */
import type { AppError } from '../../../shared/ipc/errors';
import type { ConnectionSummary, ProtocolVersion } from '../../../shared/model/connection';
import { api } from '../../lib/api';

export function randomClientId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(5));
	return `topicscope_${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export type FormStatus =
	| { readonly kind: 'idle' }
	| { readonly kind: 'connecting' }
	| { readonly kind: 'failed'; readonly error: AppError };

export class ConnectionFormState {
	name = $state('');
	host = $state('localhost');
	port = $state(1883);
	clientId = $state(randomClientId());
	username = $state('');
	password = $state('');
	protocolVersion = $state<ProtocolVersion>(5);
	cleanSession = $state(true);
	keepAliveSeconds = $state(60);
	subscribeFilter = $state('#');
	status = $state.raw<FormStatus>({ kind: 'idle' });

	readonly isBusy = $derived(this.status.kind === 'connecting');

	/** Connects; returns the new connection on success, and shows the broker's reason on failure. */
	async connect(): Promise<ConnectionSummary | null> {
		this.status = { kind: 'connecting' };
		const result = await api.invoke('connections:connect', {
			...(this.name.trim() ? { name: this.name.trim() } : {}),
			host: this.host.trim(),
			port: Number(this.port),
			clientId: this.clientId,
			...(this.username ? { username: this.username } : {}),
			...(this.password ? { password: this.password } : {}),
			protocolVersion: this.protocolVersion,
			cleanSession: this.cleanSession,
			keepAliveSeconds: Number(this.keepAliveSeconds),
			subscribeFilter: this.subscribeFilter.trim(),
		});
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
