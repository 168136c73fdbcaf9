/**
 * The broker check (like HiveMQ CLI's `mqtt test`): which protocol versions a broker accepts, then
 * what it does with the highest one (or the one asked for): QoS, retain, wildcard and shared
 * subscriptions, subscription identifiers, topic aliases, packet size, topic length, keep alive.
 * It connects with client ids of its own, publishes only below one test topic, and clears the
 * retained messages it left. `topicscope check` and the app's Tools tab both run this.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type {
	BrokerCheckReport,
	CheckFinding,
	CheckStep,
	VersionResult,
} from '../../shared/model/broker-check';
import type { Profile } from '../../shared/model/profile';
import { PROTOCOL_NAMES, type ProtocolLevel } from '../../shared/mqtt/protocol';
import { findTopicNameProblem } from '../../shared/mqtt/topic';
import { err, ok, type AppError, type Result } from '../../shared/result';
import { Connection } from '../connections/connection';
import { probeProfile, ProbeSession } from './probe-session';
import type { ProbeContext } from './probe-context';
import { probePacketSize, probeTopicLength } from './probes-limits';
import { probeQos, probeRetain, probeTopicAlias, serverKeepAlive } from './probes-messages';
import { probeShared, probeWildcards } from './probes-subscriptions';

export interface BrokerCheckOptions {
	/** How long a probe waits for its message to come back. */
	readonly timeoutMs?: number;
	/** The largest PUBLISH the packet size probe sends (default 1 MiB). */
	readonly maxProbeBytes?: number;
	/** Probe the capabilities with this version rather than the highest accepted. */
	readonly protocolLevel?: ProtocolLevel;
	/** Test topics go below `<baseTopic>/<random>` (default `topicscope/check`). */
	readonly baseTopic?: string;
	readonly onStep?: (step: CheckStep) => void;
	readonly signal?: AbortSignal;
}

export const DEFAULT_CHECK_TIMEOUT_MS = 3_000;
export const DEFAULT_MAX_PROBE_BYTES = 1024 * 1024;
const MAX_SEARCH_ATTEMPTS = 12;
/** Highest first: the capabilities are probed with the first accepted. */
const LEVELS: readonly ProtocolLevel[] = [5, 4, 3];

/** Errors that say nothing about the protocol version: the broker is not reachable at all. */
function isUnreachable(error: AppError): boolean {
	return [
		'connection-refused',
		'host-unreachable',
		'dns-failure',
		'connect-timeout',
		'tls-error',
		'not-mqtt',
	].includes(error.code);
}

async function tryVersion(
	profile: Profile,
	level: ProtocolLevel,
): Promise<{ result: VersionResult; error?: AppError; clientId: string }> {
	const probe = probeProfile(profile, level);
	const connection = new Connection(randomUUID(), probe);
	const opened = await connection.open();
	await connection.close();
	const name = PROTOCOL_NAMES[level];
	if (opened.ok)
		return {
			result: { protocolLevel: level, name, isAccepted: true, detail: '' },
			clientId: probe.clientId,
		};
	const error = opened.error;
	return {
		result: {
			protocolLevel: level,
			name,
			isAccepted: false,
			detail: error.message,
			...(error.reasonCode === undefined ? {} : { reasonCode: error.reasonCode }),
		},
		error,
		clientId: probe.clientId,
	};
}

function targetOf(profile: Profile): string {
	const path = profile.transport === 'ws' || profile.transport === 'wss' ? profile.wsPath : '';
	const host = profile.host.includes(':') ? `[${profile.host}]` : profile.host;
	return `${profile.transport}://${host}:${profile.port}${path}`;
}

/**
 * Runs the whole check against the broker `profile` names (its address, TLS and credentials; not
 * its client id, will or session). Fails only when the broker cannot be reached at all.
 */
