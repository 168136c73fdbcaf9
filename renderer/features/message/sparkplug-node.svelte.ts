/**
 * One Sparkplug edge node's state from main (session, seq, bdSeq, metrics table), streamed while
 * it is on screen, and the Rebirth command.
 */
import { createSubscriber } from 'svelte/reactivity';
import type { SparkplugNodeView } from '../../../shared/model/sparkplug';
import { ok, type AppError, type Result } from '../../../shared/result';
import { api } from '../../lib/api';

export type SparkplugNodeStatus =
	| { readonly kind: 'loading' }
	| { readonly kind: 'node'; readonly node: SparkplugNodeView | null }
	| { readonly kind: 'failed'; readonly error: AppError };

export class SparkplugNodeState {
	#status = $state.raw<SparkplugNodeStatus>({ kind: 'loading' });
	#listen = createSubscriber(() =>
		api.subscribe(
			'sparkplug:node',
			{ connectionId: this.connectionId, groupId: this.groupId, edgeNodeId: this.edgeNodeId },
			({ node }) => {
				this.#status = { kind: 'node', node };
			},
			(error) => {
				this.#status = { kind: 'failed', error };
			},
		),
	);

	constructor(
		readonly connectionId: string,
		readonly groupId: string,
		readonly edgeNodeId: string,
	) {}

	get status(): SparkplugNodeStatus {
		this.#listen();
		return this.#status;
	}

	/** Asks the edge node for a new BIRTH; answers the sentence to show. */
	async rebirth(): Promise<Result<string>> {
		const sent = await api.invoke('sparkplug:rebirth', {
			connectionId: this.connectionId,
			groupId: this.groupId,
			edgeNodeId: this.edgeNodeId,
		});
		return sent.ok ? ok(`Sent Rebirth (Node Control/Rebirth) on ${sent.value.topic}.`) : sent;
	}
}
