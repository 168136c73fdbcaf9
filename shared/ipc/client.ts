/** The typed client over any transport: `api.invoke(channel, payload)` and `api.subscribe(...)`. */
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
import type { Transport } from './transport';

export interface Client {
	invoke<C extends RequestChannel>(
		channel: C,
		payload: RequestOf<C>,
	): Promise<Result<Responses[C]>>;
	/**
	 * Opens a stream. The first message is always a full snapshot; a gap in sequence numbers
	 * reopens the stream, so `onMessage` sees a fresh snapshot rather than a missing patch.
	 */
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
	return {
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
		subscribe(stream, params, onMessage, onError) {
			let expectedSeq = 0;
			let isClosed = false;
			let close = (): void => {};
			const open = (): void => {
				expectedSeq = 0;
				close = transport.subscribe(stream, params, {
					onMessage(envelope) {
						if (isClosed || !isEnvelope(envelope)) return;
						if (envelope.seq !== expectedSeq) {
							// A lost patch would leave the mirror wrong: start again from a snapshot.
							close();
							open();
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
				});
			};
			open();
			return () => {
				if (isClosed) return;
				isClosed = true;
				close();
			};
		},
	};
}
