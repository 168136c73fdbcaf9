/**
 * The last message of the selected topic, streamed from main while it is on screen.
 *
 * One object per (connection, topic), kept while that topic stays selected: a new object knows
 * nothing until main's first answer, so replacing it on an unrelated re-render would flash "no
 * message" (issue 8, defect 1). `MessageStates.of` hands back the same object for the same pair.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { MessageView } from '../../../shared/model/message';
import type { AppError } from '../../../shared/result';
import { api } from '../../lib/api';

export type MessageStatus =
	/** Main has not answered yet: show nothing rather than a guess. */
	| { readonly kind: 'loading' }
	/** The topic has no message of its own (yet): a parent level, or nothing received. */
	| { readonly kind: 'empty' }
	| { readonly kind: 'message'; readonly message: MessageView }
	| { readonly kind: 'failed'; readonly error: AppError };

export class MessageState {
	#status = $state.raw<MessageStatus>({ kind: 'loading' });
	#listen = createSubscriber(() =>
		api.subscribe(
			'topic:message',
			{ connectionId: this.connectionId, topic: this.topic },
			({ message }) => {
				// Main sends null only in its first answer; once a message is known it stays shown
				// until a newer one replaces it, even if the stream is reopened.
				if (message !== null) this.#status = { kind: 'message', message };
				else if (this.#status.kind !== 'message') this.#status = { kind: 'empty' };
			},
			(error) => {
				this.#status = { kind: 'failed', error };
			},
		),
	);

	constructor(
		readonly connectionId: string,
		readonly topic: string,
	) {}

	get status(): MessageStatus {
		this.#listen();
		return this.#status;
	}

	/** The message shown, or null while there is none. */
	get message(): MessageView | null {
		const status = this.status;
		return status.kind === 'message' ? status.message : null;
	}
}

/** Hands out one MessageState per (connection, topic): the same object while the pair is the same. */
export class MessageStates {
	#current: MessageState | null = null;

	of(connectionId: string, topic: string): MessageState {
		const current = this.#current;
		if (current !== null && current.connectionId === connectionId && current.topic === topic) {
			return current;
		}
		this.#current = new MessageState(connectionId, topic);
		return this.#current;
	}
}
