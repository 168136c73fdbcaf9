/**
 * The history channels over the real WebSocket transport, as the renderer's history panel, diff,
 * charts and global search will use them: pages by key, payload slices, searches that continue
 * and cancel, retention, export / import / replay jobs followed on `history:job`, the writer's
 * counters on `history:stats`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../shared/ipc/client';
import type { HistoryStats } from '../../shared/ipc/contract';
import type { HistoryJob } from '../../shared/model/history-job';
import { startBroker, type TestBroker } from '../helpers/broker';
import { subscribeTo, testProfile } from '../helpers/profile';
import { serveCore, type ServedCore } from '../helpers/serve';
import { waitFor } from '../helpers/wait';

let broker: TestBroker;
let served: ServedCore;
let api: Client;
let connectionId: string;

function value<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
	if (!result.ok) throw new Error(result.error.message);
	return result.value;
}

/** Follows a job's stream until it ends. */
function jobEnd(jobId: string): Promise<HistoryJob> {
	return new Promise((resolve, reject) => {
		const close = api.subscribe(
			'history:job',
			{ jobId },
			(job) => {
				if (job.state !== 'running') {
					close();
					resolve(job);
				}
			},
			reject,
		);
	});
}

beforeAll(async () => {
	broker = await startBroker();
	served = await serveCore();
	api = served.connectClient();
	const connected = await api.invoke('connections:connect', {
		profile: testProfile({
			port: broker.port,
			clientId: 'contract-history',
			subscriptions: subscribeTo('ch/#'),
		}),
	});
	connectionId = value(connected).id;
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'contract-history-pub' });
	for (let i = 0; i < 30; i++) {
		await publisher.publishAsync(
			`ch/${i % 3}`,
			JSON.stringify({ n: i, note: i === 17 ? 'needle' : 'hay' }),
			{ qos: 1 },
		);
	}
	await publisher.publishAsync('ch/blob', Buffer.alloc(300_000, 7), { qos: 1, retain: true });
	await publisher.endAsync();
	const stats: HistoryStats[] = [];
	const close = api.subscribe('history:stats', {}, (message) => stats.push(message));
	await waitFor(
		() => (stats.at(-1)?.written ?? 0) >= 31,
		'the stats stream to count 31 stored messages',
	);
	close();
	expect(stats.at(-1)).toMatchObject({ shed: 0, failed: 0, backlogMessages: 0 });
});
afterAll(async () => {
	await served.close();
	await broker.stop();
});

