/**
 * One broker connection around MQTT.js: options, the state machine, and message intake.
 *
 * MQTT.js stays inside main/connections: the rest of main sees this class, its state and its tree.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { AppError, Result } from '../../shared/ipc/errors';
import type {
	ConnectionId,
	ConnectionState,
	ConnectionSummary,
	ConnectOptions,
	QoS,
} from '../../shared/model/connection';
import { isFailureReasonCode, reasonCodeName } from '../../shared/mqtt/reason-codes';
import { createLogger } from '../log/logger';
import { TopicTree } from '../topics/topic-tree';
import {
	closedBeforeConnackError,
	connectTimeoutError,
	describeConnectError,
	type ConnectContext,
} from './connect-errors';

const log = createLogger('connections');

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const RECONNECT_PERIOD_MS = 2_000;

/** A client id like MQTT Explorer's and MQTTX's: recognisable, unique, within 23 characters. */
export function generateClientId(): string {
	return `topicscope_${randomBytes(5).toString('hex')}`;
}

export type StateListener = (connection: Connection) => void;

export class Connection {
	readonly tree = new TopicTree();
	#state: ConnectionState = { kind: 'idle' };
	#client: MqttClient | null = null;
	#wasConnected = false;
	#attempt = 0;
	readonly #listeners = new Set<StateListener>();

	constructor(
		readonly id: ConnectionId,
		readonly options: ConnectOptions,
		readonly isLocalBroker = false,
	) {}

	get state(): ConnectionState {
		return this.#state;
	}

