/**
 * One broker connection around MQTT.js: options, the state machine, reconnects, and what it
 * receives and sends, emitted to listeners.
 *
 * A connection owns nothing fed by it: Core attaches the topic tree, the frame log and every
 * later consumer as listeners (DESIGN §2, one message path). MQTT.js stays inside
 * main/connections. Reconnects are ours, not MQTT.js's, so backoff, attempt counts and "subscribe
 * again exactly once" are explicit. Over 300 lines because the lifecycle (first connect,
 * failures, lost connection, reconnect, close) races on one client's events and reads best in one
 * place; the pure parts (options, error words, what to do after a loss, TLS facts) live beside it.
 */
import type { Duplex } from 'node:stream';
import mqtt, {
	type IClientPublishOptions,
	type IConnackPacket,
	type IPublishPacket,
	type MqttClient,
} from 'mqtt';
import { err, ok, type AppError, type Result } from '../../shared/result';
import type {
	ConnectionId,
	ConnectionState,
	ConnectionSummary,
} from '../../shared/model/connection';
import type { Capabilities } from '../../shared/model/frames';
import type { MqttMessage } from '../../shared/model/message';
import type { PublishOutcome, PublishRequest } from '../../shared/model/publish';
import {
	isSubscriptionEnabled,
	type SubscriptionOutcome,
	type SubscriptionSpec,
	type SubscriptionStatus,
} from '../../shared/model/subscription';
import { decodeFrame } from '../../shared/mqtt/codec/decode';
import { isSecureTransport, type Profile } from '../../shared/model/profile';
import type { QoS } from '../../shared/mqtt/protocol';
import { isFailureReasonCode, reasonCodeName } from '../../shared/mqtt/reason-codes';
import { createLogger } from '../log/logger';
import { decideAfterLoss } from './after-loss';
import { capabilitiesFromConnack, capabilitiesOf } from './capabilities';
import { reconnectDelayMs, toClientOptions } from './client-options';
import { clockUs } from './clock';
import {
	closedBeforeConnackError,
	connectTimeoutError,
	describeConnectError,
	type ConnectContext,
} from './connect-errors';
import { InboundPublishes, type InboundPublish } from './inbound-publishes';
import { toMessageProperties } from './message-properties';
import { checkPublish } from './publish-check';
import { startScram } from './scram-auth';
import { Subscriber } from './subscriber';
import { keepTurns, tapStream } from './tap';
import { TransientSubscriptions } from './transient-subscriptions';
import {
	checkTlsMaterial,
	describeTlsFailure,
	isTlsVerificationCode,
	probeCertificate,
} from './tls-explain';
import { WireFramer, type FrameListener } from './wire-framer';

const log = createLogger('connections');

/** How long a clean DISCONNECT may wait for messages in flight before the socket is closed. */
const CLEAN_CLOSE_TIMEOUT_MS = 3_000;

export type StateListener = (connection: Connection) => void;
export type MessageListener = (message: MqttMessage) => void;

export interface ConnectionExtras {
	readonly isLocalBroker?: boolean;
	readonly profileId?: string;
}

type StreamBuilder = (client: MqttClient) => Duplex;

/** Removes `item` from a listener array (listeners are arrays: the message path loops them). */
function removeFrom<T>(list: T[], item: T): void {
	const index = list.indexOf(item);
	if (index >= 0) list.splice(index, 1);
}

