import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encode as encodeCbor } from 'cbor-x';
import { DecodeService } from '../../../main/decoders/decode-service';
import { DecoderSettingsStore } from '../../../main/decoders/decoder-settings';

const PROTO =
	'syntax = "proto3";\npackage farm;\nmessage Silo { string name = 1; float fill = 2; }\n';

let dataDir: string;
beforeEach(async () => {
	dataDir = await mkdtemp(join(tmpdir(), 'topicscope-decoders-'));
});
afterEach(async () => {
	await rm(dataDir, { recursive: true, force: true });
});

describe('decoder settings in the data folder', () => {
	it('keeps bindings and .proto files across a restart', async () => {
		const store = DecoderSettingsStore.open(dataDir);
		expect(
			store.bind('farm/+/silo', { format: { kind: 'protobuf', messageType: 'farm.Silo' } }).ok,
		).toBe(true);
		expect(store.bind('farm/#', { format: { kind: 'json' }, encoding: 'gzip' }).ok).toBe(true);
		expect(store.saveProto('farm.proto', PROTO).ok).toBe(true);
		// Binding the same filter again replaces it.
		expect(store.bind('farm/#', { format: { kind: 'cbor' } }).ok).toBe(true);

		const reopened = DecoderSettingsStore.open(dataDir);
		const settings = reopened.settings();
		expect(settings.bindings).toEqual([
			{
				filter: 'farm/+/silo',
				decoder: { format: { kind: 'protobuf', messageType: 'farm.Silo' } },
			},
			{ filter: 'farm/#', decoder: { format: { kind: 'cbor' } } },
		]);
		expect(settings.messageTypes).toEqual(['farm.Silo']);
		expect(settings.protoFiles).toEqual([
			{ name: 'farm.proto', sizeBytes: PROTO.length, messageTypes: ['farm.Silo'], problems: [] },
		]);
		expect(await readFile(join(dataDir, 'proto', 'farm.proto'), 'utf8')).toBe(PROTO);

		expect(reopened.unbind('farm/#').ok).toBe(true);
		expect(reopened.removeProto('farm.proto').ok).toBe(true);
		expect(DecoderSettingsStore.open(dataDir).settings()).toMatchObject({
			bindings: [{ filter: 'farm/+/silo' }],
			protoFiles: [],
		});
	});

	it('refuses a bad filter and a .proto that does not parse, saving nothing', () => {
		const store = DecoderSettingsStore.open(dataDir);
		expect(store.bind('farm/#/x', { format: { kind: 'json' } })).toMatchObject({
			ok: false,
			error: { code: 'invalid-topic-filter', message: "'#' must be the last level" },
		});
		const saved = store.saveProto('broken.proto', 'message {');
		expect(saved.ok).toBe(false);
		if (!saved.ok) expect(saved.error.message).toMatch(/^Not saved: broken\.proto: /);
		expect(store.settings()).toMatchObject({ bindings: [], protoFiles: [] });
	});

	it('sets an unreadable settings file aside and says so', async () => {
		await writeFile(join(dataDir, 'decoders.json'), '{"version": 1, "bindings": [');
		const store = DecoderSettingsStore.open(dataDir);
		const { problem, bindings } = store.settings();
		expect(bindings).toEqual([]);
		expect(problem).toMatch(
			/^decoders\.json could not be read \(.*\); it was kept as .*decoders\.json\.unreadable-.* and the bindings start empty\.$/,
		);
		const files = await readdir(dataDir);
		expect(files.some((name) => name.startsWith('decoders.json.unreadable-'))).toBe(true);
	});
});

describe('decoding large payloads off the main thread', () => {
	it('decodes in a worker thread past the threshold, with the same result', async () => {
		const store = DecoderSettingsStore.open(dataDir);
		store.saveProto('farm.proto', PROTO);
		const service = new DecodeService(store, { workerThresholdBytes: 1024 });
		try {
			const big = encodeCbor({
				rows: Array.from({ length: 500 }, (_, i) => ({ i, name: `row ${i}` })),
			});
			expect(big.length).toBeGreaterThan(1024);
			const request = {
				topic: 'farm/a',
				payload: big,
				properties: undefined,
				choice: { kind: 'auto' },
			} as const;
			const inWorker = await service.decode(request);
			expect(service.workerDecodes).toBe(1);
			const inline = await new DecodeService(store).decode(request);
			expect(inWorker).toEqual(inline);
			expect(inWorker.stages[1]?.label).toBe('CBOR');

			// The .proto files reach the worker: a large protobuf message decodes there too.
			const Silo = store.schemas.root.lookupType('farm.Silo');
			const silo = Silo.encode(Silo.fromObject({ name: 'x'.repeat(2000), fill: 0.5 })).finish();
			const protobuf = await service.decode({
				topic: 'farm/b',
				payload: silo,
				properties: undefined,
				choice: {
					kind: 'decoder',
					decoder: { format: { kind: 'protobuf', messageType: 'farm.Silo' } },
				},
			});
			expect(service.workerDecodes).toBe(2);
			expect(protobuf.failure).toBeNull();
			expect(protobuf.stages[2]?.label).toBe('farm.Silo');
		} finally {
			await service.close();
		}
	});
});
