/**
 * `topicscope pub`, `sub` and `rr` against mosquitto, checked by independent clients: what `pub`
 * sets (MQTT 5 properties included) is what `mosquitto_sub -V 5 -F` prints; `sub --json` lines
 * read back as history export records; `rr` takes only the reply carrying its correlation data,
 * from a responder in a process of its own; mistakes end with the exit codes and words people
 * can act on; `--profile` connects with a saved profile's encrypted password.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageFromJson } from '../../../shared/model/message-json';
import { DEFAULT_PROFILE } from '../../../shared/model/profile';
import { ProfileStore } from '../../../main/profiles/profile-store';
import { createKeyFileSecretBox } from '../../../main/profiles/secret-box';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { waitFor } from '../../helpers/wait';
import { ROOT, runCli } from './run-cli';

interface Watched {
	readonly child: ChildProcess;
	output(): string;
	readonly done: Promise<number | null>;
}

/** A child process whose stdout and stderr are collected together. */
function watch(command: string, args: readonly string[]): Watched {
	const child = spawn(command, args, { cwd: ROOT });
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
	const done = new Promise<number | null>((resolve) => child.on('close', resolve));
	return { child, output: () => output, done };
}

/**
 * `mosquitto_sub -d` prints "received SUBACK" once its subscription stands (line-buffered with
 * stdbuf: into a pipe its stdout is otherwise flushed only at exit).
 */
async function independentSubscriber(
	port: number,
	filter: string,
	count: number,
	format = '%t|%P|%C|%R|%D|%E|%q|%r|%p',
) {
	const sub = watch('stdbuf', [
		'-oL',
		'mosquitto_sub',
		...['-h', '127.0.0.1', '-p', String(port), '-V', '5', '-q', '2', '-d'],
		...['-t', filter, '-C', String(count), '-W', '30'],
		...['-F', `OUT ${format}`],
	]);
	await waitFor(() => sub.output().includes('received SUBACK'), 'mosquitto_sub to subscribe');
	return sub;
}

function outLines(text: string): string[] {
	return text
		.split('\n')
		.filter((line) => line.startsWith('OUT '))
		.map((line) => line.slice(4));
}

/** A responder in a process of its own: answers requests on `topic` with `reply:<payload>`. */
const RESPONDER = `
import mqtt from 'mqtt';
const [url, topic] = process.argv.slice(1);
const client = await mqtt.connectAsync(url, { protocolVersion: 5, clientId: 'cli-test-responder' });
client.on('message', async (_topic, payload, packet) => {
	const properties = packet.properties ?? {};
	if (!properties.responseTopic) return;
	// First a reply with other correlation data, as a second requester's answer would be.
	await client.publishAsync(properties.responseTopic, 'not yours', {
		qos: 1,
		properties: { correlationData: Buffer.from('someone-else') },
	});
	await client.publishAsync(properties.responseTopic, 'reply:' + payload.toString(), {
		qos: 1,
		properties: { correlationData: properties.correlationData, contentType: 'text/plain' },
	});
});
await client.subscribeAsync(topic, { qos: 1 });
console.log('responder ready');
`;

/** A 3.1.1 responder: no properties, so it answers on a topic agreed beforehand. */
const RESPONDER_311 = `
import mqtt from 'mqtt';
const [url, topic, replies] = process.argv.slice(1);
const client = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: 'cli-test-responder-311' });
client.on('message', (_topic, payload) => {
	void client.publishAsync(replies, 'reply:' + payload.toString(), { qos: 1 });
});
await client.subscribeAsync(topic, { qos: 1 });
console.log('responder ready');
`;

