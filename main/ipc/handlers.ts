/** Main's answer to every request channel; `satisfies` makes a missing handler a compile error. */
import type { RequestChannel, RequestOf, Responses } from '../../shared/ipc/contract';
import { err, ok, type Result } from '../../shared/result';
import type { Core } from '../core/core';
import { decodeMessage } from '../decoders/decode-request';
import type { FrameLog } from '../frames/frame-log';
import type { ProfileService } from '../profiles/profile-service';
import { rebirthRequest } from '../sparkplug/rebirth';
import { findMessage, payloadFileName, readPayloadPage } from '../topics/payload-page';
import { expandBelow } from '../topics/expand-below';
import type { TopicTree } from '../topics/topic-tree';
import { findRowByPrefix, locateRow } from '../topics/tree-view';
import { draftOfMessage } from '../publish/draft';
import { publishHandlers } from './publish-handlers';
import type { HistoryService } from '../history/history-service';
import { validateTopicFilter } from '../../shared/mqtt/topic';
import { desktopHandlers } from './desktop-handlers';
import { watchSys } from '../broker/sys-watch';
import { readSysSeries } from '../history/sys-series';

export type Handlers = {
	readonly [C in RequestChannel]: (
		payload: RequestOf<C>,
		core: Core,
	) => Result<Responses[C]> | Promise<Result<Responses[C]>>;
};