	onStateChange(listener: StateListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	summary(): ConnectionSummary {
		const o = this.options;
		return {
			id: this.id,
			name: o.name ?? `${o.host}:${o.port}`,
			host: o.host,
			port: o.port,
			clientId: o.clientId,
			protocolVersion: o.protocolVersion,
			subscribeFilter: o.subscribeFilter,
			hasPassword: (o.password ?? '') !== '',
			username: o.username ?? '',
			isLocalBroker: this.isLocalBroker,
			state: this.#state,
			messageCount: this.tree.root.totalMessages,
			topicCount: this.tree.topicCount,
		};
	}

	/** Connects and subscribes; resolves on the first CONNACK or the first failure. */
	open(): Promise<Result<ConnectionSummary>> {
		const o = this.options;
		const context = (): ConnectContext => ({
			host: o.host,
			port: o.port,
			protocolVersion: o.protocolVersion,
			wasConnected: this.#wasConnected,
		});
		const timeoutMs = o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
		const clientOptions: IClientOptions = {
			host: o.host,
			port: o.port,
			protocol: 'mqtt',
			protocolVersion: o.protocolVersion,
			// MQTT 3.1 names the protocol MQIsdp; MQTT.js needs it spelled out for level 3.
			...(o.protocolVersion === 3 ? { protocolId: 'MQIsdp' as const } : {}),
			clientId: o.clientId,
			clean: o.cleanSession,
			keepalive: o.keepAliveSeconds,
			connectTimeout: timeoutMs,
			reconnectPeriod: 0,
			resubscribe: true,
			...(o.username ? { username: o.username } : {}),
			...(o.password ? { password: o.password } : {}),
		};
		this.#attempt = 1;
		this.#setState({ kind: 'connecting', attempt: 1 });
		log.info('connecting', { connectionId: this.id, host: o.host, port: o.port });

		return new Promise((resolve) => {
			let settled = false;
			const settle = (result: Result<ConnectionSummary>): void => {
				if (settled) return;
				settled = true;
				resolve(result);
			};
			const fail = (error: AppError): void => {
				// The first reported cause wins: a 'close' always follows the 'error' that explains it.
				if (settled || this.#wasConnected) return;
				log.warn('connect failed', { connectionId: this.id, code: error.code });
				this.#setState({ kind: 'failed', error });
				this.#client?.end(true);
				settle({ ok: false, error });
			};
			const client = mqtt.connect(clientOptions);
			this.#client = client;

			client.on('connect', (connack) => {
				const isFirst = !this.#wasConnected;
				this.#wasConnected = true;
				this.#attempt = 0;
				// From now on a lost connection is retried: the user asked for this broker.
				client.options.reconnectPeriod = RECONNECT_PERIOD_MS;
				this.#setState({
					kind: 'connected',
					since: Date.now(),
					protocolVersion: o.protocolVersion,
					sessionPresent: connack.sessionPresent,
				});
				log.info('connected', { connectionId: this.id, sessionPresent: connack.sessionPresent });
				if (isFirst) this.#subscribe(client, settle);
			});
			client.on('message', (topic, payload, packet) => {
				this.tree.ingest(topic, payload, packet.qos as QoS, packet.retain, Date.now());
			});
			client.on('error', (error) => {
				const appError = describeConnectError(error, context());
				if (!this.#wasConnected) {
					fail(appError);
					return;
				}
				log.warn('connection error', { connectionId: this.id, code: appError.code });
				this.#lastError = appError;
			});
			client.on('reconnect', () => {
				this.#attempt += 1;
				this.#setState({
					kind: 'reconnecting',
					attempt: this.#attempt,
					lastError: this.#lastError ?? {
						code: 'connection-closed',
						message: 'The broker closed the connection.',
					},
				});
			});
			client.on('close', () => {
				if (!this.#wasConnected) {
					// An 'error' may still be on its way in this tick; give it precedence.
					setImmediate(() => fail(closedBeforeConnackError(context())));
					return;
				}
				if (this.#state.kind === 'connected' && !this.#isClosing) {
					this.#lastError ??= {
						code: 'connection-closed',
						message: 'The broker closed the connection.',
					};
					this.#setState({
						kind: 'reconnecting',
						attempt: this.#attempt + 1,
						lastError: this.#lastError,
					});
				}
			});
			// MQTT.js's own connectTimeout ends the socket quietly; say why.
			const timer = setTimeout(
				() => fail(connectTimeoutError(context(), timeoutMs)),
				timeoutMs + 500,
			);
			timer.unref();
			client.once('connect', () => clearTimeout(timer));
		});
	}

	#lastError: AppError | null = null;
	#isClosing = false;

	#subscribe(client: MqttClient, settle: (result: Result<ConnectionSummary>) => void): void {
		const filter = this.options.subscribeFilter;
		// QoS 2 so each message arrives with the QoS it was published with (delivery is the minimum of
		// the two), which is what an inspector must show.
		client.subscribe(filter, { qos: 2 }, (error, _granted, suback) => {
			// A refusing SUBACK reaches us as an error; its return or reason codes are in the packet.
			const codes: readonly unknown[] = suback?.granted ?? [];
			const refusedCode = codes.find(
				(code): code is number => typeof code === 'number' && isFailureReasonCode(code),
			);
			if (refusedCode !== undefined) {
				const reason =
					reasonCodeName(refusedCode, 'SUBACK', this.options.protocolVersion) ?? 'Failure';
				log.warn('subscription refused', { connectionId: this.id, reasonCode: refusedCode });
				settle({
					ok: false,
					error: {
						code: 'subscribe-failed',
						message: `The broker refused the subscription to ${filter}: ${reason.toLowerCase()} (reason ${refusedCode}). Check the broker's access rules for this user.`,
						reasonCode: refusedCode,
					},
				});
				return;
			}
			if (error) {
				log.warn('subscribe failed', { connectionId: this.id });
				settle({
					ok: false,
					error: {
						code: 'subscribe-failed',
						message: `Subscribing to ${filter} failed: ${error.message}`,
					},
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
		if (client && !client.disconnected) {
			client.options.reconnectPeriod = 0;
			await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
		}
		if (this.#state.kind !== 'failed') this.#setState({ kind: 'closed', by: 'user' });
		log.info('closed', { connectionId: this.id });
	}

	#setState(state: ConnectionState): void {
		this.#state = state;
		for (const listener of this.#listeners) listener(this);
	}
}
