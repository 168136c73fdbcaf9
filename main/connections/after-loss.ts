/**
 * What to do when a live connection is lost: reconnect after a delay, or stop and say why.
 *
 * Pure: the Connection gathers the facts, this decides. Reconnecting into a refusal that will
 * repeat only fights it: a session taken over by another client with our client id is the case
 * users meet (two tools, or two tabs of one profile, each taking the session back in turn).
 */
import type { AppError } from '../../shared/result';
import type { ProtocolLevel } from '../../shared/mqtt/protocol';
import type { ReconnectPolicy } from '../../shared/model/profile';

/** MQTT 5 DISCONNECT reason 0x8E: another connection with the same client id took the session. */
export const SESSION_TAKEN_OVER = 0x8e;
/** A connection dropped within this long after its CONNACK counts as dropped at once. */
export const QUICK_DROP_MS = 5_000;
/** This many quick drops in a row without a reason (MQTT 3.1.1) reads as a takeover fight. */
export const QUICK_DROPS_TO_STOP = 3;

/**
 * MQTT 5 DISCONNECT reasons that would come back on every reconnect, with what to change. The
 * broker closed the session because of what this client is or asks, not because of a passing
 * condition (busy, shutting down, keep alive…), which reconnecting does cure.
 */
const REPEATING_REASONS: ReadonlyMap<number, string> = new Map([
	[0x81, 'the broker could not read a packet of ours'],
	[0x82, 'the broker saw a protocol error in what we sent'],
	[0x87, "check this user's rights on the broker"],
	[0x8a, 'this client is banned by the broker'],
	[0x8c, 'check the authentication method in the profile'],
	[0x8f, 'remove or fix the subscription the broker refuses'],
	[0x90, 'a topic name we used is refused by the broker'],
	[0x95, "a packet exceeded the broker's maximum packet size"],
	[0x99, 'a payload did not match its payload format indicator'],
	[0x9a, 'the broker does not keep retained messages'],
	[0x9b, 'the broker does not support a QoS we used'],
	[0x9c, 'the broker asks to use another server'],
	[0x9d, 'the broker has moved to another server'],
	[0x9e, 'remove or disable the shared ($share/…) subscriptions in the profile'],
	[0xa1, 'the broker does not support subscription identifiers'],
	[0xa2, 'remove or disable the wildcard subscriptions in the profile'],
]);

export interface LossFacts {
	readonly clientId: string;
	readonly protocolVersion: ProtocolLevel;
	/** What the broker or the socket said, if anything (a DISCONNECT reason, a reset). */
	readonly lastError: AppError | null;
	/** How long the session lasted, CONNACK to loss. */
	readonly connectedForMs: number;
	/** Quick drops in a row before this one. */
	readonly quickDropsBefore: number;
	/** Reconnect attempts made since the last successful CONNACK. */
	readonly attempt: number;
	readonly policy: ReconnectPolicy;
}

export type LossDecision =
	| { readonly kind: 'reconnect'; readonly error: AppError; readonly quickDrops: number }
	| { readonly kind: 'stop'; readonly error: AppError; readonly quickDrops: number };

/** The words for a session another client took over (from its reason code, or by its pattern). */
export function takeoverError(clientId: string, isCertain: boolean): AppError {
	const who = clientId === '' ? 'the same client id' : `the same client id (${clientId})`;
	const fix =
		'Reconnecting would take the session back and disconnect the other client in turn: close the other client, or give this profile its own client id, then reconnect.';
	return isCertain
		? {
				code: 'session-taken-over',
				message: `Another client connected with ${who}, so the broker ended this session (reason 142, session taken over). ${fix}`,
				reasonCode: SESSION_TAKEN_OVER,
			}
		: {
				code: 'session-taken-over',
				message: `The broker closed this connection right after accepting it, ${QUICK_DROPS_TO_STOP} times in a row: another client connected with ${who} is probably taking the session over each time. ${fix}`,
			};
}

export function decideAfterLoss(facts: LossFacts): LossDecision {
	const lastError = facts.lastError;
	const isQuick = facts.connectedForMs < QUICK_DROP_MS;
	// A reason given by the broker (or a reset) is not the silent close of a takeover fight.
	const isSilentClose = lastError === null;
	const quickDrops = isQuick && isSilentClose ? facts.quickDropsBefore + 1 : 0;
	if (lastError?.reasonCode === SESSION_TAKEN_OVER && facts.protocolVersion === 5) {
		return { kind: 'stop', error: takeoverError(facts.clientId, true), quickDrops };
	}
	const repeatingHint =
		facts.protocolVersion === 5 && lastError?.reasonCode !== undefined
			? REPEATING_REASONS.get(lastError.reasonCode)
			: undefined;
	if (lastError !== null && repeatingHint !== undefined) {
		return {
			kind: 'stop',
			error: {
				...lastError,
				message: `${lastError.message} Reconnecting would meet the same refusal, so Topicscope stopped: ${repeatingHint}.`,
			},
			quickDrops,
		};
	}
	if (quickDrops >= QUICK_DROPS_TO_STOP) {
		return { kind: 'stop', error: takeoverError(facts.clientId, false), quickDrops };
	}
	const error = lastError ?? {
		code: 'connection-closed',
		message: 'The broker closed the connection.',
	};
	const { policy } = facts;
	if (!policy.isEnabled || (policy.maxAttempts > 0 && facts.attempt >= policy.maxAttempts)) {
		return { kind: 'stop', error, quickDrops };
	}
	return { kind: 'reconnect', error, quickDrops };
}
