/** Importing profiles that are already saved, on a real SQLite file: ask, then skip, replace or keep both. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
	exportProfiles,
	importMqttx,
	importProfiles,
	saveImported,
} from '../../../main/profiles/transfer';
import type { ProfileImportResult } from '../../../shared/model/profile';
import type { Result } from '../../../shared/result';
import {
	openTempStore,
	privateKeyPem,
	profile,
	reportOf,
	unwrap,
	type TempStore,
} from './store-helpers';

const FIXTURES = join(import.meta.dirname, '../../fixtures/profiles');
const PASSWORD = 'pw-reimport-unique-4410';
const PASSPHRASE = 'export passphrase for re-import';

let temp: TempStore;
let other: TempStore;
beforeEach(async () => {
	temp = await openTempStore();
	other = await openTempStore();
});
afterEach(async () => {
	await temp.dispose();
	await other.dispose();
});

function matchesOf(result: Result<ProfileImportResult>) {
	const value = unwrap(result);
	if (value.kind !== 'matches') throw new Error('expected matches to ask about');
	return value;
}

function names(store = temp.store): string[] {
	return store.list().map((view) => view.profile.name);
}

/** Two saved profiles exported; returns the export and the saved ids. */
async function savedAndExported(passphrase?: string) {
	const key = privateKeyPem();
	const plant = unwrap(
		temp.store.create(
			profile({ name: 'Plant', folder: 'Sites', host: 'plant.example', clientId: 'plant-1' }),
			{ password: PASSWORD, clientKeyPem: key },
		),
	);
	const lab = unwrap(temp.store.create(profile({ name: 'Lab', port: 1884, clientId: '' })));
	const json = unwrap(await exportProfiles(temp.store, [plant.id, lab.id], passphrase));
	return { json, plant, lab, key };
}

describe('importing an export where it came from', () => {
	it('reports every profile as already saved, by id even after a rename, and writes nothing', async () => {
		const { json, plant, lab } = await savedAndExported();
		unwrap(temp.store.rename(plant.id, 'Plant (renamed)'));
		const before = temp.store.list();

		const asked = matchesOf(await importProfiles(temp.store, json));
		expect(asked.profileCount).toBe(2);
		expect(asked.matches.map((match) => [match.index, match.existing.id, match.reason])).toEqual([
			[0, plant.id, 'same-id'],
			[1, lab.id, 'same-id'],
		]);
		expect(asked.matches[0]?.existing.name).toBe('Plant (renamed)');
		expect(asked.matches[0]?.incoming).toEqual({
			name: 'Plant',
			folder: 'Sites',
			address: 'mqtt://plant.example:1883',
		});
		expect(temp.store.list()).toEqual(before);
	});

	it('skip leaves the saved profiles exactly as they were', async () => {
		const { json } = await savedAndExported();
		const before = temp.store.list();
		const report = reportOf(await importProfiles(temp.store, json, undefined, { action: 'skip' }));
		expect(report).toMatchObject({ imported: 0, replaced: 0, skipped: 2, profileIds: [] });
		expect(report.problems.map((problem) => problem.message)).toEqual([
			'Skipped: already saved as “Plant”, left as it was.',
			'Skipped: already saved as “Lab”, left as it was.',
		]);
		expect(temp.store.list()).toEqual(before);
	});

	it('replace restores the file on the same row and keeps secrets the file does not carry', async () => {
		const { json, plant } = await savedAndExported();
		unwrap(
			temp.store.update(
				plant.id,
				{ ...profile({ name: 'Plant', folder: 'Sites', host: 'moved.example' }), port: 9999 },
				{},
			),
		);
		const report = reportOf(
			await importProfiles(temp.store, json, undefined, {
				action: 'skip',
				byIndex: [{ index: 0, action: 'replace' }],
			}),
		);
		expect(report).toMatchObject({ imported: 0, replaced: 1, skipped: 1, profileIds: [plant.id] });
		const restored = unwrap(temp.store.getWithSecrets(plant.id));
		expect([restored.host, restored.port, restored.clientId]).toEqual([
			'plant.example',
			1883,
			'plant-1',
		]);
		expect(restored.password).toBe(PASSWORD);
		expect(unwrap(temp.store.get(plant.id)).createdAt).toBe(plant.createdAt);
		expect(names()).toEqual(['Lab', 'Plant']);
	});

	it("replace takes an encrypted export's secrets exactly: set from the file, cleared when it has none", async () => {
		const { json, plant, lab, key } = await savedAndExported(PASSPHRASE);
		unwrap(
			temp.store.update(plant.id, unwrap(temp.store.getWithSecrets(plant.id)), {
				password: 'changed-after-export',
				clientKeyPem: null,
			}),
		);
		unwrap(
			temp.store.update(lab.id, unwrap(temp.store.getWithSecrets(lab.id)), {
				password: 'added-after-export',
			}),
		);
		const report = reportOf(
			await importProfiles(temp.store, json, PASSPHRASE, { action: 'replace' }),
		);
		expect(report.replaced).toBe(2);
		const restoredPlant = unwrap(temp.store.getWithSecrets(plant.id));
		expect(restoredPlant.password).toBe(PASSWORD);
		expect(restoredPlant.tls.clientKeyPem).toBe(key);
		expect(unwrap(temp.store.get(lab.id)).secretsSet.password).toBe(false);
	});

	it('keep both adds renamed copies; a copy sharing the client id gets a fresh one', async () => {
		const { json, plant } = await savedAndExported(PASSPHRASE);
		const report = reportOf(
			await importProfiles(temp.store, json, PASSPHRASE, { action: 'keep-both' }),
		);
		expect(report).toMatchObject({ imported: 2, replaced: 0, skipped: 0 });
		expect(names()).toEqual(['Lab', 'Lab (imported)', 'Plant', 'Plant (imported)']);
		const copy = temp.store.list().find((view) => view.profile.name === 'Plant (imported)');
		expect(copy?.id).not.toBe(plant.id);
		expect(copy?.profile.clientId).toMatch(/^topicscope_[0-9a-f]{10}$/);
		expect(unwrap(temp.store.getWithSecrets(copy?.id ?? '')).password).toBe(PASSWORD);
		expect(report.problems.map((problem) => problem.message)).toEqual([
			expect.stringMatching(/^Kept both: .*“Plant \(imported\)” with a new client id/),
			"Kept both: the file's profile was added as “Lab (imported)”.",
		]);

		// A third import matches the originals again, not the copies.
		const again = matchesOf(await importProfiles(temp.store, json, PASSPHRASE));
		expect(again.matches.map((match) => match.existing.name)).toEqual(['Plant', 'Lab']);
	});
});

