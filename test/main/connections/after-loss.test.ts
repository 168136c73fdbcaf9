import { describe, expect, it } from 'vitest';
import {
	decideAfterLoss,
	QUICK_DROP_MS,
	SESSION_TAKEN_OVER,
	type LossFacts,
} from '../../../main/connections/after-loss';
import type { AppError } from '../../../shared/result';

const policy = {
	isEnabled: true,
	initialDelayMs: 100,
	maxDelayMs: 1_000,
	maxAttempts: 0,
	resubscribe: true,
};

function facts(overrides: Partial<LossFacts>): LossFacts {
	return {
		clientId: 'plant-7',
		protocolVersion: 4,
		lastError: null,
		connectedForMs: 60_000,
		quickDropsBefore: 0,
		attempt: 0,
		policy,
		...overrides,
	};
}

const takenOver: AppError = {
	code: 'connection-closed',
	message: 'The broker disconnected: session taken over (reason 142).',
	reasonCode: SESSION_TAKEN_OVER,
};
const reset: AppError = { code: 'connection-closed', message: 'reset' };

describe('decideAfterLoss', () => {
	it.each([
		['a long session closed by the broker', facts({}), 'reconnect', 0, 'connection-closed'],
		[
			'MQTT 5: the broker says the session was taken over',
			facts({ protocolVersion: 5, lastError: takenOver, connectedForMs: 600_000 }),
			'stop',
			0,
			'session-taken-over',
		],
		[
			'3.1.1: a first quick silent drop',
			facts({ connectedForMs: 200 }),
			'reconnect',
			1,
			'connection-closed',
		],
		[
			'3.1.1: the third quick silent drop in a row',
			facts({ connectedForMs: 200, quickDropsBefore: 2 }),
			'stop',
			3,
			'session-taken-over',
		],
		[
			'a quick drop with a reason is not a takeover fight',
			facts({ connectedForMs: 200, quickDropsBefore: 2, lastError: reset }),
			'reconnect',
			0,
			'connection-closed',
		],
		[
			'a drop after the quick window starts the count again',
			facts({ connectedForMs: QUICK_DROP_MS, quickDropsBefore: 2 }),
			'reconnect',
			0,
			'connection-closed',
		],
		[
			'reconnecting is off',
			facts({ policy: { ...policy, isEnabled: false } }),
			'stop',
			0,
			'connection-closed',
		],
		[
			'the attempts are used up',
			facts({ attempt: 3, policy: { ...policy, maxAttempts: 3 } }),
			'stop',
			0,
			'connection-closed',
		],
	] as const)('%s → %s', (_case, input, kind, quickDrops, code) => {
		const decision = decideAfterLoss(input);
		expect(decision.kind).toBe(kind);
		expect(decision.quickDrops).toBe(quickDrops);
		expect(decision.error.code).toBe(code);
	});

	it('names the client id and says what to do when a session is taken over', () => {
		const certain = decideAfterLoss(facts({ protocolVersion: 5, lastError: takenOver }));
		expect(certain.error.message).toBe(
			'Another client connected with the same client id (plant-7), so the broker ended this session (reason 142, session taken over). Reconnecting would take the session back and disconnect the other client in turn: close the other client, or give this profile its own client id, then reconnect.',
		);
		const likely = decideAfterLoss(facts({ connectedForMs: 10, quickDropsBefore: 2 }));
		expect(likely.error.message).toMatch(
			/^The broker closed this connection right after accepting it, 3 times in a row: another client connected with the same client id \(plant-7\)/,
		);
	});

	it('stops on an MQTT 5 DISCONNECT reason that would repeat, and says what to change', () => {
		const refused: AppError = {
			code: 'connection-closed',
			message: 'The broker disconnected: shared subscriptions not supported (reason 158).',
			reasonCode: 0x9e,
		};
		const decision = decideAfterLoss(facts({ protocolVersion: 5, lastError: refused }));
		expect(decision.kind).toBe('stop');
		expect(decision.error).toMatchObject({ code: 'connection-closed', reasonCode: 0x9e });
		expect(decision.error.message).toBe(
			'The broker disconnected: shared subscriptions not supported (reason 158). Reconnecting would meet the same refusal, so Topicscope stopped: remove or disable the shared ($share/…) subscriptions in the profile.',
		);
		const busy: AppError = { ...refused, message: 'busy', reasonCode: 0x89 };
		expect(decideAfterLoss(facts({ protocolVersion: 5, lastError: busy })).kind).toBe('reconnect');
	});
});
