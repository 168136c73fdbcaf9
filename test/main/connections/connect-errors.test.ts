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
});
