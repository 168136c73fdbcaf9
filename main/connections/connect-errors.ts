/**
 * Turns what Node and MQTT.js report into errors a person can act on.
 *
 * Pure: the Connection gathers the raw error and the context, this decides the words.
 */
import type { AppError } from '../../shared/result';
import type { ProtocolLevel } from '../../shared/mqtt/protocol';
import { describeConnackRefusal } from '../../shared/mqtt/reason-codes';

export interface ConnectContext {
	readonly host: string;
	readonly port: number;
	readonly protocolVersion: ProtocolLevel;
	/** True once a CONNACK accepted us: later errors are about a live session. */
	readonly wasConnected: boolean;
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

/** Builds the AppError for a failed connect, a lost connection or a refused CONNACK. */
export function describeConnectError(error: unknown, context: ConnectContext): AppError {
	const { host, port } = context;
	const where = `${host}:${port}`;
	const raw = asErrorLike(error);
	const detail = typeof raw.message === 'string' ? raw.message : String(error);
	const code = raw.code;
	if (typeof code === 'number') {
		return {
			code: 'connack-refused',
			message: `The broker refused the connection: ${describeConnackRefusal(code, context.protocolVersion)}.`,
			reasonCode: code,
			detail,
		};
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
			return {
				code: context.wasConnected ? 'connection-closed' : 'not-mqtt',
				message: context.wasConnected
					? `The connection to ${where} was reset.`
					: `${where} closed the connection before answering: it may not be an MQTT broker, or it expects TLS.`,
				detail,
			};
		default:
			break;
	}
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
