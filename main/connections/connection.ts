/**
 * One broker connection around MQTT.js: options, the state machine, reconnects, message intake.
 *
 * MQTT.js stays inside main/connections: the rest of main sees this class, its state and its tree.
 * Reconnects are ours, not MQTT.js's, so backoff, attempt counts and "subscribe again exactly
 * once" are explicit. Over 300 lines because the lifecycle (first connect, failures, lost
 * connection, reconnect, close) races on one client's events and reads best in one place; the
 * pure parts (options, error words, TLS facts) live beside it.
 */
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import mqtt, { type IClientOptions, type IConnackPacket, type MqttClient } from 'mqtt';
import type { AppError, Result } from '../../shared/result';
import type {
	ConnectionId,
	ConnectionState,
	ConnectionSummary,
} from '../../shared/model/connection';
import type { QoS } from '../../shared/mqtt/protocol';
import { isSecureTransport, type Profile } from '../../shared/model/profile';
import { isFailureReasonCode, reasonCodeName } from '../../shared/mqtt/reason-codes';
import { createLogger } from '../log/logger';
import { TopicTree } from '../topics/topic-tree';
import { reconnectDelayMs, toClientOptions } from './client-options';
import {
	closedBeforeConnackError,
	connectTimeoutError,
	describeConnectError,
	type ConnectContext,
} from './connect-errors';
import { tapStream, type WireTap } from './tap';
import { isScramMethod, scramFinish, scramStart, scramVerify, type ScramClient } from './scram';
import {
	checkTlsMaterial,
	describeTlsFailure,
	isTlsVerificationCode,
	probeCertificate,
} from './tls-explain';

const log = createLogger('connections');

export type StateListener = (connection: Connection) => void;

/**
 * SCRAM enhanced authentication (MQTT 5) when the profile names a SCRAM method and gives no
 * authentication data of its own: the CONNECT carries the client-first-message and no password.
 */
function startScram(profile: Profile): { client: ScramClient; options: IClientOptions } | null {
	const method = profile.properties.authenticationMethod;
	if (
		profile.protocolVersion !== 5 ||
		!isScramMethod(method) ||
		profile.properties.authenticationDataHex
	) {
		return null;
	}
	const client = scramStart(method, profile.username, randomBytes(18).toString('base64'));
	const options = toClientOptions(profile);
	// With SCRAM the password proves itself without travelling: it must not ride in the CONNECT.
	delete options.password;
	options.properties = {
		...options.properties,
		authenticationMethod: method,
		authenticationData: Buffer.from(client.clientFirst),
	};
	return { client, options };
}

export interface ConnectionExtras {
	readonly isLocalBroker?: boolean;
	readonly profileId?: string;
	readonly wireTap?: WireTap;
}

type StreamBuilder = (client: MqttClient) => Duplex;

export class Connection {
	readonly tree = new TopicTree();
	#state: ConnectionState = { kind: 'idle' };
	#client: MqttClient | null = null;
	#wasConnected = false;
	#isClosing = false;
	#isExplaining = false;
	#attempt = 0;
	#lastError: AppError | null = null;
	#reconnectTimer: NodeJS.Timeout | null = null;
	#connack: IConnackPacket | null = null;
	readonly #listeners = new Set<StateListener>();

	constructor(
		readonly id: ConnectionId,
		readonly profile: Profile,
		readonly extras: ConnectionExtras = {},
	) {}

	get state(): ConnectionState {
		return this.#state;
	}

	/** The broker's last CONNACK, for its capabilities (session present, MQTT 5 properties). */
	get connack(): IConnackPacket | null {
		return this.#connack;
	}

	onStateChange(listener: StateListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	summary(): ConnectionSummary {
		const p = this.profile;
		return {
			id: this.id,
			name: p.name,
			transport: p.transport,
			host: p.host,
			port: p.port,
			clientId: p.clientId,
			protocolVersion: p.protocolVersion,
			subscribeFilter: p.subscriptions.map((s) => s.filter).join(', '),
			hasPassword: p.password !== '',
			username: p.username,
			isLocalBroker: this.extras.isLocalBroker ?? false,
			isTlsVerifyOff: isSecureTransport(p.transport) && !p.tls.verifyServer,
			profileId: this.extras.profileId ?? null,
			state: this.#state,
			messageCount: this.tree.root.totalMessages,
			topicCount: this.tree.topicCount,
		};
	}

	#context(): ConnectContext {
		const p = this.profile;
		return {
			host: p.host,
			port: p.port,
			protocolVersion: p.protocolVersion,
			wasConnected: this.#wasConnected,
		};
	}