describe.skipIf(!findMosquitto())('topicscope pub, sub and rr', () => {
	let broker: TestBroker;
	let at: string[];

	beforeAll(async () => {
		broker = await startBroker();
		at = ['-h', '127.0.0.1', '-p', String(broker.port)];
	});
	afterAll(async () => {
		await broker.stop();
	});

	it('pub sets MQTT 5 properties that an independent mosquitto_sub -V 5 -F prints', async () => {
		const sub = await independentSubscriber(broker.port, 'cli/props/#', 2);
		const first = await runCli([
			'pub',
			...at,
			...['-t', 'cli/props/a', '-m', 'hello', '-q', '1'],
			...['-D', 'publish', 'user-property', 'site', 'north'],
			...['-D', 'publish', 'user-property', 'line', '2'],
			...['-D', 'publish', 'content-type', 'text/plain'],
			...['-D', 'publish', 'response-topic', 'cli/replies'],
			...['-D', 'publish', 'correlation-data', 'req-17'],
			...['-D', 'publish', 'message-expiry-interval', '120'],
			...['-D', 'publish', 'payload-format-indicator', '1'],
		]);
		expect(first.stderr).toBe('');
		expect(first.status).toBe(0);
		// With --url, -V 5 and QoS 2.
		const second = await runCli([
			'pub',
			...['--url', broker.url, '-V', '5', '-q', '2'],
			...['-t', 'cli/props/b', '-m', 'second', '-D', 'publish', 'content-type', 'x/y'],
		]);
		expect(second.status).toBe(0);
		expect(await sub.done).toBe(0);
		expect(outLines(sub.output())).toEqual([
			'cli/props/a|site:north line:2|text/plain|cli/replies|req-17|120|1|0|hello',
			'cli/props/b||x/y||||2|0|second',
		]);
	});

	it('pub -r, -n, -f and -l: retained, empty, file bytes and one message per line', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'topicscope-pub-'));
		try {
			const file = join(dir, 'payload.bin');
			await writeFile(file, Buffer.from([0x00, 0xff, 0x41, 0x0a]));
			// The payload in hex (%x): bytes that are not text come out as they are.
			const sub = await independentSubscriber(broker.port, 'cli/forms/#', 5, '%t|%q|%r|%x');
			expect((await runCli(['pub', ...at, '-t', 'cli/forms/file', '-f', file])).status).toBe(0);
			expect((await runCli(['pub', ...at, '-t', 'cli/forms/null', '-n'])).status).toBe(0);
			const lines = await runCli(['pub', ...at, '-t', 'cli/forms/line', '-l', '-q', '1'], 'a\nb\n');
			expect(lines.status).toBe(0);
			expect((await runCli(['pub', ...at, '-t', 'cli/forms/kept', '-m', 'k', '-r'])).status).toBe(
				0,
			);
			expect(await sub.done).toBe(0);
			expect(outLines(sub.output())).toEqual([
				'cli/forms/file|0|0|00ff410a',
				'cli/forms/null|0|0|',
				'cli/forms/line|1|0|61',
				'cli/forms/line|1|0|62',
				// A live subscriber gets a retained message with retain 0 (MQTT-3.3.1-9).
				'cli/forms/kept|0|0|6b',
			]);
			// Retained: a later subscriber gets it with the flag.
			const later = await runCli(['sub', ...at, '-t', 'cli/forms/kept', '-C', '1', '-F', '%r %p']);
			expect(later.stdout).toBe('1 k\n');
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});

	it('sub prints -v lines, -N without newlines and --json as history export records', async () => {
		const publisher = await mqtt.connectAsync(broker.url, {
			protocolVersion: 5,
			clientId: 'cli-sub-publisher',
		});
		try {
			await publisher.publishAsync('cli/json/text', 'plain text', {
				qos: 1,
				retain: true,
				properties: { contentType: 'text/plain', userProperties: { a: '1', b: ['2', '3'] } },
			});
			await publisher.publishAsync('cli/json/binary', Buffer.from([0xde, 0xad, 0xbe, 0xef]), {
				qos: 1,
				retain: true,
			});
		} finally {
			await publisher.endAsync();
		}
		const verbose = await runCli(['sub', ...at, '-t', 'cli/json/text', '-v', '-C', '1']);
		expect(verbose.stdout).toBe('cli/json/text plain text\n');
		const bare = await runCli(['sub', ...at, '-t', 'cli/json/text', '-N', '-C', '1']);
		expect(bare.stdout).toBe('plain text');

		const json = await runCli(['sub', ...at, '-t', 'cli/json/#', '--json', '-C', '2', '-q', '1']);
		expect(json.status).toBe(0);
		const lines = json.stdout.trim().split('\n');
		expect(lines).toHaveLength(2);
		const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
		for (const object of objects) {
			expect(Object.keys(object)).toEqual(
				expect.arrayContaining(['time', 'topic', 'qos', 'retain', 'payloadBase64', 'size']),
			);
			// The history import reads it back: the same shape.
			expect(messageFromJson(object).ok).toBe(true);
		}
		const byTopic = new Map(objects.map((object) => [object.topic, object]));
		expect(byTopic.get('cli/json/text')).toMatchObject({
			qos: 1,
			retain: true,
			payloadBase64: Buffer.from('plain text').toString('base64'),
			payloadText: 'plain text',
			size: 10,
			properties: {
				contentType: 'text/plain',
				userProperties: [
					['a', '1'],
					['b', '2'],
					['b', '3'],
				],
			},
		});
		expect(byTopic.get('cli/json/binary')).toMatchObject({
			retain: true,
			payloadBase64: '3q2+7w==',
			size: 4,
		});
		// Bytes that are not UTF-8 have no text form.
		expect(byTopic.get('cli/json/binary')).not.toHaveProperty('payloadText');
	});

	it('rr prints the reply carrying its correlation data, from an independent responder', async () => {
		// A stale retained reply on the response topic, from an earlier exchange.
		const stale = await mqtt.connectAsync(broker.url, {
			protocolVersion: 5,
			clientId: 'cli-rr-stale',
		});
		await stale.publishAsync('cli/rr/replies', 'stale reply', {
			qos: 1,
			retain: true,
			properties: { correlationData: Buffer.from('old-request') },
		});
		await stale.endAsync();
		const responder = watch(process.execPath, [
			'--input-type=module',
			'-e',
			RESPONDER,
			broker.url,
			'cli/rr/requests',
		]);
		try {
			await waitFor(() => responder.output().includes('responder ready'), 'the responder');
			const reply = await runCli([
				'rr',
				...at,
				...['-t', 'cli/rr/requests', '-e', 'cli/rr/replies', '-m', 'ping', '-W', '20'],
			]);
			expect(reply.stderr).toBe('');
			expect(reply.stdout).toBe('reply:ping\n');
			expect(reply.status).toBe(0);

			const json = await runCli([
				'rr',
				...at,
				...['-t', 'cli/rr/requests', '-e', 'cli/rr/replies', '-m', 'again', '--json', '-W', '20'],
			]);
			expect(json.status).toBe(0);
			const record = JSON.parse(json.stdout) as Record<string, unknown>;
			expect(record).toMatchObject({
				topic: 'cli/rr/replies',
				payloadText: 'reply:again',
				retain: false,
				properties: { contentType: 'text/plain' },
			});
			expect(messageFromJson(record).ok).toBe(true);
		} finally {
			responder.child.kill();
			await responder.done;
		}
	});

	it('rr -V 311 takes the next live message on -e, from a responder without properties', async () => {
		const responder = watch(process.execPath, [
			'--input-type=module',
			'-e',
			RESPONDER_311,
			broker.url,
			'cli/rr311/requests',
			'cli/rr311/replies',
		]);
		try {
			await waitFor(() => responder.output().includes('responder ready'), 'the 3.1.1 responder');
			const reply = await runCli([
				'rr',
				...at,
				...['-V', '311', '-t', 'cli/rr311/requests', '-e', 'cli/rr311/replies'],
				...['-m', 'ping', '-W', '20'],
			]);
			expect(reply.stdout).toBe('reply:ping\n');
			expect(reply.status).toBe(0);
		} finally {
			responder.child.kill();
			await responder.done;
		}
	});

	it('rr without a responder gives up after -W with a message and exit status 27', async () => {
		const run = await runCli([
			'rr',
			...at,
			...['-t', 'cli/rr/nobody', '-e', 'cli/rr/nobody-replies', '-m', 'ping', '-W', '1'],
		]);
		expect(run.status).toBe(27);
		expect(run.stdout).toBe('');
		expect(run.stderr).toMatch(/^topicscope rr: No reply within 1 s/);
		expect(run.stderr).toContain('cli/rr/nobody');
	});

	it.each([
		[['sub', '-t', 'a/#/b'], 2, "-t 'a/#/b': '#' must be the last level"],
		[['sub', '-t', 'a/b+'], 2, "'+' must fill a whole level"],
		[['pub', '-t', 'a/+', '-m', 'x'], 2, 'must not contain the wildcard'],
		[['pub', '-t', 'a', '-m', 'x', '-q', '3'], 2, "-q takes 0, 1 or 2, not '3'."],
		[['pub', '-t', 'a', '-m', 'x', '-V', '4'], 2, "-V takes 31, 311 or 5, not '4'."],
		[['pub', '-t', 'a', '-m', 'x', '-c'], 2, '-c keeps the session'],
		[['pub', '-t', 'a', '-m', 'x', '-D', 'publish', 'colour', 'red'], 2, 'colour'],
		[
			['sub', '-t', 'cli/nothing/#', '-W', '1'],
			27,
			'timed out after 1 s (-W), 0 messages printed.',
		],
		[['rr', '-V', '311', '-t', 'a', '-m', 'x'], 2, 'MQTT 3.1.1 has no Response Topic property'],
		[
			['rr', '-t', 'a', '-m', 'x', '-D', 'publish', 'correlation-data', 'c'],
			2,
			'sets these itself',
		],
	])('%j exits %i with a clear message', async (args, status, message) => {
		const [command, ...rest] = args as [string, ...string[]];
		const run = await runCli([command, ...at, ...rest]);
		expect(run.status).toBe(status);
		expect(run.stderr).toContain(message);
		expect(run.stderr.startsWith(`topicscope ${command}: `)).toBe(true);
	});

	it('a broker that is not there is named, with exit status 1', async () => {
		const run = await runCli(['pub', '-h', '127.0.0.1', '-p', '1', '-t', 'a', '-m', 'x']);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('127.0.0.1:1');
		expect(run.stderr).toContain('nothing is listening there');
	});

	it('sub -V 311 and -V 31 speak the older protocols', async () => {
		for (const version of ['311', '31']) {
			const sub = watch(process.execPath, [
				'--import',
				'tsx',
				join(ROOT, 'main', 'cli', 'topicscope.ts'),
				'sub',
				...at,
				...['-V', version, '-t', `cli/v${version}`, '-C', '1', '-v', '-d'],
			]);
			await waitFor(() => sub.output().includes(': granted'), `sub -V ${version} to subscribe`);
			const pub = await runCli(['pub', ...at, '-V', version, '-t', `cli/v${version}`, '-m', 'old']);
			expect(pub.status).toBe(0);
			expect(await sub.done).toBe(0);
			expect(sub.output()).toContain(`cli/v${version} old\n`);
		}
	});
});

