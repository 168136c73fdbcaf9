import { execFile } from 'node:child_process';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** PEM strings a TLS test hands to a client; all generated fresh per broker. */
export interface TestCerts {
	readonly caPem: string;
	readonly serverCertPem: string;
	readonly clientCertPem: string;
	readonly clientKeyPem: string;
	readonly clientKeyEncryptedPem: string;
	readonly clientKeyPassphrase: string;
	/** A CA that signed nothing here: trusting only it must fail verification. */
	readonly otherCaPem: string;
}

export interface CertOptions {
	/** Serve a certificate whose validity ended in the past. */
	readonly expired?: boolean;
	/** Serve a certificate valid only for `wrong.example`, not localhost or 127.0.0.1. */
	readonly hostnameMismatch?: boolean;
}

/** Paths mosquitto's TLS listener reads. */
export interface ServerCertFiles {
	readonly cafile: string;
	readonly certfile: string;
	readonly keyfile: string;
}

const CLIENT_KEY_PASSPHRASE = 'correct horse';

// One config file for every command: with our own file, `-extensions` sections are exactly what we
// wrote, instead of being merged with the distribution's openssl.cnf (duplicate extensions fail).
const OPENSSL_CONFIG = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ server_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
[ mismatch_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example
[ client_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = $dir/index.txt
new_certs_dir = $dir/issued
serial = $dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
[ policy_any ]
commonName = supplied
`;

async function openssl(cwd: string, args: readonly string[]): Promise<void> {
	try {
		await execFileAsync('openssl', [...args], { cwd });
	} catch (error) {
		const stderr =
			typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : '';
		throw new Error(`openssl ${args[0] ?? ''} failed: ${stderr}`, { cause: error });
	}
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function makeCa(dir: string, name: string): Promise<void> {
	await openssl(dir, [
		'req',
		'-x509',
		...EC_KEY,
		'-config',
		'openssl.cnf',
		'-extensions',
		'v3_ca',
		'-subj',
		`/CN=${name}`,
		'-days',
		'3650',
		'-keyout',
		`${name}.key`,
		'-out',
		`${name}.pem`,
	]);
}

async function makeCsr(dir: string, name: string, commonName: string): Promise<void> {
	await openssl(dir, [
		'req',
		'-new',
		...EC_KEY,
		'-config',
		'openssl.cnf',
		'-subj',
		`/CN=${commonName}`,
		'-keyout',
		`${name}.key`,
		'-out',
		`${name}.csr`,
	]);
}

async function signWithCa(dir: string, name: string, extensions: string): Promise<void> {
	await openssl(dir, [
		'x509',
		'-req',
		'-in',
		`${name}.csr`,
		'-CA',
		'ca.pem',
		'-CAkey',
		'ca.key',
		'-CAcreateserial',
		'-days',
		'825',
		'-extfile',
		'openssl.cnf',
		'-extensions',
		extensions,
		'-out',
		`${name}.pem`,
	]);
}

/**
 * Signs a certificate that expired in 2021.
 *
 * OpenSSL 3.0 `x509` has no `-not_before`/`-not_after` (added in 3.4), so this goes through
 * `openssl ca`, whose `-startdate`/`-enddate` exist in every version we meet.
 */
async function signExpired(dir: string, name: string, extensions: string): Promise<void> {
	await mkdir(join(dir, 'issued'), { recursive: true });
	await writeFile(join(dir, 'index.txt'), '');
	await writeFile(join(dir, 'serial'), '1000\n');
	await openssl(dir, [
		'ca',
		'-batch',
		'-notext',
		'-config',
		'openssl.cnf',
		'-cert',
		'ca.pem',
		'-keyfile',
		'ca.key',
		'-extensions',
		extensions,
		'-startdate',
		'20200101000000Z',
		'-enddate',
		'20210101000000Z',
		'-in',
		`${name}.csr`,
		'-out',
		`${name}.pem`,
	]);
}

/**
 * Generates a CA, a server certificate for the TLS listener, a client certificate and an unrelated
 * CA into `dir`.
 *
 * EC P-256 keys keep generation to a few milliseconds each, where RSA 2048 would cost seconds.
 */
export async function generateCerts(
	dir: string,
	options: CertOptions = {},
): Promise<{ certs: TestCerts; files: ServerCertFiles }> {
	await writeFile(join(dir, 'openssl.cnf'), OPENSSL_CONFIG);
	await makeCa(dir, 'ca');
	await makeCa(dir, 'other-ca');

	const serverExtensions = options.hostnameMismatch ? 'mismatch_ext' : 'server_ext';
	const serverName = options.hostnameMismatch ? 'wrong.example' : 'localhost';
	await makeCsr(dir, 'server', serverName);
	if (options.expired) {
		await signExpired(dir, 'server', serverExtensions);
	} else {
		await signWithCa(dir, 'server', serverExtensions);
	}

	await makeCsr(dir, 'client', 'topicscope-test-client');
	await signWithCa(dir, 'client', 'client_ext');
	await openssl(dir, [
		'pkey',
		'-in',
		'client.key',
		'-aes256',
		'-passout',
		`pass:${CLIENT_KEY_PASSPHRASE}`,
		'-out',
		'client.enc.key',
	]);

	const read = (file: string): Promise<string> => readFile(join(dir, file), 'utf8');
	const certs: TestCerts = {
		caPem: await read('ca.pem'),
		serverCertPem: await read('server.pem'),
		clientCertPem: await read('client.pem'),
		clientKeyPem: await read('client.key'),
		clientKeyEncryptedPem: await read('client.enc.key'),
		clientKeyPassphrase: CLIENT_KEY_PASSPHRASE,
		otherCaPem: await read('other-ca.pem'),
	};
	return {
		certs,
		files: {
			cafile: join(dir, 'ca.pem'),
			certfile: join(dir, 'server.pem'),
			keyfile: join(dir, 'server.key'),
		},
	};
}
