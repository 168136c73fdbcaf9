/**
 * The broker check's connection: one Connection at a time under a client id of its own, opened
 * again (with a fresh id, its subscriptions restored) after a probe made the broker drop it, and
 * the one primitive every probe uses: do something, then wait for the message it should bring.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { MqttMessage } from '../../shared/model/message';
import type { Profile } from '../../shared/model/profile';
import type { PublishOutcome, PublishRequest } from '../../shared/model/publish';
import type { SubscriptionSpec, SubscriptionStatus } from '../../shared/model/subscription';
import type { Capabilities } from '../../shared/model/frames';
import { err, ok, type AppError, type Result } from '../../shared/result';
import { Connection } from '../connections/connection';
import { closeClient, untilLost } from './close-client';

/** A client id within the 23 characters MQTT 3.1 allows, recognisable in broker logs. */
export function checkClientId(): string {
	return `tscheck-${randomBytes(5).toString('hex')}`;
}

/**
 * The profile the check connects with: the user's address, TLS and credentials, nothing that
 * leaves traces. No will (it would fire), no kept session, no subscriptions, no reconnects, no
 * limits of ours on packet size or aliases (they would cap what is probed).
 */
export function probeProfile(profile: Profile, level: Profile['protocolVersion']): Profile {
	const { userProperties, authenticationMethod, authenticationDataHex } = profile.properties;
	const { will: _will, ...rest } = profile;
	return {
		...rest,
		protocolVersion: level,
		clientId: checkClientId(),
		cleanSession: true,
		subscriptions: [],
		properties: {
			...(userProperties === undefined ? {} : { userProperties }),
			...(authenticationMethod === undefined ? {} : { authenticationMethod }),
			...(authenticationDataHex === undefined ? {} : { authenticationDataHex }),
		},
		reconnect: { ...profile.reconnect, isEnabled: false },
	};
}

export type Awaited =
	| { readonly kind: 'message'; readonly message: MqttMessage; readonly outcome?: PublishOutcome }
	/** The publish itself was refused (by our checks or the broker's acknowledgement). */
	| { readonly kind: 'refused'; readonly error: AppError }
	| { readonly kind: 'timeout'; readonly outcome?: PublishOutcome }
	/** The broker closed the connection (the session is opened again by `ensureOpen`). */
	| { readonly kind: 'lost'; readonly error: AppError };

export class ProbeSession {
	#connection: Connection | null = null;
	#wanted: readonly SubscriptionSpec[] = [];
	readonly clientIds: string[] = [];

	constructor(
		readonly profile: Profile,
		readonly timeoutMs: number,
	) {}

	get connection(): Connection | null {
		return this.#connection;
	}

	get capabilities(): Capabilities | null {
		return this.#connection?.capabilities ?? null;
	}

	get isConnected(): boolean {
		return this.#connection?.state.kind === 'connected';
	}

