import { describe, expect, it } from 'vitest';
import {
	isScramMethod,
	scramFinish,
	scramStart,
	scramVerify,
} from '../../../main/connections/scram';

describe('SCRAM', () => {
	it('SCRAM-SHA-1 matches the exchange in RFC 5802 §5', () => {
		const client = scramStart('SCRAM-SHA-1', 'user', 'fyko+d2lbbFgONRv9qkxdawL');
		expect(client.clientFirst).toBe('n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL');
		const step = scramFinish(
			client,
			'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
			'pencil',
		);
		if (!step.ok) throw new Error(step.message);
		expect(step.clientFinal).toBe(
			'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
		);
		expect(scramVerify('v=rmF9pqV8S7suAoZWja4dJRkFsKQ=', step.serverSignature)).toBe(true);
	});

	it('SCRAM-SHA-256 matches the exchange in RFC 7677 §3', () => {
		const client = scramStart('SCRAM-SHA-256', 'user', 'rOprNGfwEbeRWgbNEkqO');
		const step = scramFinish(
			client,
			'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
			'pencil',
		);
		if (!step.ok) throw new Error(step.message);
		expect(step.clientFinal).toBe(
			'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
		);
		expect(
			scramVerify('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=', step.serverSignature),
		).toBe(true);
		expect(
			scramVerify('v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=', step.serverSignature),
		).toBe(false);
	});

	it('refuses a challenge whose nonce does not extend ours, a malformed one, and an error', () => {
		const client = scramStart('SCRAM-SHA-256', 'user', 'abc');
		expect(scramFinish(client, 'r=xyz123,s=QSXCR+Q6sek8bf92,i=4096', 'p')).toMatchObject({
			ok: false,
			message: expect.stringContaining('nonce'),
		});
		expect(scramFinish(client, 'r=abc1,i=0', 'p')).toMatchObject({
			ok: false,
			message: expect.stringContaining('malformed'),
		});
		expect(scramFinish(client, 'e=unknown-user', 'p')).toMatchObject({
			ok: false,
			message: 'the broker refused: unknown-user',
		});
	});

	it('escapes = and , in the user name, and knows its method names', () => {
		expect(scramStart('SCRAM-SHA-512', 'a=b,c', 'n').clientFirst).toBe('n,,n=a=3Db=2Cc,r=n');
		expect([
			isScramMethod('SCRAM-SHA-256'),
			isScramMethod('PLAIN'),
			isScramMethod(undefined),
		]).toEqual([true, false, false]);
	});
});
