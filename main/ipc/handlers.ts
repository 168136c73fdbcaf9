/** Main's answer to every request channel; `satisfies` makes a missing handler a compile error. */
import type { RequestChannel, RequestOf, Responses } from '../../shared/ipc/contract';
import { ok, type Result } from '../../shared/ipc/errors';
import type { Core } from '../core/core';

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
} satisfies Handlers;
