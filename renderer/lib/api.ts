/**
 * The one door to main. In Electron the preload bridge is the transport; in browser mode a
 * WebSocket carrying the token from the page URL (then kept for this tab only).
 */
import { createClient } from '../../shared/ipc/client';
import type { Transport } from '../../shared/ipc/transport';
import { createWebSocketTransport } from './ws-transport';

declare global {
	interface Window {
		topicscopeBridge?: Transport;
	}
}

const TOKEN_KEY = 'topicscope.token';

function browserTransport(): Transport {
	const url = new URL(window.location.href);
	const token = url.searchParams.get('token') ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
	sessionStorage.setItem(TOKEN_KEY, token);
	// Keep the token out of the address bar, screenshots and bookmarks.
	url.searchParams.delete('token');
	history.replaceState(null, '', url);
	return createWebSocketTransport(window.location.href, token);
}

export const api = createClient(window.topicscopeBridge ?? browserTransport());
