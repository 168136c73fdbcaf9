/** The last message of the selected topic, streamed from main while it is on screen. */
import { createSubscriber } from 'svelte/reactivity';
import type { MessageView } from '../../../shared/model/message';
import { api } from '../../lib/api';

export class MessageState {
	#message = $state.raw<MessageView | null>(null);
	#listen = createSubscriber(() =>
		api.subscribe(
			'topic:message',
			{ connectionId: this.connectionId, topic: this.topic },
			({ message }) => {
				this.#message = message;
			},
		),
	);

	constructor(
		readonly connectionId: string,
		readonly topic: string,
	) {}

	get message(): MessageView | null {
		this.#listen();
		return this.#message;
	}
}