describe('history channels', () => {
	it('history:page pages a topic newest first by key until nothing older is left', async () => {
		const first = value(
			await api.invoke('history:page', { connectionId, topic: 'ch/1', limit: 4 }),
		);
		expect(
			first.items.map((item) => JSON.parse(new TextDecoder().decode(item.payloadPreview)).n),
		).toEqual([28, 25, 22, 19]);
		expect(first.nextBeforeId).not.toBeNull();
		const rest = value(
			await api.invoke('history:page', {
				connectionId,
				topic: 'ch/1',
				limit: 100,
				beforeId: first.nextBeforeId ?? 1,
			}),
		);
		expect(
			rest.items.map((item) => JSON.parse(new TextDecoder().decode(item.payloadPreview)).n),
		).toEqual([16, 13, 10, 7, 4, 1]);
		expect(rest.nextBeforeId).toBeNull();
		const [item] = first.items;
		expect(item).toMatchObject({
			topic: 'ch/1',
			qos: 1,
			retain: false,
			direction: 'in',
			truncated: false,
		});
		expect(item?.payloadPreview).toBeInstanceOf(Uint8Array);
	});

	it('history:message previews 64 KiB of a large payload; history:payload reads any slice of it', async () => {
		const page = value(
			await api.invoke('history:page', {
				connectionId,
				topic: 'ch/blob',
				limit: 1,
				previewBytes: 16,
			}),
		);
		const id = page.items[0]?.id ?? 0;
		expect(page.items[0]).toMatchObject({ sizeBytes: 300_000, truncated: true });
		expect(page.items[0]?.payloadPreview.length).toBe(16);
		const message = value(await api.invoke('history:message', { id }));
		expect(message.payloadPreview.length).toBe(65_536);
		const slice = value(await api.invoke('history:payload', { id, offset: 262_140, length: 10 }));
		expect(slice).toMatchObject({ sizeBytes: 300_000, offset: 262_140 });
		expect([...slice.bytes]).toEqual(Array.from({ length: 10 }, () => 7));
		// Browser mode has no save dialog: the renderer is told to download, and what to call it.
		const saved = value(await api.invoke('history:save-payload', { id }));
		expect(saved).toEqual({ outcome: 'download', fileName: 'ch_blob.bin', sizeBytes: 300_000 });
		const missing = await api.invoke('history:message', { id: 999_999 });
		expect(missing.ok ? null : missing.error.code).toBe('not-found');
	});

	it('history:search finds text across topics, continues page by page, and is cancelled', async () => {
		const started = value(
			await api.invoke('history:search', {
				query: { text: 'NEEDLE', topicFilter: 'ch/+' },
				limit: 5,
			}),
		);
		expect(started.page.items.map((item) => item.topic)).toEqual(['ch/2']);
		const all = value(
			await api.invoke('history:search', { query: { topicFilter: 'ch/#', qos: [1] }, limit: 10 }),
		);
		expect(all.page.items).toHaveLength(10);
		const more = value(
			await api.invoke('history:search-more', {
				searchId: all.searchId,
				beforeId: all.page.nextBeforeId ?? 1,
				limit: 100,
			}),
		);
		expect(more.items).toHaveLength(21);
		expect(more.isDone).toBe(true);
		value(await api.invoke('history:search-cancel', { searchId: all.searchId }));
		const after = await api.invoke('history:search-more', {
			searchId: all.searchId,
			beforeId: 5,
			limit: 5,
		});
		expect(after.ok ? null : after.error.code).toBe('not-found');
		const bad = await api.invoke('history:search', { query: { topicFilter: 'ch/#/x' }, limit: 5 });
		expect(bad.ok ? null : bad.error.code).toBe('invalid-topic-filter');
	});

	it('history:set-retention is in force in history:info, with the path, size and rows', async () => {
		const policy = { global: { maxAgeMs: 30 * 86_400_000 }, connections: {} };
		value(await api.invoke('history:set-retention', { policy }));
		const info = value(await api.invoke('history:info', {}));
		expect(info).toMatchObject({ retention: policy, rows: 31, shed: 0 });
		expect(info.path).toMatch(/history\.sqlite$/);
		expect(info.fileBytes).toBeGreaterThan(300_000);
		expect(info.connections).toHaveLength(1);
	});

	it('history:export, history:import and a history:replay dry run run as jobs to the end', async () => {
		const started = value(
			await api.invoke('history:export', { selection: { topicFilter: 'ch/0' }, format: 'ndjson' }),
		);
		const exported = await jobEnd(started.jobId);
		expect(exported).toMatchObject({ state: 'done', done: 10, kind: 'export' });
		const text = readFileSync(
			join(served.core.options.dataDir ?? '', 'exports', started.fileName),
			'utf8',
		);
		expect(text.trim().split('\n')).toHaveLength(10);

		const imported = await jobEnd(
			value(await api.invoke('history:import', { text, label: 'from a file' })).jobId,
		);
		expect(imported).toMatchObject({ state: 'done', done: 10 });
		const info = value(await api.invoke('history:info', {}));
		expect(info.connections.map((c) => [c.kind, c.rows])).toEqual([
			['live', 31],
			['import', 10],
		]);
		expect(info.connections[1]?.name).toBe('contract-history (from a file)');

		const broken = await jobEnd(
			value(await api.invoke('history:import', { text: `${text}not json\n` })).jobId,
		);
		expect(broken.state).toBe('failed');
		expect(broken.message).toContain('Line 11 is not JSON');

		const replayed = await jobEnd(
			value(
				await api.invoke('history:replay', {
					selection: { topicFilter: 'ch/0', connectionIds: [info.connections[0]?.id ?? 0] },
					connectionId,
					speed: 'max',
					stripRetain: true,
					dryRun: true,
				}),
			).jobId,
		);
		expect(replayed).toMatchObject({
			state: 'done',
			done: 10,
			message: '10 messages would be sent.',
		});
	});
});

