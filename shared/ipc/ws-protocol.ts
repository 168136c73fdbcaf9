/**
 * Frames of the browser-mode WebSocket transport (msgpack-encoded, so payload bytes travel as
 * binary, never base64). Both ends validate what they receive.
 */
import * as v from 'valibot';
import type { AppError } from '../result';

const Id = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

export const ClientFrameSchema = v.variant('t', [
	v.strictObject({ t: v.literal('invoke'), id: Id, channel: v.string(), payload: v.unknown() }),
	v.strictObject({ t: v.literal('subscribe'), id: Id, stream: v.string(), params: v.unknown() }),
	v.strictObject({ t: v.literal('unsubscribe'), id: Id }),
	v.strictObject({ t: v.literal('update'), id: Id, params: v.unknown() }),
	/** The page took in stream `id` up to message `seq` (main paces the stream by it). */
	v.strictObject({ t: v.literal('ack'), id: Id, seq: Id }),
]);

export type ClientFrame = v.InferOutput<typeof ClientFrameSchema>;

export type ServerFrame =
	/**
	 * The first frame on a socket the core serves: the token was accepted. A socket refused for its
	 * token opens too (so the page can read the close code) but never gets this.
	 */
	| { readonly t: 'ready' }
	| { readonly t: 'result'; readonly id: number; readonly result: unknown }
	| { readonly t: 'stream'; readonly id: number; readonly envelope: unknown }
	| { readonly t: 'end'; readonly id: number; readonly error: AppError | null }
	/** A frame the server could not read at all (so it has no id to answer). */
	| { readonly t: 'error'; readonly error: AppError };

/** The WebSocket path; the token rides in the query string. */
export const WS_PATH = '/ipc';

/**
 * Close codes the server gives a socket it will not serve, so the page can tell the user why
 * (a browser sees only 1006 when an upgrade is refused with an HTTP status). 4000–4999 are the
 * range RFC 6455 leaves to applications; 1001 is the standard "going away".
 */
export const WS_CLOSE = {
	/** The address had no token: a second tab, a bookmark. */
	tokenMissing: 4401,
	/** A token, but not this core's: most often the core was restarted since the address was printed. */
	tokenWrong: 4403,
	/** The core is shutting down (Ctrl+C in its terminal). */
	coreStopping: 1001,
} as const;