export const handlers = {
	...publishHandlers,
	'app:info': (_payload, core) => ok(core.info()),
	...desktopHandlers,
	'connections:connect': ({ profile }, core) => core.connections.connect(profile),
	'connections:disconnect': ({ connectionId }, core) => core.connections.disconnect(connectionId),
	'connections:remove': ({ connectionId }, core) => core.connections.remove(connectionId),
	'connections:reconnect': ({ connectionId }, core) => core.connections.reconnect(connectionId),
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
	'profiles:connect': ({ id }, core) => core.connectProfile(id),
	'profiles:export': ({ ids, passphrase }, core) =>
		withProfiles(core, (profiles) => profiles.export(ids, passphrase)),
	'profiles:import': ({ format, text, passphrase, choices }, core) =>
		withProfiles(core, (profiles) => profiles.import(format, text, passphrase, choices)),
	'frames:get': ({ connectionId, seq }, core) =>
		withFrames(core, connectionId, (log) => {
			const detail = log.get(seq);
			return detail
				? ok(detail)
				: err(
						'not-found',
						`Frame ${seq} is no longer held: the ring keeps the newest ${log.capacity} frames.`,
					);
		}),
	'frames:export-pcapng': ({ connectionId }, core) =>
		withFrames(core, connectionId, (log) => {
			const name = core.connections.get(connectionId)?.profile.name ?? 'connection';
			const safeName = name.replace(/[^\w.-]+/g, '_').slice(0, 60);
			const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
			return ok({
				bytes: log.toPcapng(),
				fileName: `${safeName}-${stamp}.pcapng`,
				frameCount: log.size,
			});
		}),
	'frames:find-publish': ({ connectionId, topic, receivedAtUs }, core) =>
		withFrames(core, connectionId, (log) => ok(log.findPublish(topic, receivedAtUs))),
	'tree:locate': ({ connectionId, expanded, topic, shape }, core) =>
		withTree(core, connectionId, (tree) => ok(locateRow(tree, new Set(expanded), topic, shape))),
	'tree:find-prefix': ({ connectionId, expanded, fromIndex, prefix, shape }, core) =>
		withTree(core, connectionId, (tree) =>
			ok(findRowByPrefix(tree, new Set(expanded), fromIndex, prefix, shape)),
		),
	'tree:expand-below': ({ connectionId, topic, limit }, core) =>
		withTree(core, connectionId, (tree) => ok(expandBelow(tree, topic, limit))),
	'topic:payload': ({ connectionId, offset, length, ...which }, core) =>
		withTree(core, connectionId, (tree) => readPayloadPage(tree, which, offset, length)),
	'topic:save-payload': ({ connectionId, ...which }, core) =>
		withTree<Responses['topic:save-payload']>(core, connectionId, async (tree) => {
			const saveFile = core.options.saveFile;
			if (saveFile === undefined) return ok({ outcome: 'download' });
			const found = findMessage(tree, which);
			if (!found.ok) return found;
			const { payload } = found.value.last;
			const saved = await saveFile(payloadFileName(which.topic, payload), payload);
			return saved.ok ? ok({ outcome: saved.value }) : saved;
		}),
	'payload:decode': async ({ connectionId, historyId, ...request }, core) => {
		if (historyId !== undefined && request.payload === undefined) {
			// A history row: its bytes come from the history, not from the topic tree.
			if (!core.history.ok) return core.history;
			const stored = await core.history.value.wholeMessage(historyId);
			if (!stored.ok) return stored;
			return decodeMessage(core.decoders, undefined, core.sparkplug.get(connectionId), {
				...request,
				receivedAtUs: stored.value.timeUs,
				payload: stored.value.payload,
				properties: stored.value.properties,
			});
		}
		return decodeMessage(
			core.decoders,
			core.trees.get(connectionId),
			core.sparkplug.get(connectionId),
			request,
		);
	},
	'decoders:settings': (_payload, core) => ok(core.decoders.settings.settings()),
	'decoders:bind': ({ filter, decoder }, core) => core.decoders.settings.bind(filter, decoder),
	'decoders:unbind': ({ filter }, core) => core.decoders.settings.unbind(filter),
	'decoders:save-proto': ({ name, text }, core) => core.decoders.settings.saveProto(name, text),
	'decoders:remove-proto': ({ name }, core) => core.decoders.settings.removeProto(name),
	'broker:watch-sys': async ({ connectionId }, core) => {
		const connection = core.connections.get(connectionId);
		const stats = core.brokerStats.get(connectionId);
		if (connection === undefined || stats === undefined) {
			return err('not-found', `No connection with id ${connectionId}: it may have been closed.`);
		}
		return ok(await watchSys(connection, stats));
	},
	'broker:past': ({ connectionId, fromMs, toMs }, core) =>
		withHistory(core, async (history) => {
			const historyConnectionId = await history.historyConnectionOf(connectionId);
			const reader = await history.reader();
			if (!reader.ok) return reader;
			if (historyConnectionId === undefined) {
				return ok({ fromMs, toMs, metrics: [], truncated: false });
			}
			return ok(readSysSeries(reader.value.db, historyConnectionId, fromMs, toMs));
		}),
	'sparkplug:rebirth': async ({ connectionId, groupId, edgeNodeId }, core) => {
		const connection = core.connections.get(connectionId);
		if (connection === undefined) {
			return err('not-found', `No connection with id ${connectionId}: it may have been closed.`);
		}
		const request = rebirthRequest(groupId, edgeNodeId, Date.now());
		const sent = await connection.publish(request);
		return sent.ok ? ok({ topic: request.topic }) : sent;
	},
	'history:info': (_payload, core) => withHistory(core, (history) => history.info()),
	'history:page': (request, core) => withHistory(core, (history) => history.page(request)),
	'history:message': ({ id }, core) => withHistory(core, (history) => history.message(id)),
	'history:payload': ({ id, offset, length }, core) =>
		withHistory(core, (history) => history.payload(id, offset, length)),
	'history:save-payload': ({ id }, core) =>
		withHistory(core, (history) => history.savePayload(id, core.options.saveFile)),
	'history:search': ({ query, limit, previewBytes }, core) =>
		withHistory(core, (history) =>
			withFilter(query.topicFilter, () => history.searchStart(query, limit, previewBytes)),
		),
	'history:search-more': ({ searchId, beforeId, limit, previewBytes }, core) =>
		withHistory(core, (history) => history.searchMore(searchId, beforeId, limit, previewBytes)),
	'history:search-cancel': ({ searchId }, core) =>
		withHistory(core, (history) => history.searchCancel(searchId)),
	'history:set-retention': ({ policy }, core) =>
		withHistory(core, (history) => history.setRetention(policy)),
	'history:export': ({ selection, format }, core) =>
		withHistory(core, (history) =>
			withFilter(selection.topicFilter, async () => {
				const job = await history.startExport(selection, format);
				return job.ok
					? ok({ jobId: job.value.state.id, fileName: job.value.state.fileName ?? '' })
					: job;
			}),
		),
	'history:import': ({ text, label }, core) =>
		withHistory(core, async (history) => {
			const job = await history.startImport(
				text,
				label ?? `imported ${new Date().toISOString().slice(0, 16)}`,
			);
			return job.ok ? ok({ jobId: job.value.state.id }) : job;
		}),
	'history:replay': ({ selection, connectionId, ...options }, core) =>
		withHistory(core, (history) =>
			withFilter(selection.topicFilter, async () => {
				const connection = core.connections.get(connectionId);
				if (connection === undefined) {
					return err(
						'not-found',
						`No connection with id ${connectionId}: it may have been closed.`,
					);
				}
				const job = await history.startReplay(selection, connection, options);
				return job.ok ? ok({ jobId: job.value.state.id }) : job;
			}),
		),
	'history:job-cancel': ({ jobId }, core) =>
		withHistory(core, (history) => history.cancelJob(jobId)),
	'history:series': (request, core) => withHistory(core, (history) => history.series(request)),
	'history:connection-of': ({ connectionId }, core) =>
		withHistory(core, async (history) =>
			ok((await history.historyConnectionOf(connectionId)) ?? null),
		),
	'history:export-read': ({ fileName, offset, length }, core) =>
		withHistory(core, (history) => history.readExport(fileName, offset, length)),
	'publish:draft-from-history': ({ id }, core) =>
		withHistory(core, async (history) => {
			const stored = await history.wholeMessage(id);
			return stored.ok ? draftOfMessage(stored.value) : stored;
		}),
	'broker:check': ({ connectionId }, core) => {
		const connection = core.connections.get(connectionId);
		if (connection === undefined) {
			return err('not-found', `No connection with id ${connectionId}: it may have been closed.`);
		}
		return ok({ checkId: core.checks.start(connectionId, connection.profile).checkId });
	},
} satisfies Handlers;