describe('history channels for the history UI', () => {
	it('history:series down-samples a JSON path over the topic span, or a range', async () => {
		const whole = value(
			await api.invoke('history:series', { connectionId, topic: 'ch/0', path: 'n', buckets: 1 }),
		);
		expect(whole.buckets).toHaveLength(1);
		expect(whole.buckets[0]).toMatchObject({ min: 0, max: 27, count: 10 });
		expect(whole.points).toBe(10);
		expect(whole.skipped).toBe(0);
		const fine = value(
			await api.invoke('history:series', {
				connectionId,
				topic: 'ch/0',
				path: '$.n',
				buckets: 4_000,
			}),
		);
		expect(fine.buckets.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(10);
		const empty = value(
			await api.invoke('history:series', {
				connectionId,
				topic: 'ch/0',
				path: 'n',
				sinceUs: 1,
				untilUs: 2,
				buckets: 10,
			}),
		);
		expect(empty).toMatchObject({ sinceUs: 1, untilUs: 2, buckets: [], points: 0 });
		const badPath = await api.invoke('history:series', {
			connectionId,
			topic: 'ch/0',
			path: 'n[x]',
			buckets: 10,
		});
		expect(badPath.ok ? null : badPath.error.message).toContain('must hold an index');
		const both = await api.invoke('history:series', {
			connectionId,
			historyConnectionId: 1,
			topic: 'ch/0',
			path: 'n',
			buckets: 10,
		});
		expect(both.ok ? null : both.error.code).toBe('invalid-request');
	});

	it('history:connection-of names the history connection of a live one', async () => {
		const id = value(await api.invoke('history:connection-of', { connectionId }));
		const info = value(await api.invoke('history:info', {}));
		expect(id).toBe(info.connections.find((c) => c.kind === 'live')?.id);
		const page = value(
			await api.invoke('history:page', { historyConnectionId: id ?? 0, topic: 'ch/1', limit: 1 }),
		);
		expect(page.items[0]?.topic).toBe('ch/1');
	});

	it('history:export-read reads a finished export back in pages and nothing else', async () => {
		const started = value(
			await api.invoke('history:export', { selection: { topicFilter: 'ch/1' }, format: 'csv' }),
		);
		const done = await jobEnd(started.jobId);
		expect(done.state).toBe('done');
		const onDisk = readFileSync(
			join(served.core.options.dataDir ?? '', 'exports', started.fileName),
		);
		const parts: Uint8Array[] = [];
		for (let offset = 0, pages = 0; pages < 100; pages++) {
			const page = value(
				await api.invoke('history:export-read', {
					fileName: started.fileName,
					offset,
					length: 100,
				}),
			);
			expect(page.sizeBytes).toBe(onDisk.length);
			if (page.bytes.length === 0) break;
			parts.push(page.bytes);
			offset += page.bytes.length;
		}
		expect(Buffer.concat(parts).equals(onDisk)).toBe(true);
		for (const fileName of ['../history.sqlite', 'history.sqlite', 'history-x/../../a.csv']) {
			const refused = await api.invoke('history:export-read', { fileName, offset: 0, length: 10 });
			expect(refused.ok ? null : refused.error.code).toBe('invalid-request');
		}
		const gone = await api.invoke('history:export-read', {
			fileName: 'history-2000-01-01T00-00-00.csv',
			offset: 0,
			length: 10,
		});
		expect(gone.ok ? null : gone.error.code).toBe('not-found');
	});

	it('publish:draft-from-history and payload:decode read a history row whole', async () => {
		const page = value(
			await api.invoke('history:page', {
				connectionId,
				topic: 'ch/blob',
				limit: 1,
				previewBytes: 4,
			}),
		);
		const blob = page.items[0];
		expect(blob?.truncated).toBe(true);
		const decoded = value(
			await api.invoke('payload:decode', {
				connectionId,
				topic: 'ch/blob',
				choice: { kind: 'auto' },
				historyId: blob?.id ?? 0,
			}),
		);
		expect(decoded.content.kind).toBe('hex');
		if (decoded.content.kind === 'hex') expect(decoded.content.sizeBytes).toBe(300_000);

		const json = value(await api.invoke('history:page', { connectionId, topic: 'ch/2', limit: 1 }))
			.items[0];
		const draft = value(await api.invoke('publish:draft-from-history', { id: json?.id ?? 0 }));
		expect(draft).toMatchObject({ topic: 'ch/2', qos: 1, retain: false });
		// The whole payload, as the JSON text it was.
		expect(JSON.stringify(draft.payload)).toContain('{\\"n\\":29,');
		const missing = await api.invoke('publish:draft-from-history', { id: 999_999 });
		expect(missing.ok ? null : missing.error.code).toBe('not-found');
	});
});
