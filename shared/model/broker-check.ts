/**
 * The broker check (`topicscope check`, the Tools tab's card): what a broker accepts and does,
 * probed with clients of its own, beside what its CONNACK states. Plain data: the CLI prints it,
 * IPC carries it, the card shows it, and `brokerCheckToJson` is the one JSON export of it.
 */
import type { ProtocolLevel } from '../mqtt/protocol';
import type { AppError } from '../result';

/** Whether a protocol version was accepted, and why not. */
export interface VersionResult {
	readonly protocolLevel: ProtocolLevel;
	/** "MQTT 5.0", "MQTT 3.1.1", "MQTT 3.1". */
	readonly name: string;
	readonly isAccepted: boolean;
	/** The CONNACK refusal or connection error in words; '' when accepted. */
	readonly detail: string;
	readonly reasonCode?: number;
}

export const FINDING_IDS = [
	'maximum-qos',
	'retain',
	'wildcard-subscriptions',
	'shared-subscriptions',
	'subscription-identifiers',
	'topic-alias-maximum',
	'maximum-packet-size',
	'maximum-topic-length',
	'server-keep-alive',
] as const;
export type FindingId = (typeof FINDING_IDS)[number];

/** One capability: the answer, what the CONNACK states, what the probe saw. */
export interface CheckFinding {
	readonly id: FindingId;
	/** "Maximum QoS". */
	readonly name: string;
	/** The answer for machines: a number, a boolean, or null (no limit found, not known). */
	readonly value: number | boolean | null;
	/** The answer in words: "QoS 2", "yes", "1,024 bytes", "no limit found up to 1 MiB". */
	readonly summary: string;
	/** What the CONNACK says, in words; null when it says nothing (MQTT 3.1.1, or left out). */
	readonly stated: string | null;
	/** What the probe did and saw, in words. */
	readonly observed: string;
	/** False when the broker does not do what it states, or the probe could not tell. */
	readonly isConsistent: boolean;
}

export interface BrokerCheckCleanup {
	/** Retained test messages published and cleared again (zero-byte retained publish). */
	readonly retainedCleared: readonly string[];
	/** What could not be cleaned up, in words. */
	readonly problems: readonly string[];
}

export interface BrokerCheckReport {
	/** `mqtt://host:port` (no credentials). */
	readonly target: string;
	/** RFC 3339. */
	readonly startedAt: string;
	readonly durationMs: number;
	/** The client ids the check connected with (its own, never the profile's). */
	readonly clientIds: readonly string[];
	/** The topics the check published under. */
	readonly testTopic: string;
	readonly versions: readonly VersionResult[];
	/** The version the capabilities were probed with; null when none was accepted. */
	readonly probedWith: ProtocolLevel | null;
	readonly findings: readonly CheckFinding[];
	readonly cleanup: BrokerCheckCleanup;
}

/** One step of a running check, for progress lines and the card's progress list. */
export interface CheckStep {
	readonly name: string;
	readonly state: 'running' | 'done';
	/** The step's outcome in a few words, once done. */
	readonly summary: string;
}

/** What the app's check stream sends: the steps so far, then the report (or why it failed). */
export interface BrokerCheckView {
	readonly checkId: string;
	readonly state: 'running' | 'done' | 'failed';
	readonly steps: readonly CheckStep[];
	readonly report: BrokerCheckReport | null;
	readonly error: AppError | null;
}

/** The exported JSON of a report (2-space indented, keys in the report's order). */
export function brokerCheckToJson(report: BrokerCheckReport): string {
	return `${JSON.stringify({ kind: 'topicscope-broker-check', version: 1, ...report }, null, 2)}\n`;
}
