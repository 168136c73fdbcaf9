/**
 * Serves the router over Electron IPC. Only frames showing our own renderer file may call it;
 * streams stop when their window goes away or a send fails.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { AppError } from '../../shared/result';
import { Receiver } from '../ipc/receiver';
import type { RoutedStream, Router } from '../ipc/router';
import { createLogger } from '../log/logger';
import { BRIDGE_CHANNELS } from './preload/bridge-channels';

const log = createLogger('electron-ipc');

export function attachIpc(router: Router, rendererUrl: string): () => void {
	const streamsBySender = new Map<WebContents, Map<number, RoutedStream>>();
	const receivers = new Map<WebContents, Receiver>();
	const isOurs = (event: IpcMainInvokeEvent): boolean =>
		event.senderFrame?.url.split(/[?#]/)[0] === rendererUrl;
	const refused: AppError = {
		code: 'unauthorised',
		message: 'This window may not talk to Topicscope.',
	};

	ipcMain.handle(BRIDGE_CHANNELS.invoke, (event, channel: unknown, payload: unknown) => {
		if (!isOurs(event)) return { ok: false, error: refused };
		return router.invoke(channel, payload);
	});

	ipcMain.handle(
		BRIDGE_CHANNELS.subscribe,
		(event, id: unknown, stream: unknown, params: unknown) => {
			if (!isOurs(event)) return refused;
			if (typeof id !== 'number')
				return { code: 'invalid-request', message: 'Stream id must be a number.' };
			const sender = event.sender;
			let streams = streamsBySender.get(sender);
			if (!streams) {
				const created = new Map<number, RoutedStream>();
				streams = created;
				streamsBySender.set(sender, created);
				sender.once('destroyed', () => {
					for (const stream of created.values()) stream.close();
					streamsBySender.delete(sender);
					receivers.delete(sender);
				});
			}
			let receiver = receivers.get(sender);
			if (receiver === undefined) {
				receiver = new Receiver();
				receivers.set(sender, receiver);
			}
			const paced = receiver;
			streams.get(id)?.close();
			paced.opened(id);
			const opened = router.subscribe(
				stream,
				params,
				(envelope) => {
					if (sender.isDestroyed()) return false;
					sender.send(BRIDGE_CHANNELS.stream, id, envelope);
					// Structured clone has no byte count at hand: messages are counted, not bytes.
					paced.sent(id, envelope.seq, 0);
					return true;
				},
				{ isReady: () => paced.isReady(id), held: () => paced.held(), counters: paced.counters },
			);
			if (!opened.ok) return opened.error;
			streams.set(id, opened.value);
			return null;
		},
	);

	ipcMain.on(BRIDGE_CHANNELS.ack, (event, id: unknown, seq: unknown) => {
		if (typeof id === 'number' && typeof seq === 'number')
			receivers.get(event.sender)?.acked(id, seq);
	});

	ipcMain.handle(BRIDGE_CHANNELS.unsubscribe, (event, id: unknown) => {
		const streams = streamsBySender.get(event.sender);
		if (typeof id !== 'number' || !streams) return null;
		streams.get(id)?.close();
		streams.delete(id);
		return null;
	});

	ipcMain.handle(BRIDGE_CHANNELS.update, (event, id: unknown, params: unknown) => {
		const streams = streamsBySender.get(event.sender);
		const stream = typeof id === 'number' ? streams?.get(id) : undefined;
		if (!isOurs(event) || typeof id !== 'number' || !streams || !stream) return null;
		const updated = stream.update(params);
		if (!updated.ok) {
			stream.close();
			streams.delete(id);
			if (!event.sender.isDestroyed()) event.sender.send(BRIDGE_CHANNELS.end, id, updated.error);
		}
		return null;
	});

	return () => {
		for (const channel of [
			BRIDGE_CHANNELS.invoke,
			BRIDGE_CHANNELS.subscribe,
			BRIDGE_CHANNELS.unsubscribe,
			BRIDGE_CHANNELS.update,
		]) {
			ipcMain.removeHandler(channel);
		}
		ipcMain.removeAllListeners(BRIDGE_CHANNELS.ack);
		for (const streams of streamsBySender.values()) {
			for (const stream of streams.values()) stream.close();
		}
		streamsBySender.clear();
		log.info('ipc detached');
	};
}
