/**
 * Bad input to the history commands: a clear message naming the problem (or the line), a non-zero
 * exit, and nothing stored changed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedBroker, type ScriptedBroker } from '../../helpers/scripted-broker';
import { waitFor } from '../../helpers/wait';
import { runCli, startCli } from './run-cli';

function digest(path: string): string {
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const line = (topic: string, text: string) =>
	JSON.stringify({
		time: '2024-05-01T12:00:00.000001Z',
		connection: 'lab',
		topic,
		qos: 0,
		retain: false,
		direction: 'in',
		payloadBase64: Buffer.from(text).toString('base64'),
	});

describe('history commands given bad input', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'topicscope-bad-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('refuses a file that is not a database, and leaves it as it was', async () => {
		const path = join(dir, 'notes.txt');
		writeFileSync(path, 'shopping list\n'.repeat(200));
		const before = digest(path);
		for (const args of [
			['history', 'export', '--db', path],
			['history', 'import', '--db', path],
		]) {
			const run = await runCli(args, line('a', 'x'));
			expect(run.status).toBe(1);
			expect(run.stderr).toContain('is not a SQLite database, so not a Topicscope history');
		}
		expect(digest(path)).toBe(before);
	});

	it('refuses a SQLite database of another program, and one from a newer Topicscope', async () => {
		const other = join(dir, 'other.sqlite');
		const foreign = new Database(other);
		foreign.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
		foreign.close();
		const otherBefore = digest(other);
		const imported = await runCli(['history', 'import', '--db', other], line('a', 'x'));
		expect(imported.status).toBe(1);
		expect(imported.stderr).toContain('is a SQLite database but not a Topicscope history');
		expect(digest(other)).toBe(otherBefore);

		const newer = join(dir, 'newer.sqlite');
		expect((await runCli(['history', 'import', '--db', newer], line('a', 'x'))).status).toBe(0);
		const file = new Database(newer);
		file.pragma('user_version = 99');
		file.close();
		const newerBefore = digest(newer);
		for (const args of [
			['history', 'export', '--db', newer],
			['history', 'import', '--db', newer],
		]) {
			const run = await runCli(args, line('b', 'y'));
			expect(run.status).toBe(1);
			expect(run.stderr).toContain(
				'written by a newer Topicscope (schema 99, this version knows 1)',
			);
		}
		expect(digest(newer)).toBe(newerBefore);
	});

	it('names the malformed NDJSON line and keeps what was stored before', async () => {
		const path = join(dir, 'kept.sqlite');
		expect(
			(await runCli(['history', 'import', '--db', path], `${line('kept/1', 'one')}\n`)).status,
		).toBe(0);
		const input = [
			line('new/1', 'a'),
			line('new/2', 'b'),
			'{"time":"2024-05-01T12:00:00Z","topic":"new/3","qos":3,"payloadBase64":""}',
			line('new/4', 'd'),
		].join('\n');
		const run = await runCli(['history', 'import', '--db', path], input);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('Line 3: "qos" must be 0, 1 or 2. Nothing was imported.');
		const notJson = await runCli(
			['history', 'import', '--db', path],
			`${line('new/1', 'a')}\n{oops\n`,
		);
		expect(notJson.stderr).toMatch(/Line 2 is not JSON/);
		const exported = await runCli(['history', 'export', '--db', path]);
		expect(
			exported.stdout
				.trim()
				.split('\n')
				.map((l) => (JSON.parse(l) as { topic: string }).topic),
		).toEqual(['kept/1']);
	});

	it('explains an invalid filter, time or option with exit status 2', async () => {
		const path = join(dir, 'kept.sqlite');
		const filter = await runCli(['history', 'export', '--db', path, '-t', 'a/#/b']);
		expect(filter.status).toBe(2);
		expect(filter.stderr).toContain("-t 'a/#/b': '#' must be the last level");
		const since = await runCli(['history', 'search', '--db', path, '--since', 'yesterday']);
		expect(since.status).toBe(2);
		expect(since.stderr).toContain('--since takes an RFC 3339 time');
		const unknown = await runCli(['history', 'export', '--db', path, '--colour']);
		expect(unknown.status).toBe(2);
		expect(unknown.stderr).toContain("Unknown option '--colour'");
		const noDb = await runCli(['record', '--url', 'mqtt://127.0.0.1:1']);
		expect(noDb.status).toBe(2);
		expect(noDb.stderr).toContain('say where to record: --db FILE');
		const badVersion = await runCli(['record', '--db', join(dir, 'r.sqlite'), '-V', '4']);
		expect(badVersion.stderr).toContain("-V takes 31, 311 or 5, not '4'");
		const badSpeed = await runCli(['replay', '--db', path, '--speed', 'fast', '--dry-run']);
		expect(badSpeed.stderr).toContain("--speed takes a positive number or max, not 'fast'");
	});

	it('says plainly when the broker is not there', async () => {
		const run = await runCli([
			'record',
			'--db',
			join(dir, 'nobody.sqlite'),
			'-h',
			'127.0.0.1',
			'-p',
			'1',
		]);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('Connection refused on 127.0.0.1:1');
	});
});

describe('topicscope record against a broker that refuses MQTT 5', () => {
	let broker: ScriptedBroker;
	let dir: string;
	beforeAll(async () => {
		broker = await startScriptedBroker({ refuseLevels: [5] });
		dir = mkdtempSync(join(tmpdir(), 'topicscope-fallback-'));
	});
	afterAll(async () => {
		await broker.stop();
		rmSync(dir, { recursive: true, force: true });
	});

	it('falls back to MQTT 3.1.1 unless -V fixes the level', async () => {
		const recorder = startCli([
			'record',
			'--db',
			join(dir, 'h.sqlite'),
			'--url',
			broker.url,
			'--progress-interval',
			'0',
		]);
		await waitFor(
			() => recorder.stderr().includes('recording #'),
			'the recorder to subscribe',
			30_000,
		);
		expect(recorder.stderr()).toContain('the broker refused MQTT 5; recording with MQTT 3.1.1');
		expect(recorder.stderr()).toContain('(MQTT 3.1.1)');
		recorder.child.kill('SIGTERM');
		expect((await recorder.done).status).toBe(0);
		const fixed = await runCli([
			'record',
			'--db',
			join(dir, 'h.sqlite'),
			'--url',
			broker.url,
			'-V',
			'5',
		]);
		expect(fixed.status).toBe(1);
		expect(fixed.stderr).toContain('Unsupported Protocol Version'.toLowerCase());
		expect(broker.connects.map((c) => (c.type === 'CONNECT' ? c.protocolLevel : 0))).toEqual([
			5, 4, 5,
		]);
	});
});
