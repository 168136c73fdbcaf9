/**
 * Turns what Node and MQTT.js report into errors a person can act on.
 *
 * Pure: the Connection gathers the raw error and the context, this decides the words.
 */
import type { AppError } from '../../shared/result';
import type { ProtocolLevel } from '../../shared/mqtt/protocol';
import { describeConnackRefusal, reasonCodeName } from '../../shared/mqtt/reason-codes';

export interface ConnectContext {
	readonly host: string;
	readonly port: number;
	readonly protocolVersion: ProtocolLevel;
	/** True once a CONNACK accepted us: later errors are about a live session. */
	readonly wasConnected: boolean;
	/** The profile asked for TLS (mqtts or wss). */
	readonly isTls: boolean;
	/** The profile gives a client certificate (PEM or PKCS#12). */
	readonly hasClientCertificate: boolean;
}

/**
 * TLS alerts the broker sends during the handshake, by what OpenSSL calls them. Node gives their
 * text under codes such as ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED.
 */
function describeTlsAlert(text: string, context: ConnectContext): string | null {
	const where = `${context.host}:${context.port}`;
	if (/alert certificate required|ALERT_CERTIFICATE_REQUIRED|alert number 116\b/i.test(text)) {
		return `The broker on ${where} requires a client certificate: add the client certificate and key to the profile's TLS options.`;
	}
	if (/alert handshake failure|ALERT_HANDSHAKE_FAILURE|alert number 40\b/i.test(text)) {
		return context.hasClientCertificate
			? `The TLS handshake with ${where} failed: the broker and Topicscope agree on no TLS version or cipher. Check the profile's minimum TLS version.`
			: `The broker on ${where} requires a client certificate (it ended the TLS handshake): add the client certificate and key to the profile's TLS options.`;
	}
	if (
		/alert bad certificate|ALERT_BAD_CERTIFICATE|alert number 42\b|alert unknown ca|alert number 48\b/i.test(
			text,
		)
	) {
		return `The broker on ${where} rejected the client certificate: it is not signed by a CA the broker trusts, or it has expired.`;
	}
	if (/wrong version number|WRONG_VERSION_NUMBER|packet length too long|http request/i.test(text)) {
		return `${where} does not speak TLS (it answered the TLS handshake with something else): it may be the plain MQTT port. Use mqtt:// for it, or the broker's TLS port (often 8883).`;
	}
	return null;
}

interface ErrorLike {
	readonly message?: unknown;
	readonly code?: unknown;
}

function asErrorLike(error: unknown): ErrorLike {
	return typeof error === 'object' && error !== null ? (error as ErrorLike) : {};
}

const TLS_HINTS: Readonly<Record<string, string>> = {
	CERT_HAS_EXPIRED: "the broker's certificate has expired",
	DEPTH_ZERO_SELF_SIGNED_CERT: "the broker's certificate is self-signed: add it as a trusted CA",
	SELF_SIGNED_CERT_IN_CHAIN: "unknown CA: add the issuer's certificate to the profile",
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: "unknown CA: add the issuer's certificate to the profile",
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "unknown CA: add the issuer's certificate to the profile",
	ERR_TLS_CERT_ALTNAME_INVALID: "the certificate's names do not include this host",
	CERT_NOT_YET_VALID: "the broker's certificate is not valid yet (check the clock)",
};

/**
 * A refused CONNACK. An MQTT 5 refusal is 0x80 or above; a lower code on an MQTT 5 connection is
 * the broker answering in MQTT 3.1.1, whose return code 1 means it does not speak our version.
 */
function describeRefusedConnack(code: number, context: ConnectContext, detail: string): AppError {
	const level = context.protocolVersion;
	const isOlderAnswer = level === 5 && code < 0x80;
	if (code === 1 && (isOlderAnswer || level === 4)) {
		const [ours, theirs, retry] = isOlderAnswer
			? (['MQTT 5', 'MQTT 3.1.1', 4] as const)
			: (['MQTT 3.1.1', 'MQTT 3.1', 3] as const);
		return {
			code: 'connack-refused',
			message: `The broker does not speak ${ours}: it refused the connection as unacceptable protocol version (return code 1). Connect with ${theirs}.`,
			reasonCode: code,
			retryWithProtocolVersion: retry,
			detail,
		};
	}
	return {
		code: 'connack-refused',
		message: `The broker refused the connection: ${describeConnackRefusal(code, isOlderAnswer ? 4 : level)}.`,
		reasonCode: code,
		detail,
	};
}

