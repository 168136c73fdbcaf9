/**
 * The browser-mode access token: read from the address the terminal printed, kept for this tab
 * (a reload of the same tab keeps working) and never left in the address bar, screenshots or
 * bookmarks. A new tab or a bookmark has no token: the page then says how to get one.
 */

export const TOKEN_KEY = 'topicscope.token';

/** The part of `sessionStorage` this needs: per tab, kept across reloads of that tab. */
export interface TokenStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
}

/**
 * The token for this page and the address to show instead: the address's own token wins (the
 * user just opened it), else the one this tab kept; `null` when there is neither.
 */
export function takeAccessToken(
	address: URL,
	store: TokenStore,
): { readonly token: string | null; readonly cleanAddress: URL } {
	const fromAddress = address.searchParams.get('token');
	const token = fromAddress !== null && fromAddress !== '' ? fromAddress : store.getItem(TOKEN_KEY);
	if (token !== null && token !== '') store.setItem(TOKEN_KEY, token);
	const cleanAddress = new URL(address);
	cleanAddress.searchParams.delete('token');
	return { token: token === '' ? null : token, cleanAddress };
}
