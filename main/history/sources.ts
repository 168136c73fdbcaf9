/**
 * Which history connection a live connection's messages are filed under. Stable across runs, so
 * a topic's history spans sessions: a saved profile by its id, the built-in broker as one, any
 * other connection by its broker address and user.
 */
import type { Profile } from '../../shared/model/profile';
import type { HistorySource } from './batch-codec';

export function historySourceOf(
	profile: Pick<Profile, 'name' | 'transport' | 'host' | 'port' | 'username'>,
	extras: { readonly profileId?: string; readonly isLocalBroker?: boolean },
): HistorySource {
	if (extras.isLocalBroker) return { key: 'local-broker', name: profile.name, kind: 'live' };
	if (extras.profileId !== undefined) {
		return { key: `profile:${extras.profileId}`, name: profile.name, kind: 'live' };
	}
	const user = profile.username === '' ? '' : `${encodeURIComponent(profile.username)}@`;
	return {
		key: `broker:${profile.transport}://${user}${profile.host}:${profile.port}`,
		name: profile.name,
		kind: 'live',
	};
}
