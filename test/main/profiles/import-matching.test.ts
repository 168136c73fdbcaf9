import { describe, expect, it } from 'vitest';
import {
	actionFor,
	findMatches,
	planImport,
	sharedClientIdNotes,
	type IncomingProfile,
} from '../../../main/profiles/import-matching';
import type { Profile, ProfileView } from '../../../shared/model/profile';
import { profile } from './store-helpers';

const ID_A = '0b7c2f0e-4d59-4d8a-9a3e-1f2a3b4c5d6e';
const ID_B = '5f1d9a22-8c3b-4e71-b0a4-9d8e7f6a5b4c';
const ID_NEW = 'c3d2e1f0-1a2b-4c3d-8e9f-0a1b2c3d4e5f';

function saved(id: string, overrides: Partial<Profile>, createdAt = 1): ProfileView {
	const { password: _password, tls, ...rest } = profile(overrides);
	return {
		id,
		profile: { ...rest, password: '', tls: { trust: tls.trust, verifyServer: tls.verifyServer } },
		secretsSet: { password: false, clientKeyPem: false, passphrase: false, pkcs12Base64: false },
		createdAt,
		updatedAt: createdAt,
	};
}

function incoming(index: number, overrides: Partial<Profile>, fileId?: string): IncomingProfile {
	return {
		index,
		profile: profile(overrides),
		secretUpdates: {},
		...(fileId === undefined ? {} : { fileId }),
	};
}

const plant = { name: 'Plant', folder: 'Sites', host: 'plant.example', port: 1883 };

describe('findMatches', () => {
	it('names the saved profile and why, strongest reason first', () => {
		const views = [
			saved(ID_A, { ...plant, name: 'Renamed since export' }),
			saved(ID_B, { ...plant, name: 'Lab', host: 'lab.example' }),
		];
		const matches = findMatches(views, [
			incoming(0, plant, ID_A),
			incoming(1, { ...plant, name: ' lab ', host: 'LAB.example' }),
			incoming(2, { ...plant, name: 'New one' }),
		]);
		expect(matches).toEqual([
			{
				index: 0,
				incoming: { name: 'Plant', folder: 'Sites', address: 'mqtt://plant.example:1883' },
				existing: {
					id: ID_A,
					name: 'Renamed since export',
					folder: 'Sites',
					address: 'mqtt://plant.example:1883',
				},
				reason: 'same-id',
			},
			expect.objectContaining({
				index: 1,
				existing: expect.objectContaining({ id: ID_B }),
				reason: 'same-name-and-address',
			}),
		]);
	});

	it('takes a name in the same folder at another address as a weaker match', () => {
		const views = [saved(ID_A, plant)];
		expect(findMatches(views, [incoming(0, { ...plant, port: 8883 })])).toEqual([
			expect.objectContaining({ reason: 'same-name' }),
		]);
		expect(findMatches(views, [incoming(0, { ...plant, folder: 'Other' })])).toEqual([]);
		expect(findMatches(views, [incoming(0, { ...plant, folder: ' Sites/ ' })])).toHaveLength(1);
	});

	it('prefers the exact address over an earlier name-only candidate, and claims each saved profile once', () => {
		const views = [saved(ID_A, { ...plant, port: 9999 }, 1), saved(ID_B, plant, 2)];
		const matches = findMatches(views, [
			incoming(0, plant),
			incoming(1, plant),
			incoming(2, plant),
		]);
		expect(matches.map((match) => [match.index, match.existing.id, match.reason])).toEqual([
			[0, ID_B, 'same-name-and-address'],
			[1, ID_A, 'same-name'],
		]);
	});
});

