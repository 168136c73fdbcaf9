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
import type { ReceiverCounters } from './receiver';
import type { Emit } from '../core/stream-view';
import { streamHandlers, type OpenStream } from './streams';

const log = createLogger('ipc');

/** Delivers one stream envelope; returns false when the receiver is gone (the stream then stops). */
export type StreamSink = (envelope: StreamEnvelope<unknown>) => boolean;

/** How a transport paces a stream: whether its receiver can take a patch now, and its counters. */
export interface StreamPacing {
	isReady(): boolean;
	held(): void;
	readonly counters: ReceiverCounters;
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
	const first = issues[0];
	const path = first?.path?.map((item) => String(item.key)).join('.') ?? '';
	return `${path ? `at ${path}: ` : ''}${first?.message ?? 'malformed'}`;
}

function invalid(channel: string, problem: string): AppError {
	return { code: 'invalid-request', message: `Invalid request on ${channel}: ${problem}.` };
}

/** Values the contract can describe: what JSON and msgpack carry, bytes included, nothing else. */
function isPlainData(value: unknown, depth: number): boolean {
	if (value === null || typeof value !== 'object') return typeof value !== 'function';
	if (depth > 64) return false;
	if (value instanceof Uint8Array) return true;
	if (Array.isArray(value)) return value.every((item) => isPlainData(item, depth + 1));
	// A msgpack timestamp decodes to a Date; a class instance is no data the contract names.
	const prototype: unknown = Object.getPrototypeOf(value);
	if (prototype !== Object.prototype && prototype !== null) return false;
	return Object.values(value).every((item) => isPlainData(item, depth + 1));
}

/**
 * Every request and stream takes a plain object of plain data; valibot's object schemas would let
 * arrays, Dates and other objects through.
 */
function isPlainObject(value: unknown): boolean {
	return (
		typeof value === 'object' && value !== null && !Array.isArray(value) && isPlainData(value, 0)
	);
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
	emit: Emit<unknown>,
) => Result<OpenStream<unknown>>;

/** A stream opened by the router for one receiver. */
export interface RoutedStream {
	close(): void;
	/** New parameters, validated like the first; answered on the stream, or refused here. */
	update(params: unknown): Result<null>;
}

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
	 * Opens a stream for one receiver. Returns its controls, or the error that prevented opening
	 * it. The sink numbers nothing: the router does, from 0. With `pacing`, the stream sits flush
	 * ticks out while its receiver is behind.
	 */
	subscribe(
		stream: unknown,
		params: unknown,
		sink: StreamSink,
		pacing?: StreamPacing,
	): Result<RoutedStream> {
		if (typeof stream !== 'string' || !isStreamChannel(stream)) {
			return {
				ok: false,
				error: { code: 'invalid-request', message: `Unknown stream ${JSON.stringify(stream)}.` },
			};
		}
		const parsed = parseParams(stream, params);
		if (!parsed.ok) return parsed;
		let seq = 0;
		let isOpen = true;
		let opened: OpenStream<unknown> | null = null;
		const close = (): void => {
			if (!isOpen) return;
			isOpen = false;
			opened?.stop();
		};
		const send = (data: unknown): void => {
			if (!isOpen) return;
			let isDelivered = false;
			try {
				isDelivered = sink({ seq: seq++, data });
			} catch (error) {
				log.warn('stream send failed', { stream, error });
			}
			if (!isDelivered) close();
		};
		const emit: Emit<unknown> =
			pacing === undefined
				? send
				: Object.assign(send, {
						isReady: () => pacing.isReady(),
						held: () => pacing.held(),
						receiver: pacing.counters,
					});
		const first = parsed.value;
		const update = (next: unknown): Result<null> => {
			const checked = parseParams(stream, next);
			if (!checked.ok) return checked;
			if (!isSameTarget(first, checked.value)) {
				return {
					ok: false,
					error: invalid(stream, 'an update must keep the stream on the same connection'),
				};
			}
			if (!isOpen || opened === null) return { ok: true, value: null };
			if (opened.update === undefined) {
				return { ok: false, error: invalid(stream, 'this stream takes no updates') };
			}
			try {
				opened.update(checked.value);
				return { ok: true, value: null };
			} catch (error) {
				log.error('stream update threw', { stream, error });
				return { ok: false, error: internal(stream) };
			}
		};
		try {
			const result = (streamHandlers[stream] as AnyStreamHandler)(first, this.core, emit);
			if (!result.ok) return result;
			opened = result.value;
			if (!isOpen) opened.stop();
			return { ok: true, value: { close, update } };
		} catch (error) {
			log.error('stream handler threw', { stream, error });
			return { ok: false, error: internal(stream) };
		}
	}
}

function parseParams(stream: keyof typeof streams, params: unknown): Result<unknown> {
	if (!isPlainObject(params)) return { ok: false, error: invalid(stream, 'expected an object') };
	const parsed = v.safeParse(streams[stream], params);
	return parsed.success
		? { ok: true, value: parsed.output }
		: { ok: false, error: invalid(stream, describeIssues(parsed.issues)) };
}

/** An update may move a view, not point it at another connection or topic. */
function isSameTarget(first: unknown, next: unknown): boolean {
	const a = first as { connectionId?: unknown; topic?: unknown };
	const b = next as { connectionId?: unknown; topic?: unknown };
	return a.connectionId === b.connectionId && a.topic === b.topic;
}
