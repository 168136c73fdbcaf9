/**
 * Main's answers to the subscriptions, publish, request/response and retained channels: wiring
 * only, each finds the connection's part and calls it. Spread into the handler table.
 */
import { randomUUID } from 'node:crypto';
import type { Handlers } from './handlers';
import { MAX_PREVIEW_BYTES, type MqttMessage } from '../../shared/model/message';
import type { RequestReplyView } from '../../shared/model/request-reply';
import type { SubscriptionsEditReport } from '../../shared/model/subscription';
import { toHex } from '../../shared/mqtt/codec/hex';
import { err, ok, type Result } from '../../shared/result';
import type { Connection } from '../connections/connection';
import type { Core } from '../core/core';
import { saveSubscriptions } from '../profiles/profile-subscriptions';
import { draftOfMessage, toPublishRequest } from '../publish/draft';
import type { PublishStore } from '../publish/publish-store';
import type { Publisher } from '../publish/publisher';
import { requestReply } from '../publish/request-response';
import type { RetainedManager } from '../retained/retained-manager';
import { findMessage } from '../topics/payload-page';

type PublishChannels =
	| 'subscriptions:set'
	| 'publish:send'
	| 'publish:repeat-start'
	| 'publish:repeat-stop'
	| 'publish:draft-from-topic'
	| 'publish:history'
	| 'publish:history-clear'
	| 'publish:saved-list'
	| 'publish:saved-save'
	| 'publish:saved-remove'
	| 'publish:request'
	| 'retained:plan'
	| 'retained:clear'
	| 'retained:undo';

function unknownConnection(connectionId: string): Result<never> {
	return err('not-found', `No connection with id ${connectionId}: it may have been closed.`);
}

function withConnection<T>(
	core: Core,
	connectionId: string,
	action: (connection: Connection) => Result<T> | Promise<Result<T>>,
): Result<T> | Promise<Result<T>> {
	const connection = core.connections.get(connectionId);
	return connection ? action(connection) : unknownConnection(connectionId);
}

function withPublisher<T>(
	core: Core,
	connectionId: string,
	action: (publisher: Publisher) => Result<T> | Promise<Result<T>>,
): Result<T> | Promise<Result<T>> {
	const publisher = core.publishing.publisher(connectionId);
	return publisher ? action(publisher) : unknownConnection(connectionId);
}

function withRetained<T>(
	core: Core,
	connectionId: string,
	action: (retained: RetainedManager) => Result<T> | Promise<Result<T>>,
): Result<T> | Promise<Result<T>> {
	const retained = core.publishing.retained(connectionId);
	return retained ? action(retained) : unknownConnection(connectionId);
}

function withStore<T>(core: Core, action: (store: PublishStore) => Result<T>): Result<T> {
	const store = core.publishing.store;
	return store.ok ? action(store.value) : store;
}

/** Applies an edit, then saves it in the profile the connection was opened from. */
async function setSubscriptions(
	core: Core,
	connection: Connection,
	subscriptions: Parameters<Connection['setSubscriptions']>[0],
): Promise<Result<SubscriptionsEditReport>> {
	const applied = await connection.setSubscriptions(subscriptions);
	if (!applied.ok) return applied;
	const profileId = connection.extras.profileId;
	if (profileId === undefined) return ok({ statuses: applied.value, saved: 'no-profile' });
	const saved = core.profiles.ok
		? saveSubscriptions(core.profiles.value.store, profileId, subscriptions)
		: core.profiles;
	return ok({
		statuses: applied.value,
		saved: saved.ok ? 'profile' : { error: saved.error.message },
	});
}

function replyView(
	requestTopic: string,
	outcome: Awaited<ReturnType<typeof requestReply>>,
): Result<RequestReplyView> {
	if (!outcome.ok) return outcome;
	const { reply, correlationData, ...rest } = outcome.value;
	return ok({
		...rest,
		requestTopic,
		correlationDataHex: correlationData === null ? null : toHex(correlationData),
		reply: messageView(reply),
	});
}

function messageView(message: MqttMessage): RequestReplyView['reply'] {
	const truncated = message.payload.length > MAX_PREVIEW_BYTES;
	return {
		topic: message.topic,
		payloadPreview: message.payload.slice(0, MAX_PREVIEW_BYTES),
		sizeBytes: message.payload.length,
		truncated,
		qos: message.qos,
		retain: message.retain,
		receivedAt: Math.floor(message.timeUs / 1000),
		receivedAtUs: message.timeUs,
		messageCount: 1,
		properties: message.properties,
	};
}

export const publishHandlers = {
	'subscriptions:set': ({ connectionId, subscriptions }, core) =>
		withConnection(core, connectionId, (connection) =>
			setSubscriptions(core, connection, subscriptions),
		),
	'publish:send': ({ connectionId, draft }, core) =>
		withPublisher(core, connectionId, (publisher) => publisher.send(draft)),
	'publish:repeat-start': ({ connectionId, draft, intervalMs, count }, core) =>
		withPublisher(core, connectionId, (publisher) =>
			publisher.startRepeat(draft, intervalMs, count),
		),
	'publish:repeat-stop': ({ connectionId }, core) =>
		withPublisher(core, connectionId, (publisher) => publisher.stopRepeat()),
	'publish:draft-from-topic': ({ connectionId, ...which }, core) => {
		const tree = core.trees.get(connectionId);
		if (!tree) return unknownConnection(connectionId);
		const found = findMessage(tree, which);
		return found.ok ? draftOfMessage({ topic: which.topic, ...found.value.last }) : found;
	},
	'publish:history': ({ limit, beforeId }, core) =>
		withStore(core, (store) => ok(store.history(limit, beforeId))),
	'publish:history-clear': (_payload, core) =>
		withStore(core, (store) => {
			store.clearHistory();
			return ok(null);
		}),
	'publish:saved-list': (_payload, core) => withStore(core, (store) => ok(store.savedMessages())),
	'publish:saved-save': (input, core) => withStore(core, (store) => store.saveMessage(input)),
	'publish:saved-remove': ({ id }, core) => withStore(core, (store) => store.removeSaved(id)),
	'publish:request': ({ connectionId, draft, responseTopic, timeoutMs }, core) =>
		withPublisher(core, connectionId, async (publisher) => {
			const request = toPublishRequest(draft, {
				nowMs: Date.now(),
				uuid: randomUUID,
				counter: publisher.nextCounter(),
			});
			const outcome = await requestReply(publisher.connection, {
				request,
				timeoutMs,
				...(responseTopic === undefined ? {} : { responseTopic }),
			});
			return replyView(request.topic, outcome);
		}),
	'retained:plan': ({ connectionId, below }, core) =>
		withRetained(core, connectionId, (retained) => ok(retained.plan(below))),
	'retained:clear': ({ connectionId, below, topics, confirmedCount }, core) =>
		withRetained(core, connectionId, (retained) => retained.clear(below, topics, confirmedCount)),
	'retained:undo': ({ connectionId, snapshotId }, core) =>
		withRetained(core, connectionId, (retained) => retained.undo(snapshotId)),
} satisfies Pick<Handlers, PublishChannels>;
