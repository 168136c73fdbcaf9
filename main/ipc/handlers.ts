/** Main's answer to every request channel; `satisfies` makes a missing handler a compile error. */
import type { RequestChannel, RequestOf, Responses } from '../../shared/ipc/contract';
import { ok, type Result } from '../../shared/ipc/errors';
import type { Core } from '../core/core';
import type { ProfileService } from '../profiles/profile-service';

export type Handlers = {
	readonly [C in RequestChannel]: (
		payload: RequestOf<C>,
		core: Core,
	) => Result<Responses[C]> | Promise<Result<Responses[C]>>;
};

export const handlers = {
	'app:info': (_payload, core) => ok(core.info()),
	'connections:connect': ({ profile }, core) => core.connections.connect(profile),
	'connections:disconnect': ({ connectionId }, core) => core.connections.disconnect(connectionId),
	'connections:remove': ({ connectionId }, core) => core.connections.remove(connectionId),
	'connections:list': (_payload, core) => ok(core.connections.list()),
	'local-broker:connect': (_payload, core) => core.connectLocalBroker(),
	'profiles:list': (_payload, core) => withProfiles(core, (profiles) => ok(profiles.overview())),
	'profiles:save': ({ id, profile, secrets }, core) =>
		withProfiles(core, (profiles) => profiles.save(id, profile, secrets)),
	'profiles:duplicate': ({ id }, core) =>
		withProfiles(core, (profiles) => profiles.store.duplicate(id)),
	'profiles:remove': ({ id }, core) => withProfiles(core, (profiles) => profiles.store.remove(id)),
	'profiles:move': ({ id, folder }, core) =>
		withProfiles(core, (profiles) => profiles.store.move(id, folder)),
	'profiles:connect': ({ id }, core) => withProfiles(core, (profiles) => profiles.connect(id)),
	'profiles:export': ({ ids, passphrase }, core) =>
		withProfiles(core, (profiles) => profiles.export(ids, passphrase)),
	'profiles:import': ({ format, text, passphrase }, core) =>
		withProfiles(core, (profiles) => profiles.import(format, text, passphrase)),
} satisfies Handlers;

/** Runs `action` when profiles are available, else answers why they are not. */
function withProfiles<T>(
	core: Core,
	action: (profiles: ProfileService) => Result<T> | Promise<Result<T>>,
): Result<T> | Promise<Result<T>> {
	return core.profiles.ok ? action(core.profiles.value) : core.profiles;
}
