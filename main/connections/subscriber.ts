/**
 * The subscriptions of one connection, live: the wanted set (editable while connected), what the
 * broker holds, its answer per filter, MQTT 5 Subscription Identifiers, and a message count each.
 *
 * The wanted set is diffed against what the broker holds and only the difference is sent
 * (subscription-plan.ts decides). On MQTT 5, when the broker allows, each subscription gets its
 * own identifier (one SUBSCRIBE each, since an identifier belongs to the whole packet), so every
 * message says which subscriptions it matched; otherwise matching is done here, by filter.
 */
import type { MqttClient } from 'mqtt';
import type { AppError, Result } from '../../shared/result';
import { err, ok } from '../../shared/result';
import type { Capabilities } from '../../shared/model/frames';
import type { MqttMessage } from '../../shared/model/message';
import {
	isSubscriptionEnabled,
	type SubscriptionOutcome,
	type SubscriptionSpec,
	type SubscriptionStatus,
} from '../../shared/model/subscription';
import type { ProtocolLevel, QoS } from '../../shared/mqtt/protocol';
import { matchTopic } from '../../shared/mqtt/topic';
import {
	checkSubscriptions,
	describeRefusal,
	isRefusal,
	planSubscriptions,
	unsupportedBy,
} from './subscription-plan';

/** The largest Subscription Identifier (a variable byte integer) [MQTT 5 3.8.2.1.2]. */
const MAX_IDENTIFIER = 268_435_455;

function wireOptions(spec: SubscriptionSpec, level: ProtocolLevel) {
	return level === 5
		? {
				qos: spec.qos,
				nl: spec.noLocal ?? false,
				rap: spec.retainAsPublished ?? false,
				rh: spec.retainHandling ?? 0,
			}
		: { qos: spec.qos };
}

/** The SUBACK's answer for one filter. */
function outcomeOf(
	spec: SubscriptionSpec,
	code: unknown,
	level: ProtocolLevel,
): SubscriptionOutcome {
	if (typeof code === 'number' && isRefusal(code)) {
		return {
			kind: 'refused',
			reasonCode: code,
			message: describeRefusal(spec.filter, code, level),
		};
	}
	const granted = (typeof code === 'number' && code <= 2 ? code : spec.qos) as QoS;
	return { kind: 'granted', qos: granted, requestedQos: spec.qos };
}

export class Subscriber {
	#wanted: SubscriptionSpec[];
	/** What the broker holds now (granted), by filter. */
	readonly #active = new Map<string, SubscriptionSpec>();
	readonly #outcomes = new Map<string, SubscriptionOutcome>();
	readonly #identifiers = new Map<string, number>();
	readonly #byIdentifier = new Map<number, string>();
	readonly #counts = new Map<string, number>();
	#nextIdentifier = 1;
	/** Whether the broker sends identifiers back (MQTT 5 and not refused by CONNACK). */
	#usesIdentifiers = false;
	/** Bumped at every change a view would show (counts included). */
	version = 0;

	constructor(
		readonly level: ProtocolLevel,
		wanted: readonly SubscriptionSpec[],
	) {
		this.#wanted = [...wanted];
		for (const spec of wanted) this.#outcomes.set(spec.filter, this.#idleOutcome(spec));
	}

	get wanted(): readonly SubscriptionSpec[] {
		return this.#wanted;
	}

