/**
 * The transport-agnostic router: both the Electron adapter and the WebSocket server call it.
 * It finds the channel, validates the payload (a renderer is untrusted), calls the handler and
 * returns a `Result`. A handler that throws is a bug: logged with its channel, answered `internal`.
 */
import * as v from 'valibot';
import {
	isRequestChannel,
	isStreamChannel,
	requests,
	streams,
	type StreamEnvelope,
} from '../../shared/ipc/contract';
import type { AppError, Result } from '../../shared/result';
import type { Core } from '../core/core';
import { createLogger } from '../log/logger';
import { handlers } from './handlers';
import { streamHandlers } from './streams';

const log = createLogger('ipc');

/** Delivers one stream envelope; returns false when the receiver is gone (the stream then stops). */
export type StreamSink = (envelope: StreamEnvelope<unknown>) => boolean;

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
	const first = issues[0];
	const path = first?.path?.map((item) => String(item.key)).join('.') ?? '';
	return `${path ? `at ${path}: ` : ''}${first?.message ?? 'malformed'}`;
}

function invalid(channel: string, problem: string): AppError {
	return { code: 'invalid-request', message: `Invalid request on ${channel}: ${problem}.` };
}

/** Every request and stream takes a plain object; valibot's object schemas would let arrays through. */
function isPlainObject(value: unknown): boolean {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function internal(channel: string): AppError {
	return {
		code: 'internal',
		message: `Topicscope hit a bug handling ${channel}; it has been logged.`,
	};
}

// Handler tables are indexed by a validated channel name; this erases the per-channel typing once.
type AnyHandler = (payload: unknown, core: Core) => Result<unknown> | Promise<Result<unknown>>;
type AnyStreamHandler = (
	params: unknown,
	core: Core,
	emit: (data: unknown) => void,
) => Result<() => void>;

export class Router {
	constructor(readonly core: Core) {}

	async invoke(channel: unknown, payload: unknown): Promise<Result<unknown>> {
		if (typeof channel !== 'string' || !isRequestChannel(channel)) {
			return {
				ok: false,
				error: {
					code: 'invalid-request',
					message: `Unknown request channel ${JSON.stringify(channel)}.`,
				},
			};
		}
		if (!isPlainObject(payload))
			return { ok: false, error: invalid(channel, 'expected an object') };
		const parsed = v.safeParse(requests[channel], payload);
		if (!parsed.success)
			return { ok: false, error: invalid(channel, describeIssues(parsed.issues)) };
		try {
			return await (handlers[channel] as AnyHandler)(parsed.output, this.core);
		} catch (error) {
			log.error('handler threw', { channel, error });
			return { ok: false, error: internal(channel) };
		}
	}

	/**
	 * Opens a stream for one receiver. Returns the function that closes it, or the error that
	 * prevented opening it. The sink numbers nothing: the router does, from 0.
	 */
	subscribe(stream: unknown, params: unknown, sink: StreamSink): Result<() => void> {
		if (typeof stream !== 'string' || !isStreamChannel(stream)) {
			return {
				ok: false,
				error: { code: 'invalid-request', message: `Unknown stream ${JSON.stringify(stream)}.` },
			};
		}
		if (!isPlainObject(params)) return { ok: false, error: invalid(stream, 'expected an object') };
		const parsed = v.safeParse(streams[stream], params);
		if (!parsed.success)
			return { ok: false, error: invalid(stream, describeIssues(parsed.issues)) };
		let seq = 0;
		let isOpen = true;
		let stop: (() => void) | null = null;
		const close = (): void => {
			if (!isOpen) return;
			isOpen = false;
			stop?.();
		};
		const emit = (data: unknown): void => {
			if (!isOpen) return;
			let isDelivered = false;
			try {
				isDelivered = sink({ seq: seq++, data });
			} catch (error) {
				log.warn('stream send failed', { stream, error });
			}
			if (!isDelivered) close();
		};
		try {
			const opened = (streamHandlers[stream] as AnyStreamHandler)(parsed.output, this.core, emit);
			if (!opened.ok) return opened;
			stop = opened.value;
			if (!isOpen) stop();
			return { ok: true, value: close };
		} catch (error) {
			log.error('stream handler threw', { stream, error });
			return { ok: false, error: internal(stream) };
		}
	}
}
