/** Saving a connection's live subscription edits in the profile it was opened from. */
import type { SubscriptionSpec } from '../../shared/model/subscription';
import { ok, type Result } from '../../shared/result';
import type { ProfileStore } from './profile-store';

/** Replaces the profile's subscriptions, nothing else (its secrets stay as they are). */
export function saveSubscriptions(
	store: ProfileStore,
	profileId: string,
	subscriptions: readonly SubscriptionSpec[],
): Result<null> {
	const view = store.get(profileId);
	if (!view.ok) return view;
	const updated = store.update(profileId, {
		...view.value.profile,
		subscriptions: [...subscriptions],
	});
	return updated.ok ? ok(null) : updated;
}