describe('planImport', () => {
	const generateClientId = () => 'topicscope_00000000aa';
	const options = { hasAllSecrets: false, generateClientId };

	it('applies the choice for all, and per-profile exceptions', () => {
		expect(actionFor(3, { action: 'skip', byIndex: [{ index: 3, action: 'replace' }] })).toBe(
			'replace',
		);
		expect(actionFor(4, { action: 'skip', byIndex: [{ index: 3, action: 'replace' }] })).toBe(
			'skip',
		);
	});

	it('adds unmatched profiles with their exported id when free; skips, replaces or copies matches', () => {
		const views = [
			saved(ID_A, { ...plant, clientId: 'plant-1' }),
			saved(ID_B, { ...plant, name: 'Lab', clientId: '' }),
		];
		const file = [
			incoming(0, { ...plant, clientId: 'plant-1' }),
			incoming(1, { ...plant, name: 'Lab', clientId: '', port: 1884 }),
			incoming(2, { ...plant, name: 'Fresh' }, ID_NEW),
			incoming(3, { ...plant, name: 'Taken id' }, ID_NEW),
		];
		const matches = findMatches(views, file);
		const keep = planImport(views, file, matches, { action: 'keep-both' }, options);
		expect(keep.creates.map((item) => [item.profile.name, item.profile.clientId, item.id])).toEqual(
			[
				['Plant (imported)', 'topicscope_00000000aa', undefined],
				['Lab (imported)', '', undefined],
				['Fresh', '', ID_NEW],
				['Taken id', '', undefined],
			],
		);
		expect(keep.notes.map((note) => note.message)).toEqual([
			"Kept both: the file's profile was added as “Plant (imported)” with a new client id (topicscope_00000000aa), so the two do not take over each other's session.",
			"Kept both: the file's profile was added as “Lab (imported)”.",
		]);

		const mixed = planImport(
			views,
			file,
			matches,
			{ action: 'skip', byIndex: [{ index: 1, action: 'replace' }] },
			options,
		);
		expect(mixed.skipped).toEqual([
			{
				name: 'Plant',
				message: 'Skipped: already saved as “Plant”, left as it was.',
				isSkipped: true,
			},
		]);
		expect(mixed.replaces).toEqual([
			{ id: ID_B, profile: expect.objectContaining({ port: 1884 }), secretUpdates: {} },
		]);
		expect(mixed.creates.map((item) => item.profile.name)).toEqual(['Fresh', 'Taken id']);
	});

	it('numbers copies past names already taken', () => {
		const views = [saved(ID_A, plant), saved(ID_B, { ...plant, name: 'Plant (imported)' })];
		const file = [incoming(0, plant)];
		const plan = planImport(
			views,
			file,
			findMatches(views, file),
			{ action: 'keep-both' },
			options,
		);
		expect(plan.creates[0]?.profile.name).toBe('Plant (imported 2)');
	});

	it('lets a file with every secret clear the ones it does not set; another keeps them', () => {
		const views = [saved(ID_A, plant)];
		const file = [{ ...incoming(0, plant), secretUpdates: { password: 'from-file' } }];
		const matches = findMatches(views, file);
		const exact = planImport(
			views,
			file,
			matches,
			{ action: 'replace' },
			{
				...options,
				hasAllSecrets: true,
			},
		);
		expect(exact.replaces[0]?.secretUpdates).toEqual({
			password: 'from-file',
			clientKeyPem: null,
			passphrase: null,
			pkcs12Base64: null,
		});
		const partial = planImport(views, file, matches, { action: 'replace' }, options);
		expect(partial.replaces[0]?.secretUpdates).toEqual({ password: 'from-file' });
	});
});

describe('sharedClientIdNotes', () => {
	const after = [
		{ name: 'Saved gateway', host: 'broker.example', clientId: 'gw-1' },
		{ name: 'Imported gateway', host: 'BROKER.example', clientId: 'gw-1' },
		{ name: 'Other broker', host: 'elsewhere.example', clientId: 'gw-1' },
		{ name: 'Assigned A', host: 'broker.example', clientId: '' },
		{ name: 'Assigned B', host: 'broker.example', clientId: '' },
		{ name: 'Imported twin', host: 'broker.example', clientId: 'gw-1' },
	];

	it('names each imported profile sharing a client id on the same host, each pair once', () => {
		const notes = sharedClientIdNotes(after, new Set([1, 4, 5]));
		expect(notes.map((note) => note.name)).toEqual([
			'Imported gateway',
			'Imported gateway',
			'Imported twin',
		]);
		expect(notes[0]?.message).toBe(
			"Shares the client id “gw-1” with “Saved gateway” on BROKER.example: connected at the same time, each would take over the other's session. Give one of them another client id.",
		);
		expect(notes[1]?.message).toContain('with “Imported twin”');
		expect(notes[2]?.message).toContain('with “Saved gateway”');
	});

	it('says nothing about saved profiles the import did not touch, nor empty client ids', () => {
		expect(sharedClientIdNotes(after, new Set([3]))).toEqual([]);
		expect(sharedClientIdNotes(after, new Set())).toEqual([]);
	});
});