/** A packet from the broker that MQTT.js refused, closing the connection as the protocol asks. */
function describeRejectedPacket(code: number, context: ConnectContext, detail: string): AppError {
	const name = reasonCodeName(code, 'DISCONNECT', context.protocolVersion) ?? 'protocol error';
	return {
		code: 'malformed-packet',
		message: `The broker sent a packet that breaks the protocol (${detail}): Topicscope closed the connection, as MQTT requires (${name.toLowerCase()}, reason ${code}).`,
		reasonCode: code,
		detail,
	};
}

/** Builds the AppError for a failed connect, a lost connection or a refused CONNACK. */
export function describeConnectError(error: unknown, context: ConnectContext): AppError {
	const { host, port } = context;
	const where = `${host}:${port}`;
	const raw = asErrorLike(error);
	const detail = typeof raw.message === 'string' ? raw.message : String(error);
	const code = raw.code;
	if (typeof code === 'number') {
		// After a CONNACK, a numbered error is MQTT.js rejecting a packet of the broker's (e.g. a
		// topic alias it never set), not a refusal of ours.
		return context.wasConnected
			? describeRejectedPacket(code, context, detail)
			: describeRefusedConnack(code, context, detail);
	}
	switch (code) {
		case 'ECONNREFUSED':
			return {
				code: 'connection-refused',
				message: `Connection refused on ${where}: nothing is listening there. Check the host and port.`,
				detail,
			};
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return {
				code: 'dns-failure',
				message: `The host name "${host}" could not be resolved. Check its spelling or your DNS.`,
				detail,
			};
		case 'EHOSTUNREACH':
		case 'ENETUNREACH':
		case 'EADDRNOTAVAIL':
			return {
				code: 'host-unreachable',
				message: `${host} cannot be reached from this computer (no route). Check the address and network.`,
				detail,
			};
		case 'ETIMEDOUT':
			return {
				code: 'connect-timeout',
				message: `No answer from ${where} in time. Check the host, port and firewall.`,
				detail,
			};
		case 'ECONNRESET':
		case 'EPIPE':
			if (context.wasConnected) {
				return {
					code: 'connection-closed',
					message: `The connection to ${where} was reset.`,
					detail,
				};
			}
			// Over TLS the reset came during the handshake: a plain MQTT port drops a ClientHello.
			return context.isTls
				? {
						code: 'tls-error',
						message: `${where} closed the connection during the TLS handshake: the port does not seem to speak TLS (it may be the plain MQTT port; use mqtt:// for it, or the broker's TLS port, often 8883).`,
						detail,
					}
				: {
						code: 'not-mqtt',
						message: `${where} closed the connection before answering: it may not be an MQTT broker, or it expects TLS (use mqtts://).`,
						detail,
					};
		default:
			break;
	}
	const alert = context.isTls ? describeTlsAlert(`${String(code ?? '')} ${detail}`, context) : null;
	if (alert !== null) return { code: 'tls-error', message: alert, detail };
	if (typeof code === 'string' && code in TLS_HINTS) {
		return { code: 'tls-error', message: `TLS failed on ${where}: ${TLS_HINTS[code]}.`, detail };
	}
	if (/header flag|Invalid|protocol/i.test(detail) && !context.wasConnected) {
		return {
			code: 'not-mqtt',
			message: `No MQTT answer from ${where} (is it HTTP or another protocol?). Check the port.`,
			detail,
		};
	}
	return { code: 'connection-closed', message: `Connection to ${where} failed: ${detail}`, detail };
}

/** The error for a connect attempt that got no CONNACK within the timeout. */
export function connectTimeoutError(context: ConnectContext, timeoutMs: number): AppError {
	return {
		code: 'connect-timeout',
		message: `No CONNACK from ${context.host}:${context.port} within ${Math.round(timeoutMs / 1000)} s: the host may be unreachable, or the port is not MQTT.`,
	};
}

/** The error for a socket closed before any CONNACK, without an error event. */
export function closedBeforeConnackError(context: ConnectContext): AppError {
	return {
		code: 'not-mqtt',
		message: `No MQTT answer from ${context.host}:${context.port}: the connection closed before a CONNACK (is it HTTP, or does it expect TLS?).`,
	};
}
