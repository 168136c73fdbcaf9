import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RotatingLogFile } from '../../../main/log/log-file';
import { createLogger, setLogFile } from '../../../main/log/logger';
import { redact } from '../../../main/log/redact';

let dir: string;
beforeEach(async () => {
	dir = await mkdtemp(join(tmpdir(), 'topicscope-log-'));
});
afterEach(async () => {
	setLogFile(null);
	vi.unstubAllEnvs();
	await rm(dir, { recursive: true, force: true });
});

describe('RotatingLogFile', () => {
	it('rotates by size and keeps only the newest files', () => {
		const path = join(dir, 'logs', 'topicscope.log');
		const file = new RotatingLogFile(path, { maxBytes: 100, keep: 2 });
		// 40-byte lines: two fit in 100 bytes, the third starts a new file.
		for (let index = 0; index < 9; index++) file.append(`${String(index).padEnd(39, '.')}\n`);
		// Files of lines 0-1, 2-3, 4-5, 6-7, 8: the two oldest are gone.
		expect(readFileSync(path, 'utf8').split('\n')[0]?.[0]).toBe('8');
		expect(readFileSync(`${path}.1`, 'utf8').split('\n')[0]?.[0]).toBe('6');
		expect(readFileSync(`${path}.2`, 'utf8').split('\n')[0]?.[0]).toBe('4');
		expect(existsSync(`${path}.3`)).toBe(false);
		for (const name of file.files) expect(statSync(name).size).toBeLessThanOrEqual(100);
	});

	it('continues an existing file after a restart, counting what it holds', () => {
		const path = join(dir, 'topicscope.log');
		new RotatingLogFile(path, { maxBytes: 100 }).append('x'.repeat(79) + '\n');
		new RotatingLogFile(path, { maxBytes: 100 }).append('y'.repeat(39) + '\n');
		expect(readFileSync(path, 'utf8')).toBe('y'.repeat(39) + '\n');
		expect(readFileSync(`${path}.1`, 'utf8')).toBe('x'.repeat(79) + '\n');
	});
});

describe('logger', () => {
	it('writes levels to the log file and never secrets or payload bytes', () => {
		vi.stubEnv('TOPICSCOPE_LOG', 'info');
		const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
		const path = join(dir, 'topicscope.log');
		setLogFile(path);
		const log = createLogger('test');
		log.debug('not at info level');
		log.info('connected', {
			profileId: 'p1',
			password: 'hunter2-password',
			tls: { clientKeyPem: '-----BEGIN PRIVATE KEY-----abc', verifyServer: true },
			payload: new Uint8Array([1, 2, 3]),
			message: { payloadText: 'secret reading 42', sizeBytes: 17 },
			token: 'tok-123456',
			bytes: 120,
		});
		log.error('failed', { error: new Error('boom') });
		stderr.mockRestore();
		const lines = readFileSync(path, 'utf8')
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line) as Record<string, unknown>);
		expect(lines.map((line) => [line.level, line.scope, line.message])).toEqual([
			['info', 'test', 'connected'],
			['error', 'test', 'failed'],
		]);
		const text = readFileSync(path, 'utf8');
		for (const secret of ['hunter2', 'BEGIN PRIVATE', 'secret reading', 'tok-123456']) {
			expect(text).not.toContain(secret);
		}
		expect(lines[0]).toMatchObject({
			profileId: 'p1',
			password: '[redacted]',
			tls: { clientKeyPem: '[redacted]', verifyServer: true },
			payload: '[redacted]',
			'field.message': { payloadText: '[redacted]', sizeBytes: 17 },
			bytes: 120,
		});
		expect(lines[1]).toMatchObject({ error: { name: 'Error', message: 'boom' } });
	});

	it('redacts bytes wherever they are, and cuts very long strings', () => {
		expect(redact({ frames: [{ data: new Uint8Array(5) }] })).toEqual({
			frames: [{ data: '[5 bytes]' }],
		});
		expect(String(redact('a'.repeat(5_000)))).toMatch(/… \(5000\)$/);
	});
});
