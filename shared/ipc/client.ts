/** The typed client over any transport: `api.invoke(channel, payload)` and `api.open(...)`. */
import type {
	ParamsOf,
	RequestChannel,
	RequestOf,
	Responses,
	StreamChannel,
	StreamEnvelope,
	StreamMessages,
} from './contract';
import type { AppError, Result } from '../result';
import type { StreamControl, Transport } from './transport';

/** An open stream of the typed client. */
export interface StreamHandle<S extends StreamChannel> {
	close(): void;
	/**
	 * New parameters for the same stream (a scrolled window, a new filter): main answers with a
	 * patch from what it last sent, not a fresh snapshot.
	 */
	update(params: ParamsOf<S>): void;
}

export interface Client {
	invoke<C extends RequestChannel>(
		channel: C,
		payload: RequestOf<C>,
	): Promise<Result<Responses[C]>>;
	/**
	 * Opens a stream. The first message is always a full snapshot; a gap in sequence numbers
	 * reopens the stream (with the latest parameters), so `onMessage` sees a fresh snapshot rather
	 * than a missing patch.
	 */
	open<S extends StreamChannel>(
		stream: S,
		params: ParamsOf<S>,
		onMessage: (message: StreamMessages[S]) => void,
		onError?: (error: AppError) => void,
	): StreamHandle<S>;
	/** `open` for streams whose parameters never change; returns the function that closes it. */
	subscribe<S extends StreamChannel>(
		stream: S,
		params: ParamsOf<S>,
		onMessage: (message: StreamMessages[S]) => void,
		onError?: (error: AppError) => void,
	): () => void;
}

function isEnvelope(value: unknown): value is StreamEnvelope<unknown> {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { seq?: unknown }).seq === 'number' &&
		'data' in value
	);
}

function isResult(value: unknown): value is Result<unknown> {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { ok?: unknown }).ok === 'boolean'
	);
}

export function createClient(transport: Transport): Client {
	const client: Client = {
		async invoke(channel, payload) {
			const answer = await transport.invoke(channel, payload);
			if (!isResult(answer)) {
				return {
					ok: false,
					error: { code: 'internal', message: `Main sent an unreadable answer to ${channel}.` },
				};
			}
			// The contract guarantees main answers this channel with Responses[C].
			return answer as never;
		},
		open(stream, params, onMessage, onError) {
			let current = params;
			let expectedSeq = 0;
			let isClosed = false;
			let control: StreamControl | null = null;
			const start = (): void => {
				expectedSeq = 0;
				control = transport.subscribe(stream, current, {
					onMessage(envelope) {
						if (isClosed || !isEnvelope(envelope)) return;
						if (envelope.seq !== expectedSeq) {
							// A lost patch would leave the mirror wrong: start again from a snapshot.
							control?.close();
							start();
							return;
						}
						expectedSeq += 1;
						onMessage(envelope.data as StreamMessages[typeof stream]);
					},
					onEnd(error) {
						if (isClosed) return;
						isClosed = true;
						if (error) onError?.(error);
					},
					onReopen() {
						expectedSeq = 0;
					},
				});
			};
			start();
			return {
				close() {
					if (isClosed) return;
					isClosed = true;
					control?.close();
				},
				update(next) {
					current = next;
					if (!isClosed) control?.update(next);
				},
			};
		},
		subscribe(stream, params, onMessage, onError) {
			const handle = client.open(stream, params, onMessage, onError);
			return () => handle.close();
		},
	};
	return client;
}
