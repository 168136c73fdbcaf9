import { describe, expect, it } from 'vitest';
import { TOKEN_KEY, takeAccessToken, type TokenStore } from '../../renderer/lib/access-token';

/** `sessionStorage` of one tab: a reload keeps it, a new tab starts empty. */
function tabStorage(
	initial: Record<string, string> = {},
): TokenStore & { items: Map<string, string> } {
	const items = new Map(Object.entries(initial));
	return {
		items,
		getItem: (key) => items.get(key) ?? null,
		setItem: (key, value) => void items.set(key, value),
	};
}

describe('takeAccessToken', () => {
	it('takes the token from the printed address, keeps it for the tab and clears the address', () => {
		const storage = tabStorage();
		const taken = takeAccessToken(new URL('http://127.0.0.1:7420/?token=abc123#x'), storage);
		expect(taken.token).toBe('abc123');
		expect(taken.cleanAddress.href).toBe('http://127.0.0.1:7420/#x');
		expect(storage.items.get(TOKEN_KEY)).toBe('abc123');
	});

	it('finds the token again when the same tab reloads the clean address', () => {
		const storage = tabStorage({ [TOKEN_KEY]: 'abc123' });
		expect(takeAccessToken(new URL('http://127.0.0.1:7420/'), storage).token).toBe('abc123');
	});

	it('has none in a new tab or from a bookmark, nor from an empty token', () => {
		expect(takeAccessToken(new URL('http://127.0.0.1:7420/'), tabStorage()).token).toBeNull();
		const storage = tabStorage();
		const taken = takeAccessToken(new URL('http://127.0.0.1:7420/?token='), storage);
		expect(taken.token).toBeNull();
		expect(taken.cleanAddress.href).toBe('http://127.0.0.1:7420/');
		expect(storage.items.size).toBe(0);
	});

	it('prefers a newly opened address over the token the tab kept (a restarted core)', () => {
		const storage = tabStorage({ [TOKEN_KEY]: 'old' });
		expect(takeAccessToken(new URL('http://127.0.0.1:7420/?token=new'), storage).token).toBe('new');
		expect(storage.items.get(TOKEN_KEY)).toBe('new');
	});
});