/** Runs `action` on the connection's topic tree, or answers why there is none. */
function withTree<T>(
	core: Core,
	connectionId: string,
	action: (tree: TopicTree) => Result<T> | Promise<Result<T>>,
): Result<T> | Promise<Result<T>> {
	const tree = core.trees.get(connectionId);
	return tree
		? action(tree)
		: err('not-found', `No connection with id ${connectionId}: it may have been closed.`);
}

/** Runs `action` when history is kept, else answers why it is not. */
function withHistory<T>(
	core: Core,
	action: (history: HistoryService) => Result<T> | Promise<Result<T>>,
): Result<T> | Promise<Result<T>> {
	return core.history.ok ? action(core.history.value) : core.history;
}

/** Runs `action` once the topic filter, if any, follows MQTT's rules. */
function withFilter<T>(
	filter: string | undefined,
	action: () => Result<T> | Promise<Result<T>>,
): Result<T> | Promise<Result<T>> {
	if (filter === undefined) return action();
	const checked = validateTopicFilter(filter);
	return checked.ok ? action() : checked;
}

/** Runs `action` on the connection's frame log, or answers why there is none. */
function withFrames<T>(
	core: Core,
	connectionId: string,
	action: (log: FrameLog) => Result<T>,
): Result<T> {
	const log = core.frames.get(connectionId);
	return log
		? action(log)
		: err('not-found', `No frames are captured for connection ${connectionId}.`);
}

/** Runs `action` when profiles are available, else answers why they are not. */
function withProfiles<T>(
	core: Core,
	action: (profiles: ProfileService) => Result<T> | Promise<Result<T>>,
): Result<T> | Promise<Result<T>> {
	return core.profiles.ok ? action(core.profiles.value) : core.profiles;
}
