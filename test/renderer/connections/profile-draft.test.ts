import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE, type Profile } from '../../../shared/model/profile';
import { clientIdForCopy, draftKey } from '../../../renderer/features/connections/profile-draft';

function profile(overrides: Partial<Profile> = {}): Profile {
	return structuredClone({ ...DEFAULT_PROFILE, name: 'Plant', clientId: 'plant-1', ...overrides });
}

describe('draftKey', () => {
	it('is equal for the same profile whatever the key order', () => {
		const a = profile({ tls: { trust: 'system', verifyServer: true } });
		const b = { ...profile(), tls: { verifyServer: true, trust: 'system' as const } };
		expect(draftKey(a)).toBe(draftKey(b));
	});

	it('treats fields put back to empty as untouched', () => {
		const stored = profile();
		const touched = profile({
			properties: { sessionExpiryIntervalSeconds: undefined, userProperties: [] },
			tls: { trust: 'system', verifyServer: true, serverName: '', alpnProtocols: undefined },
			will: undefined,
		});
		const withNull = { ...profile(), properties: { receiveMaximum: null } } as unknown as Profile;
		expect(draftKey(touched)).toBe(draftKey(stored));
		expect(draftKey(withNull)).toBe(draftKey(stored));
	});

	it('changes with any edit a save would store', () => {
		const stored = draftKey(profile());
		const edits: Partial<Profile>[] = [
			{ port: 1884 },
			{ name: 'Plant 2' },
			{ password: 'typed' },
			{ subscriptions: [{ filter: '#', qos: 1, retainAsPublished: true }] },
			{ subscriptions: [] },
			{ tls: { trust: 'custom', verifyServer: true } },
			{ properties: { receiveMaximum: 10 } },
		];
		for (const edit of edits)
			expect(draftKey(profile(edit)), JSON.stringify(edit)).not.toBe(stored);
	});

	it('counts a secret the user asked to forget as an edit', () => {
		expect(draftKey(profile(), { password: true })).not.toBe(draftKey(profile()));
		expect(draftKey(profile(), { password: false })).toBe(draftKey(profile()));
	});
});

describe('clientIdForCopy', () => {
	const generate = () => 'topicscope_0123456789';

	it("gives a copy a fresh id while it still has the original's", () => {
		expect(clientIdForCopy('plant-1', 'plant-1', generate)).toBe('topicscope_0123456789');
	});

	it('keeps an id the user changed, and keeps an empty id empty', () => {
		expect(clientIdForCopy('plant-2', 'plant-1', generate)).toBe('plant-2');
		expect(clientIdForCopy('', '', generate)).toBe('');
	});
});
