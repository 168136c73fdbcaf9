import { describe, expect, it } from 'vitest';
import {
	describeConnectError,
	type ConnectContext,
} from '../../../main/connections/connect-errors';

const context: ConnectContext = {
	host: 'broker.local',
	port: 8883,
	protocolVersion: 5,
	wasConnected: false,
	isTls: false,
	hasClientCertificate: false,
};

function errorWithCode(code: string | number, message = 'boom'): Error {
	return Object.assign(new Error(message), { code });
}

describe('describeConnectError', () => {
	it.each([
		['ECONNREFUSED', 'connection-refused', 'Connection refused on broker.local:8883'],
		['ENOTFOUND', 'dns-failure', '"broker.local" could not be resolved'],
		['EHOSTUNREACH', 'host-unreachable', 'broker.local cannot be reached'],
		['ETIMEDOUT', 'connect-timeout', 'No answer from broker.local:8883'],
		['CERT_HAS_EXPIRED', 'tls-error', 'certificate has expired'],
		['ERR_TLS_CERT_ALTNAME_INVALID', 'tls-error', 'names do not include this host'],
		['SELF_SIGNED_CERT_IN_CHAIN', 'tls-error', 'unknown CA'],
		['ECONNRESET', 'not-mqtt', 'may not be an MQTT broker'],
	])('%s gives %s', (code, expectedCode, phrase) => {
		const error = describeConnectError(errorWithCode(code), context);
		expect(error.code).toBe(expectedCode);
		expect(error.message).toContain(phrase);
	});

	it('names the MQTT 5 reason of a refused CONNACK', () => {
		const error = describeConnectError(
			errorWithCode(134, 'Connection refused: Bad User Name or Password'),
			context,
		);
		expect(error).toMatchObject({ code: 'connack-refused', reasonCode: 134 });
		expect(error.message).toBe(
			'The broker refused the connection: bad user name or password (reason 134).',
		);
	});

	it('names the MQTT 3.1.1 return code of a refused CONNACK', () => {
		const error = describeConnectError(errorWithCode(5), { ...context, protocolVersion: 4 });
		expect(error.reasonCode).toBe(5);
		expect(error.message).toContain('return code 5');
		expect(error.message.toLowerCase()).toContain('not authori');
	});

	it('calls a reset after CONNACK a lost connection, not a protocol mismatch', () => {
		const error = describeConnectError(errorWithCode('ECONNRESET'), {
			...context,
			wasConnected: true,
		});
		expect(error.code).toBe('connection-closed');
	});

	it('says a broker does not speak MQTT 5 when it answers a v5 CONNECT with a 3.1.1 refusal', () => {
		const error = describeConnectError(
			errorWithCode(1, 'Connection refused: Unacceptable protocol version'),
			context,
		);
		expect(error).toMatchObject({
			code: 'connack-refused',
			reasonCode: 1,
			retryWithProtocolVersion: 4,
			message:
				'The broker does not speak MQTT 5: it refused the connection as unacceptable protocol version (return code 1). Connect with MQTT 3.1.1.',
		});
		const other = describeConnectError(errorWithCode(5), context);
		expect(other.message).toBe(
			'The broker refused the connection: not authorized (return code 5).',
		);
	});

	const tls: ConnectContext = { ...context, isTls: true };
	it.each([
		[
			'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
			'error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:SSL alert number 116',
			'requires a client certificate: add the client certificate and key',
		],
		[
			'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
			'error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:SSL alert number 40',
			'requires a client certificate (it ended the TLS handshake)',
		],
		[
			'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
			'sslv3 alert bad certificate:SSL alert number 42',
			'rejected the client certificate',
		],
		[
			'ERR_SSL_WRONG_VERSION_NUMBER',
			'error:0A00010B:SSL routines:ssl3_get_record:wrong version number',
			'does not speak TLS',
		],
		['ECONNRESET', 'read ECONNRESET', 'the port does not seem to speak TLS'],
	])('over TLS, %s is explained as tls-error', (code, message, phrase) => {
		const error = describeConnectError(errorWithCode(code, message), tls);
		expect(error.code).toBe('tls-error');
		expect(error.message).toContain(phrase);
		expect(error.message).not.toContain('SSL routines');
	});
});