export class Connection {
	#state: ConnectionState = { kind: 'idle' };
	#client: MqttClient | null = null;
	#wasConnected = false;
	#isClosing = false;
	#isExplaining = false;
	#attempt = 0;
	#lastError: AppError | null = null;
	#reconnectTimer: NodeJS.Timeout | null = null;
	#connack: IConnackPacket | null = null;
	#connectedAtMs = 0;
	#quickDrops = 0;
	#inbound: InboundPublishes | null = null;
	/** The last packet MQTT.js reported and its frame's facts: QoS 0 and 1 messages follow at once. */
	#lastPacket: IPublishPacket | null = null;
	#hasLastInbound = false;
	#lastTimeUs = 0;
	#lastUserProperties: InboundPublish['userProperties'];
	/** QoS 2 messages are delivered at PUBREL, later: their frames wait here. */
	readonly #laterInbound = new WeakMap<IPublishPacket, InboundPublish>();
	readonly #subscriber: Subscriber;
	readonly #transient = new TransientSubscriptions();
	#capabilities: Capabilities | null = null;
	/** The last CONNACK's bytes, when the wire is framed (its MQTT 5 properties, read by our codec). */
	#connackFrame: Uint8Array | null = null;
	/** Reason codes of PUBACK / PUBREC / PUBCOMP frames by packet id, read before MQTT.js's callback. */
	readonly #ackReasons = new Map<number, number>();
	readonly #stateListeners: StateListener[] = [];
	readonly #messageListeners: MessageListener[] = [];
	readonly #frameListeners: FrameListener[] = [];

	constructor(
		readonly id: ConnectionId,
		readonly profile: Profile,
		readonly extras: ConnectionExtras = {},
	) {
		this.#subscriber = new Subscriber(profile.protocolVersion, profile.subscriptions);
	}

	get state(): ConnectionState {
		return this.#state;
	}

	/** The broker's last CONNACK, for its capabilities (session present, MQTT 5 properties). */
	get connack(): IConnackPacket | null {
		return this.#connack;
	}

	/** What the broker's last CONNACK allows (MQTT 5 defaults filled in), or null before one. */
	get capabilities(): Capabilities | null {
		return this.#capabilities;
	}

	/** The subscriptions wanted, in order, with the broker's answer and message counts. */
	subscriptions(): SubscriptionStatus[] {
		return this.#subscriber.statuses();
	}

	/** Bumped whenever `subscriptions()` would answer differently. */
	get subscriptionsVersion(): number {
		return this.#subscriber.version;
	}

	/**
	 * Replaces the wanted subscriptions; while connected, sends only the difference at once
	 * (UNSUBSCRIBE what went, SUBSCRIBE what is new or changed). Refused whole, with nothing sent,
	 * when a filter is invalid. Resolves when the broker has answered.
	 */
	async setSubscriptions(
		wanted: readonly SubscriptionSpec[],
	): Promise<Result<SubscriptionStatus[]>> {
		const problem = this.#subscriber.setWanted(wanted);
		if (problem) return { ok: false, error: problem };
		const client = this.#client;
		const capabilities = this.#capabilities;
		if (this.#state.kind === 'connected' && client !== null && capabilities !== null) {
			await this.#subscriber.sync(client, capabilities);
		}
		return ok(this.#subscriber.statuses());
	}

	/**
	 * Subscribes outside the wanted set for one exchange (request/response): not counted, not
	 * saved, not restored after a reconnect. A filter the wanted set holds is not sent again.
	 */
	subscribeTransient(spec: SubscriptionSpec): Promise<Result<SubscriptionOutcome>> {
		const client = this.#client;
		if (this.#state.kind !== 'connected' || client === null) {
			return Promise.resolve(
				err('not-connected', 'Not connected: subscribe once the connection is up.'),
			);
		}
		if (this.#isWanted(spec.filter)) {
			return Promise.resolve(ok({ kind: 'granted', qos: spec.qos, requestedQos: spec.qos }));
		}
		return this.#transient
			.acquire(client, spec, this.profile.protocolVersion)
			.then((outcome) => ok(outcome));
	}

	/** Ends a `subscribeTransient`; the last user of a filter unsubscribes it. */
	unsubscribeTransient(filter: string): Promise<void> {
		return this.#transient.release(this.#client, filter, this.#isWanted(filter));
	}

	#isWanted(filter: string): boolean {
		return this.#subscriber.wanted.some((s) => s.filter === filter && isSubscriptionEnabled(s));
	}

