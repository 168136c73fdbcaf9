/**
 * A connection's subscriptions as the subscriptions panel sees them: sent again whenever the
 * connection's subscriptions version moves (an edit, a SUBACK, a message counted), at most once
 * per flush.
 */
import type { SubscriptionsView } from '../../shared/model/subscription';
import type { StreamView } from '../core/stream-view';
import type { Connection } from './connection';

export class SubscriptionsStreamView implements StreamView<SubscriptionsView, never> {
	#sentVersion = -1;

	constructor(readonly connection: Connection) {}

	snapshot(): SubscriptionsView {
		this.#sentVersion = this.connection.subscriptionsVersion;
		return {
			protocolVersion: this.connection.profile.protocolVersion,
			statuses: this.connection.subscriptions(),
			profileId: this.connection.extras.profileId ?? null,
		};
	}

	poll(): SubscriptionsView | null {
		return this.connection.subscriptionsVersion === this.#sentVersion ? null : this.snapshot();
	}
}