describe.skipIf(!findMosquitto())('topicscope pub --profile', () => {
	let broker: TestBroker;
	let dataDir: string;

	beforeAll(async () => {
		broker = await startBroker({ passwords: { plant: 's3cret-pw' } });
		dataDir = await mkdtemp(join(tmpdir(), 'topicscope-cli-profile-'));
		const box = createKeyFileSecretBox(join(dataDir, 'secrets.key'));
		if (!box.ok) throw new Error(box.error.message);
		const store = ProfileStore.open(join(dataDir, 'profiles.sqlite'), box.value);
		if (!store.ok) throw new Error(store.error.message);
		const created = store.value.create(
			{
				...DEFAULT_PROFILE,
				name: 'Plant broker',
				host: '127.0.0.1',
				port: broker.port,
				username: 'plant',
			},
			{ password: 's3cret-pw' },
		);
		store.value.close();
		if (!created.ok) throw new Error(created.error.message);
	});
	afterAll(async () => {
		await broker.stop();
		await rm(dataDir, { recursive: true, force: true });
	});

	it('connects with the saved profile and its encrypted password', async () => {
		const profile = ['--profile', 'Plant broker', '--data-dir', dataDir];
		const sub = watch(process.execPath, [
			'--import',
			'tsx',
			join(ROOT, 'main', 'cli', 'topicscope.ts'),
			'sub',
			...profile,
			...['-t', 'cli/profile', '-C', '1', '-v', '-d'],
		]);
		await waitFor(() => sub.output().includes(': granted'), 'sub --profile to subscribe');
		const pub = await runCli(['pub', ...profile, '-t', 'cli/profile', '-m', 'via profile']);
		expect(pub.stderr).toBe('');
		expect(pub.status).toBe(0);
		expect(await sub.done).toBe(0);
		expect(sub.output()).toContain('cli/profile via profile\n');

		// The same credentials typed as mosquitto_pub takes them.
		const typed = await runCli([
			'pub',
			...['--url', broker.url, '-u', 'plant', '-P', 's3cret-pw', '-i', 'cli-typed', '-k', '5'],
			...['-t', 'cli/profile', '-m', 'typed'],
		]);
		expect(typed.stderr).toBe('');
		expect(typed.status).toBe(0);

		const anonymous = await runCli(['pub', '--url', broker.url, '-t', 'cli/profile', '-m', 'x']);
		expect(anonymous.status).toBe(1);
		expect(anonymous.stderr).toMatch(/not authori[sz]ed/i);

		const missing = await runCli([
			'pub',
			...['--profile', 'Nope', '--data-dir', dataDir, '-t', 'a', '-m', 'x'],
		]);
		expect(missing.status).not.toBe(0);
		expect(missing.stderr).toContain("There is no saved profile named 'Nope'");
	});
});

