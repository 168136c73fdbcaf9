/** Connection options, identities and the connection lifecycle. */
import type { AppError } from '../ipc/errors';

export type ConnectionId = string;
export type ProtocolVersion = 3 | 4 | 5;
export type QoS = 0 | 1 | 2;

export const PROTOCOL_NAMES: Readonly<Record<ProtocolVersion, string>> = {
	3: 'MQTT 3.1',
	4: 'MQTT 3.1.1',
	5: 'MQTT 5.0',
};

/** What the connection form sends; the password never comes back to the renderer. */
export interface ConnectOptions {
	readonly name?: string;
	readonly host: string;
	readonly port: number;
	/** Empty means "generate one" unless `allowEmptyClientId` asks the broker to assign it. */
	readonly clientId: string;
	readonly username?: string;
	readonly password?: string;
	readonly protocolVersion: ProtocolVersion;
	readonly cleanSession: boolean;
	readonly keepAliveSeconds: number;
	/** Topic filter subscribed right after CONNACK. */
	readonly subscribeFilter: string;
	readonly connectTimeoutMs?: number;
}

export type ConnectionState =
	| { readonly kind: 'idle' }
	| { readonly kind: 'connecting'; readonly attempt: number }
	| {
			readonly kind: 'connected';
			readonly since: number;
			readonly protocolVersion: ProtocolVersion;
			readonly sessionPresent: boolean;
	  }
	| { readonly kind: 'reconnecting'; readonly attempt: number; readonly lastError: AppError }
	| { readonly kind: 'closed'; readonly by: 'user' | 'broker' }
	| { readonly kind: 'failed'; readonly error: AppError };

export interface ConnectionSummary {
	readonly id: ConnectionId;
	readonly name: string;
	readonly host: string;
	readonly port: number;
	readonly clientId: string;
	readonly protocolVersion: ProtocolVersion;
	readonly subscribeFilter: string;
	readonly hasPassword: boolean;
	readonly username: string;
	readonly isLocalBroker: boolean;
	readonly state: ConnectionState;
	readonly messageCount: number;
	readonly topicCount: number;
}
