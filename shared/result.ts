/**
 * Error codes, `AppError` and the `Result` type: the root that shared/ipc, shared/model and
 * shared/mqtt, main and the renderer all build on, so none of them depends on another for it.
 */

export type ErrorCode =
	| 'invalid-request'
	| 'unknown-channel'
	| 'not-found'
	| 'internal'
	| 'invalid-topic'
	| 'invalid-topic-filter'
	| 'invalid-options'
	| 'connect-timeout'
	| 'connection-refused'
	| 'host-unreachable'
	| 'dns-failure'
	| 'not-mqtt'
	| 'connack-refused'
	| 'tls-error'
	| 'connection-closed'
	| 'session-taken-over'
	| 'client-id-in-use'
	| 'not-connected'
	| 'subscribe-failed'
	| 'publish-failed'
	| 'request-timeout'
	| 'malformed-packet'
	| 'unauthorised';

export interface AppError {
	readonly code: ErrorCode;
	/** What happened and what to do, in words a person understands. */
	readonly message: string;
	readonly detail?: string;
	readonly reasonCode?: number;
	/** When the fix is to connect again with another protocol level, the level to offer. */
	readonly retryWithProtocolVersion?: 3 | 4 | 5;
}

export type Result<T> =
	{ readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: AppError };

export function ok<T>(value: T): Result<T> {
	return { ok: true, value };
}

export function err(
	code: ErrorCode,
	message: string,
	extra: { detail?: string; reasonCode?: number } = {},
): { readonly ok: false; readonly error: AppError } {
	return { ok: false, error: { code, message, ...extra } };
}

/** Exhaustiveness check for discriminated unions. */
export function assertNever(value: never): never {
	throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