describe.skipIf(!findMosquitto())('topicscope pub and sub over TLS', () => {
	let broker: TestBroker;
	let dir: string;
	let tls: string[];

	beforeAll(async () => {
		broker = await startBroker({ tls: { requireClientCert: true } });
		dir = await mkdtemp(join(tmpdir(), 'topicscope-cli-tls-'));
		const certs = broker.certs;
		if (certs === undefined || broker.tlsPort === undefined) throw new Error('no TLS listener');
		await writeFile(join(dir, 'ca.pem'), certs.caPem);
		await writeFile(join(dir, 'client.pem'), certs.clientCertPem);
		await writeFile(join(dir, 'client.key'), certs.clientKeyPem);
		tls = ['-h', '127.0.0.1', '-p', String(broker.tlsPort)];
	});
	afterAll(async () => {
		await broker.stop();
		await rm(dir, { recursive: true, force: true });
	});

	it('--cafile, --cert and --key connect; an untrusted server certificate is refused unless --insecure', async () => {
		const files = [
			...['--cafile', join(dir, 'ca.pem')],
			...['--cert', join(dir, 'client.pem'), '--key', join(dir, 'client.key')],
		];
		const sub = watch(process.execPath, [
			'--import',
			'tsx',
			join(ROOT, 'main', 'cli', 'topicscope.ts'),
			'sub',
			...tls,
			...files,
			...['-t', 'cli/tls', '-C', '1', '-v', '-d'],
		]);
		await waitFor(() => sub.output().includes(': granted'), 'sub over TLS to subscribe');
		const pub = await runCli(['pub', ...tls, ...files, '-t', 'cli/tls', '-m', 'secret']);
		expect(pub.status).toBe(0);
		expect(await sub.done).toBe(0);
		expect(sub.output()).toContain('cli/tls secret\n');

		// Without the CA the server's certificate is not trusted; --insecure accepts it (the client
		// certificate the broker requires is still sent).
		const untrusted = await runCli([
			'pub',
			...tls,
			...['--cert', join(dir, 'client.pem'), '--key', join(dir, 'client.key')],
			...['-t', 'cli/tls', '-m', 'x'],
		]);
		expect(untrusted.status).toBe(1);
		expect(untrusted.stderr).toMatch(/certificate/i);
		const insecure = await runCli([
			'pub',
			...tls,
			...['--cert', join(dir, 'client.pem'), '--key', join(dir, 'client.key'), '--insecure'],
			...['-t', 'cli/tls', '-m', 'x'],
		]);
		expect(insecure.stderr).toBe('');
		expect(insecure.status).toBe(0);
	});
});
