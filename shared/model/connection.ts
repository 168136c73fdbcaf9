/** Connection options, identities and the connection lifecycle. */
import type { AppError } from '../result';
import type { ProtocolLevel } from '../mqtt/protocol';
import type { Transport } from './profile';

export type ConnectionId = string;

export type ConnectionState =
	| { readonly kind: 'idle' }
	| { readonly kind: 'connecting'; readonly attempt: number }
	| {
			readonly kind: 'connected';
			readonly since: number;
			readonly protocolVersion: ProtocolLevel;
			readonly sessionPresent: boolean;
	  }
	| { readonly kind: 'reconnecting'; readonly attempt: number; readonly lastError: AppError }
	| { readonly kind: 'closed'; readonly by: 'user' | 'broker' }
	| { readonly kind: 'failed'; readonly error: AppError };

export interface ConnectionSummary {
	readonly id: ConnectionId;
	readonly name: string;
	readonly transport: Transport;
	readonly host: string;
	readonly port: number;
	readonly clientId: string;
	readonly protocolVersion: ProtocolLevel;
	readonly subscribeFilter: string;
	readonly hasPassword: boolean;
	readonly username: string;
	readonly isLocalBroker: boolean;
	/** TLS without verifying the broker's certificate: the UI keeps a warning on screen. */
	readonly isTlsVerifyOff: boolean;
	/** The saved profile this connection was opened from, if any. */
	readonly profileId: string | null;
	readonly state: ConnectionState;
}