export async function runBrokerCheck(
	profile: Profile,
	options: BrokerCheckOptions = {},
): Promise<Result<BrokerCheckReport>> {
	const startedMs = Date.now();
	const onStep = options.onStep ?? (() => {});
	const step = async <T>(
		name: string,
		run: () => Promise<T>,
		summary: (value: T) => string,
	): Promise<T> => {
		onStep({ name, state: 'running', summary: '' });
		const value = await run();
		onStep({ name, state: 'done', summary: summary(value) });
		return value;
	};
	const baseTopic = `${options.baseTopic ?? 'topicscope/check'}/${randomBytes(4).toString('hex')}`;
	const topicProblem = findTopicNameProblem(`${baseTopic}/x`);
	if (topicProblem !== undefined) {
		return err('invalid-topic', `Test topic ${baseTopic}: ${topicProblem.message}`);
	}
	const clientIds: string[] = [];
	const versions: VersionResult[] = [];
	for (const level of LEVELS) {
		if (options.signal?.aborted) return err('connection-closed', 'The check was cancelled.');
		const tried = await step(
			PROTOCOL_NAMES[level],
			() => tryVersion(profile, level),
			(t) => (t.result.isAccepted ? 'accepted' : `refused: ${t.result.detail}`),
		);
		clientIds.push(tried.clientId);
		if (tried.error !== undefined && isUnreachable(tried.error) && versions.length === 0) {
			return { ok: false, error: tried.error };
		}
		versions.push(tried.result);
	}
	const accepted = versions.filter((v) => v.isAccepted).map((v) => v.protocolLevel);
	const level = options.protocolLevel ?? accepted[0];
	const report = (
		findings: readonly CheckFinding[],
		cleanup: BrokerCheckReport['cleanup'],
		probedWith: ProtocolLevel | null,
	): BrokerCheckReport => ({
		target: targetOf(profile),
		startedAt: new Date(startedMs).toISOString(),
		durationMs: Date.now() - startedMs,
		clientIds,
		testTopic: baseTopic,
		versions,
		probedWith,
		findings,
		cleanup,
	});
	if (level === undefined || !accepted.includes(level)) {
		return ok(report([], { retainedCleared: [], problems: [] }, null));
	}
	const session = new ProbeSession(
		probeProfile(profile, level),
		options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS,
	);
	const opened = await session.open();
	if (!opened.ok) return { ok: false, error: opened.error };
	const capabilities = session.capabilities;
	if (capabilities === null)
		return err('not-connected', 'The check connected but read no CONNACK.');
	const ctx: ProbeContext = {
		session,
		base: baseTopic,
		level,
		capabilities,
		requestedKeepAliveSeconds: profile.keepAliveSeconds,
		maxProbeBytes: options.maxProbeBytes ?? DEFAULT_MAX_PROBE_BYTES,
		maxSearchAttempts: MAX_SEARCH_ATTEMPTS,
		hasWildcardEcho: false,
		echoFilter: null,
		retainedTopics: [],
	};
	const findings = new Map<CheckFinding['id'], CheckFinding>();
	const keep = (finding: CheckFinding): string => {
		findings.set(finding.id, finding);
		return finding.summary;
	};
	const cleanup = { retainedCleared: [] as string[], problems: [] as string[] };
	try {
		const isCancelled = (): boolean => options.signal?.aborted === true;
		await step(
			'Wildcard subscriptions and subscription identifiers',
			() => probeWildcards(ctx),
			(list) => list.map(keep).join(', '),
		);
		if (!isCancelled()) await step('Maximum QoS', () => probeQos(ctx), keep);
		if (!isCancelled()) await step('Retained messages', () => probeRetain(ctx), keep);
		if (!isCancelled()) await step('Shared subscriptions', () => probeShared(ctx), keep);
		if (!isCancelled()) await step('Topic alias maximum', () => probeTopicAlias(ctx), keep);
		keep(serverKeepAlive(ctx));
		let largestPacket: number | undefined;
		if (!isCancelled()) {
			await step(
				'Maximum packet size',
				() => probePacketSize(ctx),
				(found) => {
					largestPacket = found.largest;
					return keep(found.finding);
				},
			);
		}
		if (!isCancelled())
			await step('Maximum topic length', () => probeTopicLength(ctx, largestPacket), keep);
	} finally {
		await step(
			'Clean-up',
			() => cleanUp(ctx, cleanup),
			() =>
				cleanup.problems.length === 0
					? `${cleanup.retainedCleared.length} retained test message${cleanup.retainedCleared.length === 1 ? '' : 's'} cleared`
					: cleanup.problems.join(' '),
		);
		for (const id of session.clientIds) if (!clientIds.includes(id)) clientIds.push(id);
	}
	const ordered = [
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
	const list = ordered.flatMap((id) => {
		const finding = findings.get(id);
		return finding === undefined ? [] : [finding];
	});
	return ok(report(list, cleanup, level));
}

/** Clears the retained test messages (a zero-byte retained publish each) and disconnects. */
async function cleanUp(
	ctx: ProbeContext,
	cleanup: { retainedCleared: string[]; problems: string[] },
): Promise<void> {
	for (const topic of ctx.retainedTopics) {
		const cleared = await ctx.session.publish({
			topic,
			payload: new Uint8Array(0),
			qos: ctx.capabilities.maximumQoS.value >= 1 ? 1 : 0,
			retain: true,
		});
		if (cleared.ok) cleanup.retainedCleared.push(topic);
		else
			cleanup.problems.push(
				`The retained test message on ${topic} could not be cleared: ${cleared.error.message}`,
			);
	}
	await ctx.session.close();
}
