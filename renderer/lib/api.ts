/**
 * The one door to main. In Electron the preload bridge is the transport; in browser mode a
 * WebSocket carrying the token from the page address (then kept for this tab only), whose state
 * `coreLink` follows.
 */
import { createClient } from '../../shared/ipc/client';
import type { Transport } from '../../shared/ipc/transport';
import { takeAccessToken } from './access-token';
import { CoreLink } from './core-link.svelte';
import { createWebSocketTransport } from './ws-transport';

/** The Electron shell's menu link (preload.ts): menu actions in, the actions that apply out. */
export interface DesktopBridge {
	onAction(listener: (id: string) => void): void;
	setEnabledActions(ids: readonly string[]): void;
}

declare global {
	interface Window {
		topicscopeBridge?: Transport & { readonly desktop?: DesktopBridge };
	}
}

/** The menu link in Electron; null in browser mode, where there is no app menu. */
export const desktopBridge: DesktopBridge | null = window.topicscopeBridge?.desktop ?? null;

/** ⌘ or Ctrl: which one the shortcuts mean. */
export const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export const coreLink = new CoreLink();

function browserTransport(): Transport {
	const { token, cleanAddress } = takeAccessToken(new URL(window.location.href), sessionStorage);
	history.replaceState(null, '', cleanAddress);
	const transport = createWebSocketTransport(window.location.href, token, {
		onStatus: coreLink.report,
	});
	coreLink.setRetry(() => transport.retryNow());
	return transport;
}

export const api = createClient(window.topicscopeBridge ?? browserTransport());
