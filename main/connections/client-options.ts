/**
 * Maps a profile to MQTT.js client options. Pure: no sockets, no files, so every option is tested
 * at this layer.
 */
import { rootCertificates } from 'node:tls';
import type { IClientOptions } from 'mqtt';
import {
	isSecureTransport,
	isWebSocketTransport,
	type Profile,
	type Will,
} from '../../shared/model/profile';

type UserProperties = Record<string, string | string[]>;

/** MQTT user properties may repeat a name; MQTT.js takes repeated names as arrays. */
export function toUserProperties(
	pairs: readonly (readonly [string, string])[] | undefined,
): UserProperties | undefined {
	if (!pairs || pairs.length === 0) return undefined;
	const result: UserProperties = {};
	for (const [name, value] of pairs) {
		const existing = result[name];
		if (existing === undefined) result[name] = value;
		else result[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return result;
}

/** Decodes a payload typed in the UI as text, hex or base64. */
export function payloadBytes(payload: string, encoding: Will['payloadEncoding']): Buffer {
	switch (encoding) {
		case 'text':
			return Buffer.from(payload, 'utf8');
		case 'hex':
			return Buffer.from(payload.replace(/[\s:]/g, ''), 'hex');
		case 'base64':
			return Buffer.from(payload, 'base64');
	}
}

function definedOnly<T extends object>(value: T): T | undefined {
	const entries = Object.entries(value).filter(([, item]) => item !== undefined);
	return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

function willOptions(will: Will, isV5: boolean): IClientOptions['will'] {
	const properties = isV5
		? definedOnly({
				willDelayInterval: will.delayIntervalSeconds,
				messageExpiryInterval: will.messageExpiryIntervalSeconds,
				contentType: will.contentType,
				responseTopic: will.responseTopic,
				correlationData:
					will.correlationDataHex === undefined
						? undefined
						: Buffer.from(will.correlationDataHex, 'hex'),
				payloadFormatIndicator: will.payloadFormatIndicator,
				userProperties: toUserProperties(will.userProperties),
			})
		: undefined;
	return {
		topic: will.topic,
		payload: payloadBytes(will.payload, will.payloadEncoding),
		qos: will.qos,
		retain: will.retain,
		...(properties ? { properties } : {}),
	};
}

function tlsOptions(profile: Profile): Partial<IClientOptions> {
	const tls = profile.tls;
	const custom = tls.caPem?.trim() ? [tls.caPem] : [];
	const ca =
		tls.trust === 'custom'
			? custom
			: tls.trust === 'system+custom'
				? [...rootCertificates, ...custom]
				: undefined;
	return {
		...(ca && ca.length > 0 ? { ca } : {}),
		...(tls.clientCertPem?.trim() ? { cert: tls.clientCertPem } : {}),
		...(tls.clientKeyPem?.trim() ? { key: tls.clientKeyPem } : {}),
		...(tls.passphrase ? { passphrase: tls.passphrase } : {}),
		...(tls.pkcs12Base64 ? { pfx: Buffer.from(tls.pkcs12Base64, 'base64') } : {}),
		...(tls.alpnProtocols?.length ? { ALPNProtocols: tls.alpnProtocols } : {}),
		...(tls.serverName ? { servername: tls.serverName } : {}),
		...(tls.minVersion ? { minVersion: tls.minVersion } : {}),
		rejectUnauthorized: tls.verifyServer,
	} as Partial<IClientOptions>;
}

/**
 * MQTT.js logs through `debug` a few times per packet, and a disabled `debug` still costs about
 * 0.3 µs a message under a firehose; a no-op logger costs nothing. `DEBUG=mqttjs*` keeps its own.
 */
function mqttJsLog(): Partial<IClientOptions> {
	return /mqttjs/.test(process.env.DEBUG ?? '') ? {} : { log: () => {} };
}

/** The MQTT.js options for a profile. Reconnects are ours (backoff, resubscribe once), not MQTT.js's. */
export function toClientOptions(profile: Profile): IClientOptions {
	const isV5 = profile.protocolVersion === 5;
	const isWebSocket = isWebSocketTransport(profile.transport);
	const properties = isV5
		? definedOnly({
				sessionExpiryInterval: profile.properties.sessionExpiryIntervalSeconds,
				receiveMaximum: profile.properties.receiveMaximum,
				maximumPacketSize: profile.properties.maximumPacketSize,
				topicAliasMaximum: profile.properties.topicAliasMaximum,
				requestResponseInformation: profile.properties.requestResponseInformation,
				requestProblemInformation: profile.properties.requestProblemInformation,
				userProperties: toUserProperties(profile.properties.userProperties),
				authenticationMethod: profile.properties.authenticationMethod,
				authenticationData:
					profile.properties.authenticationDataHex === undefined
						? undefined
						: Buffer.from(profile.properties.authenticationDataHex, 'hex'),
			})
		: undefined;
	return {
		protocol: profile.transport,
		host: profile.host,
		port: profile.port,
		...(isWebSocket
			? {
					path: profile.wsPath || '/',
					wsOptions: { headers: Object.fromEntries(profile.wsHeaders) },
				}
			: {}),
		protocolVersion: profile.protocolVersion,
		// MQTT 3.1 names the protocol MQIsdp; MQTT.js needs it spelled out for level 3.
		...(profile.protocolVersion === 3 ? { protocolId: 'MQIsdp' as const } : {}),
		clientId: profile.clientId,
		clean: profile.cleanSession,
		keepalive: profile.keepAliveSeconds,
		connectTimeout: profile.connectTimeoutMs,
		reconnectPeriod: 0,
		resubscribe: false,
		manualConnect: true,
		...mqttJsLog(),
		...(profile.username ? { username: profile.username } : {}),
		...(profile.password ? { password: profile.password } : {}),
		...(profile.will ? { will: willOptions(profile.will, isV5) } : {}),
		...(properties ? { properties } : {}),
		...(isSecureTransport(profile.transport) ? tlsOptions(profile) : {}),
	};
}

/** Backoff before reconnect attempt `attempt` (1-based): doubling from the initial delay, capped. */
export function reconnectDelayMs(profile: Pick<Profile, 'reconnect'>, attempt: number): number {
	const { initialDelayMs, maxDelayMs } = profile.reconnect;
	return Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(attempt - 1, 30));
}
