/** What a transport (Electron preload bridge or WebSocket) must provide to `createClient`. */
import type { AppError } from '../result';

export interface StreamHandlers {
	onMessage(envelope: unknown): void;
	/** The stream ended from main's side (an error, or main shutting down). */
	onEnd(error: AppError | null): void;
	/**
	 * The transport lost main and opened the stream again once main was back: the next message
	 * is a fresh snapshot with sequence number 0.
	 */
	onReopen?(): void;
}

/** An open stream: close it, or change its parameters in place (main answers with a patch). */
export interface StreamControl {
	close(): void;
	update(params: unknown): void;
}

export interface Transport {
	/** Sends a request; resolves with main's `Result` (still unknown: the client narrows it). */
	invoke(channel: string, payload: unknown): Promise<unknown>;
	/** Opens a stream. */
	subscribe(stream: string, params: unknown, handlers: StreamHandlers): StreamControl;
}
