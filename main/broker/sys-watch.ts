/**
 * Makes sure a connection receives `$SYS` while its broker panel is open: a subscription of the
 * connection that already matches the `$SYS` trees is enough; otherwise `$SYS/#` is added to the
 * connection's live subscriptions (shown in its Subscriptions panel, restored after a reconnect,
 * not saved in the profile) and the broker's answer is kept for the panel to show.
 */
import type { SysWatch } from '../../shared/model/broker';
import { isSubscriptionEnabled } from '../../shared/model/subscription';
import { matchTopic } from '../../shared/mqtt/topic';
import type { Connection } from '../connections/connection';
import type { BrokerStats } from './broker-stats';

export const SYS_FILTER = '$SYS/#';

/** One topic of each family's tree: a filter matching any of them receives that family's `$SYS`. */
const SYS_PROBES = ['$SYS/broker/uptime', '$SYS/brokers/node/uptime', '$SYS/broker-id/heartbeat'];

/** The connection's subscription that already brings `$SYS`, if one does. */
export function coveringFilter(connection: Connection): string | null {
	for (const status of connection.subscriptions()) {
		const { spec, outcome } = status;
		if (!isSubscriptionEnabled(spec) || outcome.kind === 'refused') continue;
		if (outcome.kind === 'unsupported') continue;
		if (SYS_PROBES.some((topic) => matchTopic(spec.filter, topic))) return spec.filter;
	}
	return null;
}

export async function watchSys(connection: Connection, stats: BrokerStats): Promise<SysWatch> {
	const covering = coveringFilter(connection);
	if (covering !== null) {
		const watch: SysWatch =
			covering === SYS_FILTER && stats.sysWatch.kind === 'added'
				? stats.sysWatch
				: { kind: 'covered', filter: covering };
		stats.setSysWatch(watch);
		return watch;
	}
	// A `$SYS/#` the broker refused earlier is asked again, not added twice.
	const wanted = connection
		.subscriptions()
		.map((status) => status.spec)
		.filter((spec) => spec.filter !== SYS_FILTER);
	const set = await connection.setSubscriptions([...wanted, { filter: SYS_FILTER, qos: 0 }]);
	if (!set.ok) {
		const watch: SysWatch = { kind: 'refused', message: set.error.message };
		stats.setSysWatch(watch);
		return watch;
	}
	const outcome = set.value.find((status) => status.spec.filter === SYS_FILTER)?.outcome;
	const watch: SysWatch =
		outcome?.kind === 'refused' || outcome?.kind === 'unsupported'
			? { kind: 'refused', message: outcome.message }
			: { kind: 'added', filter: SYS_FILTER };
	stats.setSysWatch(watch);
	return watch;
}
