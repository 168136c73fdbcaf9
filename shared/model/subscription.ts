/** Live subscriptions of a connection: what was asked, what the broker answered, what arrives. */
import type { QoS } from '../mqtt/protocol';
import type { SubscriptionSpec } from './profile';

export type { SubscriptionSpec };

export type SubscriptionOutcome =
	/** Kept in the profile, not sent. */
	| { readonly kind: 'disabled' }
	/** Sent, no SUBACK yet (or not connected: sent when the connection is up). */
	| { readonly kind: 'pending' }
	/** Granted at `qos`; below `requestedQos` when the broker downgraded it. */
	| { readonly kind: 'granted'; readonly qos: QoS; readonly requestedQos: QoS }
	/** The broker refused it: its SUBACK reason code and what it means. */
	| { readonly kind: 'refused'; readonly reasonCode: number; readonly message: string }
	/** Never sent: the broker said it cannot take it (CONNACK), said here before asking. */
	| { readonly kind: 'unsupported'; readonly message: string };

export interface SubscriptionStatus {
	readonly spec: SubscriptionSpec;
	/** The MQTT 5 Subscription Identifier it was sent with, when the broker supports them. */
	readonly identifier: number | undefined;
	readonly outcome: SubscriptionOutcome;
	/** Messages that matched it since the connection opened. */
	readonly messageCount: number;
}

/** Whether a subscription is to be sent (absent `isEnabled` means yes). */
export function isSubscriptionEnabled(spec: SubscriptionSpec): boolean {
	return spec.isEnabled !== false;
}

/** What the subscriptions panel of one connection streams. */
export interface SubscriptionsView {
	readonly protocolVersion: 3 | 4 | 5;
	readonly statuses: readonly SubscriptionStatus[];
	/** The saved profile that edits are saved in, or null for a connection made without one. */
	readonly profileId: string | null;
}

/** The answer to an edit of the subscriptions. */
export interface SubscriptionsEditReport {
	readonly statuses: readonly SubscriptionStatus[];
	/** Saved in the profile, not saved (no profile), or why saving failed (the edit still applies). */
	readonly saved: 'profile' | 'no-profile' | { readonly error: string };
}