	statuses(): SubscriptionStatus[] {
		return this.#wanted.map((spec) => ({
			spec,
			identifier: this.#usesIdentifiers ? this.#identifiers.get(spec.filter) : undefined,
			outcome: this.#outcomes.get(spec.filter) ?? this.#idleOutcome(spec),
			messageCount: this.#counts.get(spec.filter) ?? 0,
		}));
	}

	/** Replaces the wanted set; refused whole (nothing changes) when one filter is invalid. */
	setWanted(wanted: readonly SubscriptionSpec[]): AppError | null {
		const problem = checkSubscriptions(wanted, this.level);
		if (problem) return problem;
		this.#wanted = [...wanted];
		for (const spec of wanted) {
			if (!isSubscriptionEnabled(spec)) this.#outcomes.set(spec.filter, { kind: 'disabled' });
			else if (!this.#active.has(spec.filter)) this.#outcomes.set(spec.filter, { kind: 'pending' });
		}
		this.version += 1;
		return null;
	}

	/** The session is gone (socket lost, or a new session without state): the broker holds none. */
	sessionLost(): void {
		this.#active.clear();
		for (const spec of this.#wanted) this.#outcomes.set(spec.filter, this.#idleOutcome(spec));
		this.version += 1;
	}

	/**
	 * Sends what the wanted set needs on `client`: UNSUBSCRIBE for what is no longer wanted,
	 * SUBSCRIBE for what is new or changed. Resolves once the broker answered every packet, with
	 * the first refusal (or unsupported filter) as the error, if any.
	 */
	async sync(client: MqttClient, capabilities: Capabilities): Promise<Result<null>> {
		this.#usesIdentifiers = this.level === 5 && capabilities.subscriptionIdentifiersAvailable.value;
		const plan = planSubscriptions(this.#active, this.#wanted);
		const sends: Promise<AppError | null>[] = [];
		if (plan.unsubscribe.length > 0) sends.push(this.#unsubscribe(client, plan.unsubscribe));
		const sendable: SubscriptionSpec[] = [];
		for (const spec of plan.subscribe) {
			const reason = unsupportedBy(spec, capabilities);
			if (reason === null) {
				sendable.push(spec);
				this.#outcomes.set(spec.filter, { kind: 'pending' });
			} else {
				this.#outcomes.set(spec.filter, { kind: 'unsupported', message: reason });
				sends.push(Promise.resolve({ code: 'subscribe-failed', message: reason }));
			}
		}
		if (this.#usesIdentifiers) {
			for (const spec of sendable) sends.push(this.#subscribe(client, [spec]));
		} else if (sendable.length > 0) {
			sends.push(this.#subscribe(client, sendable));
		}
		this.version += 1;
		const problems = await Promise.all(sends);
		const first = problems.find((problem) => problem !== null);
		return first
			? err(
					first.code,
					first.message,
					first.reasonCode === undefined ? {} : { reasonCode: first.reasonCode },
				)
			: ok(null);
	}

	/** Counts a received message against the subscriptions it matched. */
	count(message: MqttMessage): void {
		if (message.direction !== 'in') return;
		const identifiers = message.properties?.subscriptionIdentifiers;
		if (this.#usesIdentifiers && identifiers !== undefined) {
			for (const identifier of identifiers) {
				const filter = this.#byIdentifier.get(identifier);
				if (filter !== undefined) this.#counts.set(filter, (this.#counts.get(filter) ?? 0) + 1);
			}
		} else {
			for (const filter of this.#active.keys()) {
				if (matchTopic(filter, message.topic)) {
					this.#counts.set(filter, (this.#counts.get(filter) ?? 0) + 1);
				}
			}
		}
		this.version += 1;
	}

	#idleOutcome(spec: SubscriptionSpec): SubscriptionOutcome {
		return isSubscriptionEnabled(spec) ? { kind: 'pending' } : { kind: 'disabled' };
	}

	#identifierFor(filter: string): number {
		let identifier = this.#identifiers.get(filter);
		if (identifier === undefined) {
			identifier = this.#nextIdentifier;
			this.#nextIdentifier = identifier >= MAX_IDENTIFIER ? 1 : identifier + 1;
			this.#identifiers.set(filter, identifier);
			this.#byIdentifier.set(identifier, filter);
		}
		return identifier;
	}

	#subscribe(client: MqttClient, specs: readonly SubscriptionSpec[]): Promise<AppError | null> {
		const map = Object.fromEntries(
			specs.map((spec) => [spec.filter, wireOptions(spec, this.level)]),
		);
		const first = specs[0];
		const options =
			this.#usesIdentifiers && first !== undefined
				? { properties: { subscriptionIdentifier: this.#identifierFor(first.filter) } }
				: {};
		return new Promise((resolve) => {
			client.subscribe(map, options, (error, _granted, suback) => {
				// A refusing SUBACK reaches us as an error; its codes are in the packet.
				const codes: readonly unknown[] = suback?.granted ?? [];
				let problem: AppError | null = null;
				specs.forEach((spec, index) => {
					const code = codes[index];
					if (code === undefined && error) {
						this.#outcomes.set(spec.filter, {
							kind: 'refused',
							reasonCode: 0x80,
							message: `Subscribing to ${spec.filter} failed: ${error.message}`,
						});
						problem ??= {
							code: 'subscribe-failed',
							message: `Subscribing failed: ${error.message}`,
						};
						return;
					}
					const outcome = outcomeOf(spec, code, this.level);
					this.#outcomes.set(spec.filter, outcome);
					if (outcome.kind === 'granted') this.#active.set(spec.filter, spec);
					else {
						this.#active.delete(spec.filter);
						if (outcome.kind === 'refused') {
							problem ??= {
								code: 'subscribe-failed',
								message: outcome.message,
								reasonCode: outcome.reasonCode,
							};
						}
					}
				});
				this.version += 1;
				resolve(problem);
			});
		});
	}

	#unsubscribe(client: MqttClient, filters: readonly string[]): Promise<AppError | null> {
		for (const filter of filters) this.#active.delete(filter);
		return new Promise((resolve) => {
			client.unsubscribe([...filters], (error) => {
				for (const filter of filters) {
					const spec = this.#wanted.find((s) => s.filter === filter);
					if (spec === undefined) this.#outcomes.delete(filter);
				}
				this.version += 1;
				resolve(
					error
						? { code: 'subscribe-failed', message: `Unsubscribing failed: ${error.message}` }
						: null,
				);
			});
		});
	}
}
