/** Profiles for tests: the app's defaults pointed at a test broker. */
import { DEFAULT_PROFILE, type Profile } from '../../shared/model/profile';

export function testProfile(overrides: Partial<Profile> = {}): Profile {
	return {
		...DEFAULT_PROFILE,
		name: overrides.clientId ?? 'test',
		host: '127.0.0.1',
		clientId: 'topicscope-test',
		connectTimeoutMs: 5_000,
		reconnect: { ...DEFAULT_PROFILE.reconnect, initialDelayMs: 200, maxDelayMs: 1_000 },
		...overrides,
	};
}

/** One subscription at QoS 2. */
export function subscribeTo(filter: string): Profile['subscriptions'] {
	return [{ filter, qos: 2 }];
}
