/** TLS against mosquitto with certificates made by the test: every failure reads as a person would want. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import type { Profile } from '../../../shared/model/profile';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { testProfile } from '../../helpers/profile';

const run = promisify(execFile);

describe.skipIf(!findMosquitto())('TLS connections', () => {
	let core: Core;
	let broker: TestBroker;
	let mutual: TestBroker;
	let certs: NonNullable<TestBroker['certs']>;

	beforeAll(async () => {
		core = new Core({ shell: 'test', version: 'test' });
		broker = await startBroker({ tls: {} });
		mutual = await startBroker({ tls: { requireClientCert: true } });
		if (!broker.certs) throw new Error('no certificates');
		certs = broker.certs;
	});
	afterAll(async () => {
		await core.close();
		await broker.stop();
		await mutual.stop();
	});

	const tlsProfile = (
		target: TestBroker,
		tls: Partial<Profile['tls']>,
		host = 'localhost',
	): Profile =>
		testProfile({
			transport: 'mqtts',
			host,
			port: target.tlsPort ?? 0,
			clientId: `tls-${Math.random().toString(16).slice(2, 10)}`,
			tls: { trust: 'custom', verifyServer: true, caPem: target.certs?.caPem, ...tls },
		});

	it('connects to a broker whose certificate is signed by the CA in the profile', async () => {
		const result = await core.connections.connect(tlsProfile(broker, {}));
		expect(result.ok && result.value.state.kind).toBe('connected');
		expect(result.ok && result.value.isTlsVerifyOff).toBe(false);
	});

	it('refuses an unknown CA and says to add the issuer', async () => {
		const result = await core.connections.connect(tlsProfile(broker, { caPem: certs.otherCaPem }));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.code).toBe('tls-error');
		expect(result.error.message).toMatch(
			/^Unknown CA \(issued by ".+"\): add the issuer's certificate/,
		);
	});

	it('names the expiry date of an expired certificate', async () => {
		const expired = await startBroker({ tls: { expired: true } });
		try {
			const result = await core.connections.connect(tlsProfile(expired, {}));
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(result.error.message).toMatch(
				/^The broker's certificate has expired on \d{4}-\d{2}-\d{2}\./,
			);
		} finally {
			await expired.stop();
		}
	});

	it('names the names a mismatched certificate holds', async () => {
		const mismatch = await startBroker({ tls: { hostnameMismatch: true } });
		try {
			const result = await core.connections.connect(tlsProfile(mismatch, {}));
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(result.error.message).toContain(
				"The certificate's names do not include localhost (it names wrong.example)",
			);
			// With the expected name set (SNI override), the same certificate is accepted.
			const fixed = await core.connections.connect(
				tlsProfile(mismatch, { serverName: 'wrong.example' }),
			);
			expect(fixed.ok).toBe(true);
		} finally {
			await mismatch.stop();
		}
	});

	it('connects with verification off, and the connection says so', async () => {
		const result = await core.connections.connect(
			tlsProfile(broker, { caPem: certs.otherCaPem, verifyServer: false }),
		);
		expect(result.ok && result.value.isTlsVerifyOff).toBe(true);
	});

	it('mutual TLS: a client certificate is required and accepted', async () => {
		const without = await core.connections.connect(tlsProfile(mutual, {}));
		expect(without.ok ? '' : without.error).toMatchObject({
			code: 'tls-error',
			message: expect.stringMatching(
				/^The broker on localhost:\d+ requires a client certificate(: | \(it ended the TLS handshake\): )add the client certificate and key to the profile's TLS options\.$/,
			),
		});
		const withCert = await core.connections.connect(
			tlsProfile(mutual, {
				caPem: mutual.certs?.caPem,
				clientCertPem: mutual.certs?.clientCertPem,
				clientKeyPem: mutual.certs?.clientKeyPem,
			}),
		);
		expect(withCert.ok && withCert.value.state.kind).toBe('connected');
	});

	it('an encrypted key works with the right passphrase and is explained with the wrong one', async () => {
		const material = {
			caPem: mutual.certs?.caPem,
			clientCertPem: mutual.certs?.clientCertPem,
			clientKeyPem: mutual.certs?.clientKeyEncryptedPem,
		};
		const right = await core.connections.connect(
			tlsProfile(mutual, { ...material, passphrase: mutual.certs?.clientKeyPassphrase }),
		);
		expect(right.ok).toBe(true);
		const wrong = await core.connections.connect(
			tlsProfile(mutual, { ...material, passphrase: 'wrong horse' }),
		);
		expect(wrong.ok).toBe(false);
		if (wrong.ok) return;
		expect(wrong.error.message).toBe(
			"The client key's passphrase is wrong: check the passphrase in the profile's TLS options.",
		);
		const missing = await core.connections.connect(tlsProfile(mutual, material));
		expect(missing.ok ? '' : missing.error.message).toBe(
			"The client key is encrypted and no passphrase is given: enter the key's passphrase in the profile's TLS options.",
		);
	});

	it('a PKCS#12 bundle with its passphrase', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'topicscope-p12-'));
		await writeFile(join(dir, 'cert.pem'), mutual.certs?.clientCertPem ?? '');
		await writeFile(join(dir, 'key.pem'), mutual.certs?.clientKeyPem ?? '');
		await run('openssl', [
			'pkcs12',
			'-export',
			'-in',
			join(dir, 'cert.pem'),
			'-inkey',
			join(dir, 'key.pem'),
			'-out',
			join(dir, 'client.p12'),
			'-passout',
			'pass:p12-secret',
		]);
		const pkcs12Base64 = (await readFile(join(dir, 'client.p12'))).toString('base64');
		const result = await core.connections.connect(
			tlsProfile(mutual, { caPem: mutual.certs?.caPem, pkcs12Base64, passphrase: 'p12-secret' }),
		);
		expect(result.ok).toBe(true);
		const wrong = await core.connections.connect(
			tlsProfile(mutual, { caPem: mutual.certs?.caPem, pkcs12Base64, passphrase: 'nope' }),
		);
		expect(wrong.ok ? '' : wrong.error.message).toContain('PKCS#12');
	});

	it('mqtts:// to a port without TLS says the port does not speak TLS', async () => {
		const plain = await core.connections.connect(
			testProfile({
				transport: 'mqtts',
				port: broker.port,
				clientId: 'tls-to-plain',
				tls: { ...testProfile().tls, verifyServer: false },
			}),
		);
		expect(plain.ok ? '' : plain.error).toMatchObject({
			code: 'tls-error',
			message: expect.stringContaining('the port does not seem to speak TLS'),
		});
	});
});