	/**
	 * Connects with a fresh client id; the subscriptions wanted are sent again. `isSuspect`: the
	 * broker stopped answering the current connection (mosquitto's message_size_limit swallows a
	 * large PUBLISH and the connection with it): let it go without waiting for its clean close.
	 */
	async open(isSuspect = false): Promise<Result<Connection>> {
		const previous = this.#connection;
		if (previous !== null) {
			if (isSuspect) void previous.close();
			else await closeClient(previous);
		}
		const profile = { ...this.profile, clientId: checkClientId() };
		const connection = new Connection(randomUUID(), profile);
		this.#connection = connection;
		this.clientIds.push(profile.clientId);
		const opened = await connection.open();
		if (!opened.ok) {
			await connection.close();
			return opened;
		}
		if (this.#wanted.length > 0) await connection.setSubscriptions(this.#wanted);
		return ok(connection);
	}

	/** Opens again when a probe cost the connection. */
	async ensureOpen(): Promise<Result<Connection>> {
		const connection = this.#connection;
		return connection !== null && connection.state.kind === 'connected'
			? ok(connection)
			: this.open();
	}

	/** Replaces the subscriptions; the broker's answer per filter. */
	async subscribe(specs: readonly SubscriptionSpec[]): Promise<Result<SubscriptionStatus[]>> {
		this.#wanted = specs;
		const connection = await this.ensureOpen();
		if (!connection.ok) return connection;
		return connection.value.setSubscriptions(specs);
	}

	/**
	 * Runs `action` (a publish, a subscribe…) with a listener already in place, then waits for a
	 * message `isExpected` accepts, the connection's loss, or the timeout.
	 */
	async expect(
		isExpected: (message: MqttMessage) => boolean,
		action: (connection: Connection) => Promise<Result<PublishOutcome | null>>,
		timeoutMs = this.timeoutMs,
	): Promise<Awaited> {
		const opened = await this.ensureOpen();
		if (!opened.ok) return { kind: 'lost', error: opened.error };
		const connection = opened.value;
		let settle: (value: Awaited) => void = () => {};
		const settled = new Promise<Awaited>((resolve) => (settle = resolve));
		let outcome: PublishOutcome | undefined;
		const stopMessages = connection.onMessage((message) => {
			if (message.direction === 'in' && isExpected(message)) {
				settle({ kind: 'message', message, ...(outcome === undefined ? {} : { outcome }) });
			}
		});
		const stopStates = connection.onStateChange((c) => {
			const state = c.state;
			if (state.kind === 'failed' || state.kind === 'closed' || state.kind === 'reconnecting') {
				settle({
					kind: 'lost',
					error:
						state.kind === 'failed'
							? state.error
							: state.kind === 'reconnecting'
								? state.lastError
								: { code: 'connection-closed', message: 'The broker closed the connection.' },
				});
			}
		});
		const timer = setTimeout(
			() => settle({ kind: 'timeout', ...(outcome === undefined ? {} : { outcome }) }),
			timeoutMs,
		);
		try {
			// A publish the broker answers by dropping us waits for an ack that never comes: the
			// loss settles the wait, whatever the action still waits for.
			const done = await Promise.race([action(connection), settled.then(() => null)]);
			if (done === null) return await settled;
			if (!done.ok) {
				// A refusal caused by the broker dropping us is a loss, not a refusal.
				const state = connection.state;
				if (state.kind === 'failed') settle({ kind: 'lost', error: state.error });
				else settle({ kind: 'refused', error: done.error });
			} else if (done.value !== null) {
				outcome = done.value;
			}
			return await settled;
		} finally {
			clearTimeout(timer);
			stopMessages();
			stopStates();
		}
	}

	/** Publishes and waits for the broker to send it back (a subscription must cover it). */
	publishAndExpect(
		request: PublishRequest,
		isExpected: (message: MqttMessage) => boolean,
		timeoutMs?: number,
	): Promise<Awaited> {
		return this.expect(isExpected, (connection) => connection.publish(request), timeoutMs);
	}

	/** Publishes without waiting for anything but the acknowledgement. */
	async publish(request: PublishRequest): Promise<Result<PublishOutcome>> {
		const opened = await this.ensureOpen();
		if (!opened.ok) return opened;
		return untilLost(opened.value, opened.value.publish(request));
	}

	async close(): Promise<void> {
		const connection = this.#connection;
		this.#connection = null;
		if (connection === null) return;
		if (connection.state.kind === 'connected' && this.#wanted.length > 0) {
			await connection.setSubscriptions([]);
		}
		await closeClient(connection);
	}
}

/** A marker unique to one probe message, so only its own echo counts. */
export function probeMarker(): string {
	return `tscheck-${randomBytes(6).toString('hex')}`;
}

/** Whether `payload` starts with `marker` (probe payloads start with theirs, then filler). */
export function startsWithMarker(payload: Uint8Array, marker: string): boolean {
	if (payload.length < marker.length) return false;
	for (let i = 0; i < marker.length; i++) if (payload[i] !== marker.charCodeAt(i)) return false;
	return true;
}

export function notConnected(): Result<never> {
	return err('not-connected', 'The check lost its connection and could not connect again.');
}