	/**
	 * Publishes once the request passes the topic rules and the broker's CONNACK limits. Resolves
	 * when QoS 0 is handed to the socket, or with the broker's acknowledgement for QoS 1 and 2.
	 */
	publish(request: PublishRequest): Promise<Result<PublishOutcome>> {
		const client = this.#client;
		const capabilities = this.#capabilities;
		if (this.#state.kind !== 'connected' || client === null || capabilities === null) {
			return Promise.resolve(
				err('not-connected', 'Not connected: publish once the connection is up.'),
			);
		}
		const problem = checkPublish(request, capabilities);
		if (problem) return Promise.resolve({ ok: false, error: problem });
		return this.#send(client, request);
	}

	onStateChange(listener: StateListener): () => void {
		this.#stateListeners.push(listener);
		return () => removeFrom(this.#stateListeners, listener);
	}

	/** Every message received (and, with publishing, sent), with its MQTT 5 properties. */
	onMessage(listener: MessageListener): () => void {
		this.#messageListeners.push(listener);
		return () => removeFrom(this.#messageListeners, listener);
	}

	/** Every frame on the wire, both ways. Add before `open` to see the first socket. */
	onFrames(listener: FrameListener): () => void {
		this.#frameListeners.push(listener);
		return () => removeFrom(this.#frameListeners, listener);
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
		};
	}

	/** True while the connection holds or seeks a session with the broker. */
	get isLive(): boolean {
		const kind = this.#state.kind;
		return kind === 'connecting' || kind === 'connected' || kind === 'reconnecting';
	}

	#context(): ConnectContext {
		const p = this.profile;
		return {
			host: p.host,
			port: p.port,
			protocolVersion: p.protocolVersion,
			wasConnected: this.#wasConnected,
			isTls: isSecureTransport(p.transport),
			hasClientCertificate: Boolean(p.tls.clientCertPem?.trim() || p.tls.pkcs12Base64),
		};
	}

	/**
	 * Connects and subscribes; resolves on the first CONNACK and SUBACK, or the first failure.
	 * A closed or failed connection may be opened again: same id, same listeners.
	 */
	open(): Promise<Result<ConnectionSummary>> {
		const profile = this.profile;
		if (this.isLive) return Promise.resolve({ ok: true, value: this.summary() });
		if (isSecureTransport(profile.transport)) {
			const problem = checkTlsMaterial(profile);
			if (problem) {
				this.#setState({ kind: 'failed', error: problem });
				return Promise.resolve({ ok: false, error: problem });
			}
		}
		this.#wasConnected = false;
		this.#isClosing = false;
		this.#lastError = null;
		this.#quickDrops = 0;
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
			scram?.install(client, fail);
			this.#installTap(client);

			client.on('connect', (connack) => {
				if (scram && !this.#wasConnected) {
					const problem = scram.checkConnack(connack);
					if (problem) {
						fail(problem);
						return;
					}
				}
				const isFirst = !this.#wasConnected;
				this.#wasConnected = true;
				this.#connack = connack;
				this.#capabilities = this.#capabilitiesOf(connack);
				this.#attempt = 0;
				this.#connectedAtMs = Date.now();
				this.#setState({
					kind: 'connected',
					since: this.#connectedAtMs,
					protocolVersion: profile.protocolVersion,
					sessionPresent: connack.sessionPresent,
				});
				log.info('connected', { connectionId: this.id, sessionPresent: connack.sessionPresent });
				if (isFirst) this.#subscribe(client, settle);
				else if (profile.reconnect.resubscribe) this.#subscribe(client, () => {});
				else this.#subscriber.sessionLost();
			});
			client.on('packetreceive', (packet) => {
				if (packet.cmd === 'publish') this.#onPublishParsed(packet);
			});
			client.on('message', (topic, payload, packet) => this.#onMessage(topic, payload, packet));
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
				// A client replaced by `open` after a failure may still report its own end.
				if (client !== this.#client) return;
				void this.#onError(error, fail);
			});
			client.on('close', () => {
				if (client !== this.#client) return;
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

	/**
	 * Splits the wire into frames when anything reads them: the frame listeners, and on MQTT 5
	 * this connection itself (User Properties in wire order). Otherwise the socket is only kept
	 * from holding the event loop too long (tap.ts, `keepTurns`).
	 */
	#installTap(client: MqttClient): void {
		const isV5 = this.profile.protocolVersion === 5;
		// MQTT.js builds a stream per (re)connect through this private hook; wrapping it taps
		// every socket of this connection, whatever the transport.
		const internals = client as unknown as { streamBuilder: StreamBuilder };
		const build = internals.streamBuilder;
		if (this.#frameListeners.length === 0 && !isV5) {
			internals.streamBuilder = (c) => keepTurns(build(c));
			return;
		}
		const inbound = new InboundPublishes(isV5);
		this.#inbound = inbound;
		const listeners = this.#frameListeners;
		const framer = new WireFramer(
			{
				open: () => {
					inbound.clear();
					for (const listener of listeners) listener.open();
				},
				frame: (direction, bytes, timeUs) => {
					if (direction === 'in') {
						inbound.push(bytes, timeUs);
						this.#readOwnFrame(bytes);
					}
					for (const listener of listeners) listener.frame(direction, bytes, timeUs);
				},
				broken: (direction, message, timeUs) => {
					for (const listener of listeners) listener.broken(direction, message, timeUs);
				},
				close: () => {
					for (const listener of listeners) listener.close();
				},
			},
			clockUs,
		);
		internals.streamBuilder = (c) => tapStream(build(c), framer);
	}

	/**
	 * What the connection itself reads from incoming frames, before MQTT.js handles them: the
	 * CONNACK (for its MQTT 5 capabilities) and the reason codes of acks to our publishes, which
	 * MQTT.js does not pass on when they are not failures.
	 */
	#readOwnFrame(bytes: Uint8Array): void {
		const type = (bytes[0] ?? 0) >> 4;
		if (type === 2) {
			this.#connackFrame = bytes;
		} else if (type === 4 || type === 5 || type === 7) {
			const packet = decodeFrame(bytes, { protocolLevel: this.profile.protocolVersion }).packet;
			if (
				packet !== undefined &&
				(packet.type === 'PUBACK' || packet.type === 'PUBREC' || packet.type === 'PUBCOMP') &&
				packet.reasonCode !== undefined &&
				// PUBREC's answer (e.g. no matching subscribers) is the one to report for QoS 2.
				(packet.type !== 'PUBCOMP' || !this.#ackReasons.has(packet.packetId))
			) {
				this.#ackReasons.set(packet.packetId, packet.reasonCode);
			}
		}
	}

	/** The capabilities of the CONNACK just received: from its frame when read, else the level's defaults. */
	#capabilitiesOf(connack: IConnackPacket): Capabilities {
		const level = this.profile.protocolVersion;
		const frame = this.#connackFrame;
		this.#connackFrame = null;
		const fromFrame =
			frame === null
				? undefined
				: capabilitiesFromConnack(decodeFrame(frame, { protocolLevel: level }));
		return (
			fromFrame ??
			capabilitiesOf(
				{ type: 'CONNACK', sessionPresent: connack.sessionPresent, reasonCode: 0 },
				level,
			)
		);
	}

	/** MQTT.js parsed a PUBLISH: pair it with its frame (time, ordered User Properties). */
	#onPublishParsed(packet: IPublishPacket): void {
		const inbound = this.#inbound;
		if (inbound === null) return;
		const hasUserProperties = packet.properties?.userProperties !== undefined;
		// mqtt-packet records the remaining length of every packet it parses as `length`.
		const length = (packet as { length?: number }).length ?? -1;
		// Facts kept in fields, not an object per message: this runs once per message.
		this.#hasLastInbound = inbound.take(length, hasUserProperties);
		this.#lastTimeUs = inbound.timeUs;
		this.#lastUserProperties = inbound.userProperties;
		this.#lastPacket = packet;
		if (this.#hasLastInbound && packet.qos === 2) {
			this.#laterInbound.set(packet, {
				timeUs: inbound.timeUs,
				userProperties: inbound.userProperties,
			});
		}
	}

	#onMessage(topic: string, payload: Uint8Array, packet: IPublishPacket): void {
		let timeUs: number | undefined;
		let userProperties: InboundPublish['userProperties'];
		if (packet === this.#lastPacket) {
			timeUs = this.#hasLastInbound ? this.#lastTimeUs : undefined;
			userProperties = this.#lastUserProperties;
		} else {
			const later = this.#laterInbound.get(packet);
			timeUs = later?.timeUs;
			userProperties = later?.userProperties;
		}
		const message: MqttMessage = {
			topic,
			payload,
			qos: packet.qos as QoS,
			retain: packet.retain,
			dup: packet.dup,
			properties:
				packet.properties === undefined
					? undefined
					: toMessageProperties(packet.properties, userProperties),
			timeUs: timeUs ?? clockUs(),
			direction: 'in',
		};
		this.#subscriber.count(message);
		for (const listener of this.#messageListeners) listener(message);
	}

	#send(client: MqttClient, request: PublishRequest): Promise<Result<PublishOutcome>> {
		const level = this.profile.protocolVersion;
		const properties = level === 5 ? toMqttJsProperties(request) : undefined;
		const startedUs = clockUs();
		return new Promise((resolve) => {
			client.publish(
				request.topic,
				Buffer.from(request.payload.buffer, request.payload.byteOffset, request.payload.length),
				{ qos: request.qos, retain: request.retain, ...(properties ? { properties } : {}) },
				(error, packet) => {
					const packetId = (packet as { messageId?: number } | undefined)?.messageId;
					const code =
						(error as { code?: unknown } | undefined)?.code ??
						(packetId === undefined ? undefined : this.#ackReasons.get(packetId)) ??
						0;
					if (packetId !== undefined) this.#ackReasons.delete(packetId);
					if (error && (typeof code !== 'number' || code < 0x80)) {
						resolve(err('publish-failed', `Publishing failed: ${error.message}`));
						return;
					}
					const reasonCode = typeof code === 'number' ? code : 0;
					const reasonName =
						reasonCodeName(reasonCode, 'PUBACK', level) ??
						(reasonCode === 0 ? 'Success' : 'Unknown');
					if (reasonCode >= 0x80) {
						resolve(
							err(
								'publish-failed',
								`The broker refused the message on ${request.topic}: ${reasonName.toLowerCase()} (reason ${reasonCode}).`,
								{ reasonCode },
							),
						);
						return;
					}
					resolve(
						ok(
							request.qos === 0
								? { kind: 'sent' }
								: { kind: 'acknowledged', reasonCode, reasonName, rttUs: clockUs() - startedUs },
						),
					);
				},
			);
			const message: MqttMessage = {
				topic: request.topic,
				payload: request.payload,
				qos: request.qos,
				retain: request.retain,
				dup: false,
				properties: request.properties,
				timeUs: startedUs,
				direction: 'out',
			};
			for (const listener of this.#messageListeners) listener(message);
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
		const wasSessionUp = this.#state.kind === 'connected';
		const decision = decideAfterLoss({
			clientId: this.profile.clientId,
			protocolVersion: this.profile.protocolVersion,
			lastError: this.#lastError,
			// A failed reconnect attempt is not a session that dropped.
			connectedForMs: wasSessionUp ? Date.now() - this.#connectedAtMs : Number.POSITIVE_INFINITY,
			quickDropsBefore: this.#quickDrops,
			attempt: this.#attempt,
			policy: this.profile.reconnect,
		});
		this.#lastError = null;
		this.#subscriber.sessionLost();
		this.#ackReasons.clear();
		if (wasSessionUp) this.#quickDrops = decision.quickDrops;
		if (decision.kind === 'stop') {
			if (decision.error.code === 'session-taken-over') {
				log.warn('session taken over', { connectionId: this.id });
			}
			this.#setState({ kind: 'failed', error: decision.error });
			return;
		}
		this.#attempt += 1;
		const delayMs = reconnectDelayMs(this.profile, this.#attempt);
		this.#setState({ kind: 'reconnecting', attempt: this.#attempt, lastError: decision.error });
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
		const capabilities = this.#capabilities;
		if (capabilities === null) return;
		// A new socket: the broker holds what its session kept, which we cannot know; send all.
		this.#subscriber.sessionLost();
		void this.#subscriber.sync(client, capabilities).then((synced) => {
			if (synced.ok) {
				settle(ok(this.summary()));
				return;
			}
			log.warn('subscription refused', { connectionId: this.id, code: synced.error.code });
			// A broker that answers a SUBSCRIBE by disconnecting says why: that reason is the answer.
			const state = this.#state;
			settle(state.kind === 'failed' ? { ok: false, error: state.error } : synced);
		});
	}

	/** Disconnects cleanly (DISCONNECT sent) and stops reconnecting. */
	async close(): Promise<void> {
		const client = this.#client;
		const wasConnected = this.#state.kind === 'connected';
		this.#isClosing = true;
		this.#stopReconnecting();
		if (client && wasConnected && !client.disconnected) {
			// A clean end waits for messages in flight; a broker that stops answering must not keep
			// the connection from closing.
			await new Promise<void>((resolve) => {
				const timer = setTimeout(() => {
					// end(true) does nothing once end(false) started (MQTT.js returns early while
					// disconnecting): destroy the socket, or a broker that stopped reading keeps it
					// (and the process) alive until its keep alive runs out.
					client.stream.destroy();
					resolve();
				}, CLEAN_CLOSE_TIMEOUT_MS);
				client.end(false, {}, () => {
					clearTimeout(timer);
					resolve();
				});
			});
		} else if (client) {
			// No session to end cleanly (reconnecting, failed): MQTT.js would wait for acks that
			// cannot come.
			client.end(true);
		}
		if (this.#state.kind !== 'failed') this.#setState({ kind: 'closed', by: 'user' });
		log.info('closed', { connectionId: this.id });
	}

	#setState(state: ConnectionState): void {
		this.#state = state;
		for (const listener of this.#stateListeners) listener(this);
	}
}

/**
 * MQTT.js's shape of PUBLISH properties. User Properties go as a list of one-pair objects:
 * mqtt-packet writes a list property item by item, so they reach the wire in the order given,
 * repeated names included (an object would group repeats: a=1, b=2, a=3 as a=1, a=3, b=2).
 */
function toMqttJsProperties(request: PublishRequest): IClientPublishOptions['properties'] {
	const p = request.properties;
	if (p === undefined) return undefined;
	const userProperties =
		p.userProperties === undefined
			? undefined
			: // The declared type is one object; the list is what mqtt-packet writes in order.
				(p.userProperties.map(([name, value]) => ({ [name]: value })) as unknown as Record<
					string,
					string
				>);
	return {
		...(p.payloadFormatIndicator === undefined
			? {}
			: { payloadFormatIndicator: p.payloadFormatIndicator === 1 }),
		...(p.messageExpiryIntervalSeconds === undefined
			? {}
			: { messageExpiryInterval: p.messageExpiryIntervalSeconds }),
		...(p.topicAlias === undefined ? {} : { topicAlias: p.topicAlias }),
		...(p.responseTopic === undefined ? {} : { responseTopic: p.responseTopic }),
		...(p.correlationData === undefined ? {} : { correlationData: Buffer.from(p.correlationData) }),
		...(userProperties === undefined ? {} : { userProperties }),
		...(p.contentType === undefined ? {} : { contentType: p.contentType }),
	};
}