	/** Connects and subscribes; resolves on the first CONNACK and SUBACK, or the first failure. */
	open(): Promise<Result<ConnectionSummary>> {
		const profile = this.profile;
		if (isSecureTransport(profile.transport)) {
			const problem = checkTlsMaterial(profile);
			if (problem) {
				this.#setState({ kind: 'failed', error: problem });
				return Promise.resolve({ ok: false, error: problem });
			}
		}
		this.#attempt = 1;
		this.#setState({ kind: 'connecting', attempt: 1 });
		log.info('connecting', {
			connectionId: this.id,
			transport: profile.transport,
			host: profile.host,
			port: profile.port,
		});

		return new Promise((resolve) => {
			let isSettled = false;
			const settle = (result: Result<ConnectionSummary>): void => {
				if (isSettled) return;
				isSettled = true;
				resolve(result);
			};
			const fail = (error: AppError): void => {
				// The first reported cause wins: a 'close' always follows the 'error' that explains it.
				if (isSettled || this.#wasConnected) return;
				if (this.#isClosing) {
					// The user closed it while connecting: that is not a broker failure.
					settle({
						ok: false,
						error: { code: 'connection-closed', message: 'Closed before the broker answered.' },
					});
					return;
				}
				log.warn('connect failed', { connectionId: this.id, code: error.code });
				this.#setState({ kind: 'failed', error });
				this.#client?.end(true);
				settle({ ok: false, error });
			};
			const scram = startScram(profile);
			const client = mqtt.connect(scram ? scram.options : toClientOptions(profile));
			this.#client = client;
			let expectedServerSignature: Buffer | null = null;
			if (scram) {
				// The broker's challenge arrives as AUTH (continue): answer it with the SCRAM proof.
				client.handleAuth = (packet, callback) => {
					const challenge = Buffer.from(packet.properties?.authenticationData ?? []).toString(
						'utf8',
					);
					const step = scramFinish(scram.client, challenge, profile.password);
					if (!step.ok) {
						fail({
							code: 'unauthorised',
							message: `SCRAM authentication failed: ${step.message}.`,
						});
						callback(new Error(step.message));
						return;
					}
					expectedServerSignature = step.serverSignature;
					callback(undefined, {
						cmd: 'auth',
						reasonCode: 0x18,
						properties: {
							authenticationMethod: scram.client.method,
							authenticationData: Buffer.from(step.clientFinal),
						},
					});
				};
			}
			const tap = this.extras.wireTap;
			if (tap) {
				// MQTT.js builds a stream per (re)connect through this private hook; wrapping it taps
				// every socket of this connection, whatever the transport.
				const internals = client as unknown as { streamBuilder: StreamBuilder };
				const build = internals.streamBuilder;
				internals.streamBuilder = (c) => tapStream(build(c), tap);
			}

			client.on('connect', (connack) => {
				if (scram && !this.#wasConnected) {
					const final = connack.properties?.authenticationData?.toString('utf8') ?? '';
					if (expectedServerSignature === null || !scramVerify(final, expectedServerSignature)) {
						fail({
							code: 'unauthorised',
							message:
								'The broker did not prove it knows the SCRAM password (its signature is missing or wrong): it may not be the broker you expect.',
						});
						return;
					}
				}
				const isFirst = !this.#wasConnected;
				this.#wasConnected = true;
				this.#connack = connack;
				this.#attempt = 0;
				this.#setState({
					kind: 'connected',
					since: Date.now(),
					protocolVersion: profile.protocolVersion,
					sessionPresent: connack.sessionPresent,
				});
				log.info('connected', { connectionId: this.id, sessionPresent: connack.sessionPresent });
				if (isFirst) this.#subscribe(client, settle);
				else if (profile.reconnect.resubscribe) this.#subscribe(client, () => {});
			});
			client.on('message', (topic, payload, packet) => {
				this.tree.ingest(topic, payload, packet.qos as QoS, packet.retain, Date.now());
			});
			client.on('disconnect', (packet) => {
				// MQTT 5 brokers say why they disconnect us (e.g. session taken over, reason 142).
				const code = packet.reasonCode ?? 0;
				const name = reasonCodeName(code, 'DISCONNECT', 5) ?? 'unknown reason';
				this.#lastError = {
					code: 'connection-closed',
					message: `The broker disconnected: ${name.toLowerCase()} (reason ${code}).`,
					reasonCode: code,
				};
			});
			client.on('error', (error) => {
				void this.#onError(error, fail);
			});
			client.on('close', () => {
				if (!this.#wasConnected) {
					// An 'error' may still be on its way in this tick; give it precedence.
					setImmediate(() => {
						if (!this.#isExplaining) fail(closedBeforeConnackError(this.#context()));
					});
					return;
				}
				this.#onLost(client);
			});
			// MQTT.js's own connectTimeout ends the socket quietly; say why.
			const timer = setTimeout(
				() => fail(connectTimeoutError(this.#context(), profile.connectTimeoutMs)),
				profile.connectTimeoutMs + 500,
			);
			timer.unref();
			client.once('connect', () => clearTimeout(timer));
			client.connect();
		});
	}

	async #onError(error: unknown, fail: (error: AppError) => void): Promise<void> {
		const code = (error as { code?: unknown }).code;
		let appError = describeConnectError(error, this.#context());
		if (isTlsVerificationCode(code)) {
			// The 'close' that follows must not report a vaguer cause while the probe runs.
			this.#isExplaining = true;
			const facts = await probeCertificate(this.profile);
			this.#isExplaining = false;
			appError = describeTlsFailure(code, this.profile.tls.serverName || this.profile.host, facts);
		}
		if (!this.#wasConnected) {
			fail(appError);
			return;
		}
		log.warn('connection error', { connectionId: this.id, code: appError.code });
		this.#lastError = appError;
		if (typeof code === 'number' && isFailureReasonCode(code)) {
			// A refused CONNACK on reconnect (e.g. revoked credentials): retrying would not help.
			this.#stopReconnecting();
			this.#setState({ kind: 'failed', error: appError });
			this.#client?.end(true);
		}
	}

	#onLost(client: MqttClient): void {
		if (this.#isClosing || this.#state.kind === 'failed' || this.#reconnectTimer !== null) return;
		const policy = this.profile.reconnect;
		const lastError = this.#lastError ?? {
			code: 'connection-closed',
			message: 'The broker closed the connection.',
		};
		this.#lastError = null;
		if (!policy.isEnabled || (policy.maxAttempts > 0 && this.#attempt >= policy.maxAttempts)) {
			this.#setState({ kind: 'failed', error: lastError });
			return;
		}
		this.#attempt += 1;
		const delayMs = reconnectDelayMs(this.profile, this.#attempt);
		this.#setState({ kind: 'reconnecting', attempt: this.#attempt, lastError });
		log.warn('reconnect scheduled', { connectionId: this.id, attempt: this.#attempt, delayMs });
		this.#reconnectTimer = setTimeout(() => {
			this.#reconnectTimer = null;
			if (!this.#isClosing) client.reconnect();
		}, delayMs);
	}

	#stopReconnecting(): void {
		if (this.#reconnectTimer !== null) clearTimeout(this.#reconnectTimer);
		this.#reconnectTimer = null;
	}

	#subscribe(client: MqttClient, settle: (result: Result<ConnectionSummary>) => void): void {
		const subscriptions = Object.fromEntries(
			this.profile.subscriptions.map((s) => [
				s.filter,
				{
					qos: s.qos,
					...(s.noLocal !== undefined ? { nl: s.noLocal } : {}),
					...(s.retainAsPublished !== undefined ? { rap: s.retainAsPublished } : {}),
					...(s.retainHandling !== undefined ? { rh: s.retainHandling } : {}),
				},
			]),
		);
		client.subscribe(subscriptions, (error, _granted, suback) => {
			// A refusing SUBACK reaches us as an error; its return or reason codes are in the packet.
			const codes: readonly unknown[] = suback?.granted ?? [];
			const refusedIndex = codes.findIndex(
				(code) => typeof code === 'number' && isFailureReasonCode(code),
			);
			if (refusedIndex >= 0) {
				const code = codes[refusedIndex] as number;
				const filter = this.profile.subscriptions[refusedIndex]?.filter ?? '';
				const reason = reasonCodeName(code, 'SUBACK', this.profile.protocolVersion) ?? 'Failure';
				log.warn('subscription refused', { connectionId: this.id, reasonCode: code });
				settle({
					ok: false,
					error: {
						code: 'subscribe-failed',
						message: `The broker refused the subscription to ${filter}: ${reason.toLowerCase()} (reason ${code}). Check the broker's access rules for this user.`,
						reasonCode: code,
					},
				});
				return;
			}
			if (error) {
				log.warn('subscribe failed', { connectionId: this.id });
				settle({
					ok: false,
					error: { code: 'subscribe-failed', message: `Subscribing failed: ${error.message}` },
				});
				return;
			}
			settle({ ok: true, value: this.summary() });
		});
	}

	/** Disconnects cleanly (DISCONNECT sent) and stops reconnecting. */
	async close(): Promise<void> {
		const client = this.#client;
		this.#isClosing = true;
		this.#stopReconnecting();
		if (client && !client.disconnected) {
			await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
		} else if (client) {
			client.end(true);
		}
		if (this.#state.kind !== 'failed') this.#setState({ kind: 'closed', by: 'user' });
		log.info('closed', { connectionId: this.id });
	}

	#setState(state: ConnectionState): void {
		this.#state = state;
		for (const listener of this.#listeners) listener(this);
	}
}
