/**
 * The preload bridge: exposes exactly `invoke` and `subscribe` (with its close and update), and
 * `desktop` (menu actions in, enabled actions out) to the sandboxed renderer as
 * `window.topicscopeBridge`. No Node or Electron object crosses into the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { AppError } from '../../../shared/result';
import { BRIDGE_CHANNELS } from './bridge-channels';

interface Handlers {
	onMessage(envelope: unknown): void;
	onEnd(error: AppError | null): void;
}

const streams = new Map<number, Handlers>();
let nextId = 1;

// Main sends a stream's next patch only once the page has taken in the previous ones (see
// main/ipc/receiver.ts); acknowledged after the next frame is drawn, the latest per stream.
const pendingAcks = new Map<number, number>();
let isAckScheduled = false;
// The page's frame clock (main's tsconfig has no DOM types; the preload runs in the page).
const nextFrame =
	(globalThis as { requestAnimationFrame?: (callback: () => void) => number })
		.requestAnimationFrame ?? ((callback: () => void) => setTimeout(callback, 16));
function acknowledge(id: number, envelope: unknown): void {
	const seq = (envelope as { seq?: unknown } | null)?.seq;
	if (typeof seq !== 'number') return;
	pendingAcks.set(id, seq);
	if (isAckScheduled) return;
	isAckScheduled = true;
	nextFrame(() =>
		setTimeout(() => {
			isAckScheduled = false;
			for (const [stream, last] of pendingAcks) {
				if (streams.has(stream)) ipcRenderer.send(BRIDGE_CHANNELS.ack, stream, last);
			}
			pendingAcks.clear();
		}, 0),
	);
}

ipcRenderer.on(BRIDGE_CHANNELS.stream, (_event, id: number, envelope: unknown) => {
	const handlers = streams.get(id);
	if (handlers === undefined) return;
	acknowledge(id, envelope);
	handlers.onMessage(envelope);
});
ipcRenderer.on(BRIDGE_CHANNELS.end, (_event, id: number, error: AppError | null) => {
	streams.get(id)?.onEnd(error);
	streams.delete(id);
});

contextBridge.exposeInMainWorld('topicscopeBridge', {
	desktop: {
		onAction(listener: (id: string) => void): void {
			ipcRenderer.on(BRIDGE_CHANNELS.action, (_event, id: unknown) => {
				if (typeof id === 'string') listener(id);
			});
		},
		setEnabledActions(ids: readonly string[]): void {
			ipcRenderer.send(BRIDGE_CHANNELS.enabledActions, [...ids]);
		},
	},
	invoke: (channel: string, payload: unknown): Promise<unknown> =>
		ipcRenderer.invoke(BRIDGE_CHANNELS.invoke, channel, payload),
	subscribe(
		stream: string,
		params: unknown,
		handlers: Handlers,
	): { close(): void; update(params: unknown): void } {
		const id = nextId++;
		streams.set(id, handlers);
		void ipcRenderer
			.invoke(BRIDGE_CHANNELS.subscribe, id, stream, params)
			.then((error: AppError | null) => {
				if (error) {
					streams.delete(id);
					handlers.onEnd(error);
				}
			});
		return {
			close() {
				streams.delete(id);
				void ipcRenderer.invoke(BRIDGE_CHANNELS.unsubscribe, id);
			},
			update(next: unknown) {
				if (streams.has(id)) void ipcRenderer.invoke(BRIDGE_CHANNELS.update, id, next);
			},
		};
	},
});
