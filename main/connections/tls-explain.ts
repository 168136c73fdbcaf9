/**
 * Explains TLS failures with the facts a person needs: the expiry date, the names the
 * certificate does hold, the issuer to trust. Node's errors carry none of these, so on failure we
 * look at the broker's certificate through a probe that sends nothing and closes at once.
 */
import { createSecureContext, connect as tlsConnect, type PeerCertificate } from 'node:tls';
import type { AppError } from '../../shared/result';
import type { Profile } from '../../shared/model/profile';

export interface CertificateFacts {
	readonly validFrom: string;
	readonly validTo: string;
	readonly names: readonly string[];
	readonly issuer: string;
	readonly subject: string;
}

const UNKNOWN_CA_CODES = new Set([
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_GET_ISSUER_CERT',
]);

export function isTlsVerificationCode(code: unknown): code is string {
	return (
		typeof code === 'string' &&
		(UNKNOWN_CA_CODES.has(code) ||
			code === 'CERT_HAS_EXPIRED' ||
			code === 'CERT_NOT_YET_VALID' ||
			code === 'ERR_TLS_CERT_ALTNAME_INVALID')
	);
}

function isoDate(text: string): string {
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? text : date.toISOString().slice(0, 10);
}

/** The sentence for a failed certificate check; `facts` is null when the probe saw no certificate. */
export function describeTlsFailure(
	code: string,
	host: string,
	facts: CertificateFacts | null,
): AppError {
	const tls = (message: string): AppError => ({ code: 'tls-error', message, detail: code });
	if (code === 'CERT_HAS_EXPIRED') {
		return tls(
			facts
				? `The broker's certificate has expired on ${isoDate(facts.validTo)}. Ask the broker's owner to renew it.`
				: "The broker's certificate has expired. Ask the broker's owner to renew it.",
		);
	}
	if (code === 'CERT_NOT_YET_VALID') {
		return tls(
			`The broker's certificate is not valid before ${facts ? isoDate(facts.validFrom) : 'a later date'}: check this computer's clock.`,
		);
	}
	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
		const names = facts && facts.names.length > 0 ? ` (it names ${facts.names.join(', ')})` : '';
		return tls(
			`The certificate's names do not include ${host}${names}. Connect with one of its names, or set the expected server name in the profile's TLS options.`,
		);
	}
	if (UNKNOWN_CA_CODES.has(code)) {
		const issuer = facts ? ` (issued by "${facts.issuer}")` : '';
		return tls(
			`Unknown CA${issuer}: add the issuer's certificate to the profile's CA certificates.`,
		);
	}
	return tls(`TLS failed: ${code}.`);
}

function factsOf(certificate: PeerCertificate): CertificateFacts {
	const names = (certificate.subjectaltname ?? '')
		.split(',')
		.map((entry) => entry.trim().replace(/^(DNS|IP Address):/, ''))
		.filter((entry) => entry !== '');
	const commonName = (value: unknown): string =>
		typeof value === 'object' && value !== null && 'CN' in value
			? String((value as { CN: unknown }).CN)
			: '';
	return {
		validFrom: certificate.valid_from,
		validTo: certificate.valid_to,
		names,
		issuer: commonName(certificate.issuer),
		subject: commonName(certificate.subject),
	};
}

/** Reads the broker's certificate without trusting it and without sending anything; null on failure. */
export function probeCertificate(
	profile: Profile,
	timeoutMs = 5_000,
): Promise<CertificateFacts | null> {
	return new Promise((resolve) => {
		const socket = tlsConnect({
			host: profile.host,
			port: profile.port,
			servername: profile.tls.serverName || profile.host,
			// Only to read the certificate for the error message: nothing is written to this socket.
			rejectUnauthorized: false,
			...(profile.tls.alpnProtocols?.length ? { ALPNProtocols: profile.tls.alpnProtocols } : {}),
		});
		const finish = (facts: CertificateFacts | null): void => {
			clearTimeout(timer);
			socket.destroy();
			resolve(facts);
		};
		const timer = setTimeout(() => finish(null), timeoutMs);
		socket.once('secureConnect', () => {
			const certificate = socket.getPeerCertificate();
			finish(certificate && 'valid_to' in certificate ? factsOf(certificate) : null);
		});
		socket.once('error', () => finish(null));
	});
}

const KEY_ERRORS: readonly [RegExp, string][] = [
	[
		/bad decrypt|BAD_DECRYPT/i,
		"The client key's passphrase is wrong: check the passphrase in the profile's TLS options.",
	],
	[
		/mac verify failure|PKCS12/i,
		"The PKCS#12 bundle's passphrase is wrong, or the file is damaged.",
	],
	[
		/KEY_VALUES_MISMATCH|key values mismatch/i,
		'The client certificate and private key do not belong together.',
	],
	[
		/NO_START_LINE|no start line|bad base64/i,
		'A certificate or key in the profile is not valid PEM.',
	],
	[
		/interrupted or cancelled|PROBLEMS_GETTING_PASSWORD|passphrase/i,
		'The client key is encrypted: enter its passphrase in the profile.',
	],
];

/** PEM headers of an encrypted private key: PKCS#8 and the traditional OpenSSL form. */
function isEncryptedKey(pem: string): boolean {
	return /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(pem);
}

/** Checks the profile's certificates, key and passphrase locally; null when they load. */
export function checkTlsMaterial(profile: Profile): AppError | null {
	const tls = profile.tls;
	const hasPassphrase = (tls.passphrase ?? '') !== '';
	// OpenSSL reports a missing passphrase as a wrong one: say what is missing instead.
	if (tls.clientKeyPem?.trim() && isEncryptedKey(tls.clientKeyPem) && !hasPassphrase) {
		return {
			code: 'tls-error',
			message:
				"The client key is encrypted and no passphrase is given: enter the key's passphrase in the profile's TLS options.",
		};
	}
	try {
		createSecureContext({
			...(tls.caPem?.trim() ? { ca: tls.caPem } : {}),
			...(tls.clientCertPem?.trim() ? { cert: tls.clientCertPem } : {}),
			...(tls.clientKeyPem?.trim() ? { key: tls.clientKeyPem } : {}),
			// An empty passphrase makes OpenSSL fail at once instead of prompting on a terminal.
			...(tls.clientKeyPem?.trim() || tls.pkcs12Base64 ? { passphrase: tls.passphrase ?? '' } : {}),
			...(tls.pkcs12Base64 ? { pfx: Buffer.from(tls.pkcs12Base64, 'base64') } : {}),
		});
		return null;
	} catch (error) {
		const text = `${(error as { code?: unknown }).code ?? ''} ${error instanceof Error ? error.message : String(error)}`;
		if (tls.pkcs12Base64 && !hasPassphrase && /mac verify failure|PKCS12/i.test(text)) {
			return {
				code: 'tls-error',
				message:
					"The PKCS#12 bundle is protected and no passphrase is given: enter its passphrase in the profile's TLS options.",
				detail: text.trim(),
			};
		}
		const match = KEY_ERRORS.find(([pattern]) => pattern.test(text));
		return {
			code: 'tls-error',
			message: match
				? match[1]
				: `The profile's TLS certificates or key could not be loaded: ${text.trim()}`,
			detail: text.trim(),
		};
	}
}