describe('ids travel with an export', () => {
	it('an import elsewhere keeps the ids, so a round trip back matches by id', async () => {
		const { json, plant } = await savedAndExported();
		expect(JSON.parse(json)).toMatchObject({ profileIds: [plant.id, expect.any(String)] });
		const first = reportOf(await importProfiles(other.store, json));
		expect(first.imported).toBe(2);
		expect(other.store.list().map((view) => view.id)).toContain(plant.id);

		unwrap(temp.store.remove(plant.id));
		const back = unwrap(await exportProfiles(other.store, [plant.id]));
		const report = reportOf(await importProfiles(temp.store, back));
		expect(report.profileIds).toEqual([plant.id]);
	});

	it('an old export without ids matches by name and address', async () => {
		const { json } = await savedAndExported();
		const document = JSON.parse(json) as { profileIds?: unknown };
		delete document.profileIds;
		const asked = matchesOf(await importProfiles(temp.store, JSON.stringify(document)));
		expect(asked.matches.map((match) => match.reason)).toEqual([
			'same-name-and-address',
			'same-name-and-address',
		]);
	});

	it('refuses ids that do not line up with the profiles', async () => {
		const { json } = await savedAndExported();
		const document = JSON.parse(json) as { profileIds: string[] };
		document.profileIds = document.profileIds.slice(1);
		const result = await importProfiles(other.store, JSON.stringify(document));
		expect(result.ok ? '' : result.error.message).toBe(
			'The export file is malformed: it lists 1 profile ids for 2 profiles.',
		);
		expect(other.store.list()).toEqual([]);
	});
});

describe('re-importing another tool’s file', () => {
	it('matches MQTTX profiles by folder, name and address; replace sets the password the file has', async () => {
		const exported = await readFile(join(FIXTURES, 'mqttx-export.json'), 'utf8');
		reportOf(saveImported(temp.store, unwrap(importMqttx(exported))));
		const emqx = temp.store.list().find((view) => view.profile.name === 'EMQX public (MQTT 5)');
		unwrap(
			temp.store.update(emqx?.id ?? '', unwrap(temp.store.getWithSecrets(emqx?.id ?? '')), {
				password: 'typed-later',
			}),
		);

		const asked = matchesOf(saveImported(temp.store, unwrap(importMqttx(exported))));
		expect(asked.matches.map((match) => [match.incoming.name, match.reason])).toEqual([
			['EMQX public (MQTT 5)', 'same-name-and-address'],
			['Factory TLS', 'same-name-and-address'],
			['ACME over WebSocket', 'same-name-and-address'],
		]);
		const report = reportOf(
			saveImported(temp.store, unwrap(importMqttx(exported)), { action: 'replace' }),
		);
		expect(report.replaced).toBe(3);
		expect(temp.store.list()).toHaveLength(3);
		expect(unwrap(temp.store.getWithSecrets(emqx?.id ?? '')).password).toBe('public-Pa55');
	});
});

describe('client ids shared after an import', () => {
	it('warns when an imported profile has the client id of a saved one on the same host', () => {
		unwrap(
			temp.store.create(profile({ name: 'Dashboard', host: 'broker.example', clientId: 'gw-1' })),
		);
		unwrap(
			temp.store.create(profile({ name: 'Elsewhere', host: 'other.example', clientId: 'gw-1' })),
		);
		const report = reportOf(
			saveImported(temp.store, {
				profiles: [
					{ profile: profile({ name: 'Gateway', host: 'Broker.Example', clientId: 'gw-1' }) },
					{ profile: profile({ name: 'Assigned', host: 'broker.example', clientId: '' }) },
				],
				problems: [],
			}),
		);
		expect(report.imported).toBe(2);
		expect(report.problems).toEqual([
			{
				name: 'Gateway',
				isSkipped: false,
				message:
					"Shares the client id “gw-1” with “Dashboard” on Broker.Example: connected at the same time, each would take over the other's session. Give one of them another client id.",
			},
		]);
	});
});
