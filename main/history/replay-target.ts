/**
 * Replays publish through a Connection (main/connections), like the publish panel: the broker's
 * limits are checked, QoS 1 and 2 wait for their acknowledgement, and what is sent comes back down
 * the message path as outgoing (so the app's history records a replay as messages it published).
 */
import type { MessageProperties } from '../../shared/model/message';
import type { PublishOutcome, PublishProperties, PublishRequest } from '../../shared/model/publish';
import type { ProtocolLevel } from '../../shared/mqtt/protocol';
import { ok, type Result } from '../../shared/result';
import type { ReplayTarget } from './replay';

export interface Publisher {
	readonly profile: { readonly protocolVersion: ProtocolLevel };
	publish(request: PublishRequest): Promise<Result<PublishOutcome>>;
}

/** What a stored message may carry into a new PUBLISH: not what belonged to its old session. */
export function republishedProperties(
	properties: MessageProperties | undefined,
): PublishProperties | undefined {
	if (properties === undefined) return undefined;
	const { subscriptionIdentifiers: _ids, topicAlias: _alias, ...rest } = properties;
	return Object.keys(rest).length === 0 ? undefined : rest;
}

export function connectionTarget(connection: Publisher): ReplayTarget {
	return {
		async publish(message) {
			// MQTT 3.1 and 3.1.1 have no properties: the message goes without them.
			const properties =
				connection.profile.protocolVersion === 5
					? republishedProperties(message.properties)
					: undefined;
			const sent = await connection.publish({
				topic: message.topic,
				payload: message.payload,
				qos: message.qos,
				retain: message.retain,
				...(properties === undefined ? {} : { properties }),
			});
			return sent.ok ? ok(null) : sent;
		},
	};
}
