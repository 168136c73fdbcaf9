/**
 * Subscriptions held for one exchange, outside the wanted set (request/response waits on its
 * response topic): counted by users, so two exchanges on one topic share one SUBSCRIBE, and the
 * UNSUBSCRIBE goes when the last lets go. Not saved, not restored after a reconnect.
 */
import type { MqttClient } from 'mqtt';
import type { SubscriptionOutcome, SubscriptionSpec } from '../../shared/model/subscription';
import type { ProtocolLevel, QoS } from '../../shared/mqtt/protocol';
import { describeRefusal, isRefusal } from './subscription-plan';

export class TransientSubscriptions {
	readonly #held = new Map<string, { users: number; outcome: Promise<SubscriptionOutcome> }>();

	/** Subscribes (or joins a subscription already held); resolves with the broker's answer. */
	acquire(
		client: MqttClient,
		spec: SubscriptionSpec,
		level: ProtocolLevel,
	): Promise<SubscriptionOutcome> {
		const held = this.#held.get(spec.filter);
		if (held !== undefined) {
			held.users += 1;
			return held.outcome;
		}
		const options =
			level === 5
				? {
						qos: spec.qos,
						nl: spec.noLocal ?? false,
						rap: spec.retainAsPublished ?? false,
						rh: spec.retainHandling ?? 0,
					}
				: { qos: spec.qos };
		const outcome = new Promise<SubscriptionOutcome>((resolve) => {
			client.subscribe({ [spec.filter]: options }, (error, _granted, suback) => {
				const code: unknown = suback?.granted[0];
				if (typeof code === 'number' && isRefusal(code)) {
					resolve({
						kind: 'refused',
						reasonCode: code,
						message: describeRefusal(spec.filter, code, level),
					});
				} else if (code === undefined && error) {
					resolve({
						kind: 'refused',
						reasonCode: 0x80,
						message: `Subscribing to ${spec.filter} failed: ${error.message}`,
					});
				} else {
					const qos = (typeof code === 'number' && code <= 2 ? code : spec.qos) as QoS;
					resolve({ kind: 'granted', qos, requestedQos: spec.qos });
				}
			});
		});
		this.#held.set(spec.filter, { users: 1, outcome });
		return outcome;
	}

	/**
	 * Lets go of a subscription; the last user unsubscribes, unless `isWanted` says the wanted set
	 * holds the same filter now (then the broker must keep it).
	 */
	async release(client: MqttClient | null, filter: string, isWanted: boolean): Promise<void> {
		const held = this.#held.get(filter);
		if (held === undefined) return;
		held.users -= 1;
		if (held.users > 0) return;
		this.#held.delete(filter);
		const outcome = await held.outcome;
		if (client === null || client.disconnected || isWanted || outcome.kind !== 'granted') return;
		await new Promise<void>((resolve) => client.unsubscribe(filter, () => resolve()));
	}
}
