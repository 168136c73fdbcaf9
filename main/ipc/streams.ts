/**
 * Main's side of every stream: wiring only. Each handler finds the model the stream reads and
 * runs that model's view (see main/core/stream-view.ts) on the flush ticker.
 */
import type { ParamsOf, StreamChannel, StreamMessages } from '../../shared/ipc/contract';
import { err, ok, type Result } from '../../shared/result';
import type { BrokerStatsView } from '../../shared/model/broker';
import { ConnectionsView } from '../connections/connections-view';
import type { Core } from '../core/core';
import { runView, type Emit, type OpenStream } from '../core/stream-view';
import { TrafficView } from '../core/traffic-view';
import { BrokerStatsStreamView } from '../broker/broker-view';
import { FramesWindowView } from '../frames/frames-view';
import { SparkplugNodeStreamView } from '../sparkplug/node-view';
import { TopicMessageView } from '../topics/message-view';
import { TreeView } from '../topics/tree-view';
import { SubscriptionsStreamView } from '../connections/subscriptions-view';
import { PublishStreamView } from '../publish/publish-view';
import { RetainedStreamView } from '../retained/retained-view';
import { JobView } from '../history/jobs';
import { HistoryStatsView } from '../history/stats-view';
import { CheckStreamView } from '../check/check-service';
import { ActivityView } from '../desktop/activity-view';
import { UpdatesView } from '../desktop/updates-view';

export type { OpenStream };

export type StreamHandlers = {
	readonly [S in StreamChannel]: (
		params: ParamsOf<S>,
		core: Core,
		emit: Emit<StreamMessages[S]>,
	) => Result<OpenStream<ParamsOf<S>>>;
};

function unknownConnection(connectionId: string): Result<never> {
	return err('not-found', `No connection with id ${connectionId}: it may have been closed.`);
}

export const streamHandlers = {
	'connections:state': (_params, core, emit) =>
		ok(runView(new ConnectionsView(core.connections), core.ticker, emit)),
	'updates:state': (_params, core, emit) =>
		ok(runView(new UpdatesView(core.updates), core.ticker, emit)),
	'activity:summary': ({ connectionId }, core, emit) => {
		const tree = core.trees.get(connectionId);
		if (!tree) return unknownConnection(connectionId);
		return ok(runView(new ActivityView(tree), core.ticker, emit));
	},
	'tree:patch': (params, core, emit) => {
		const tree = core.trees.get(params.connectionId);
		if (!tree) return unknownConnection(params.connectionId);
		return ok(runView(new TreeView(tree, params), core.ticker, emit));
	},
	'topic:message': ({ connectionId, topic }, core, emit) => {
		const tree = core.trees.get(connectionId);
		if (!tree) return unknownConnection(connectionId);
		return ok(runView(new TopicMessageView(tree, topic), core.ticker, emit));
	},
	'sparkplug:node': ({ connectionId, groupId, edgeNodeId }, core, emit) => {
		const state = core.sparkplug.get(connectionId);
		if (!state) return unknownConnection(connectionId);
		return ok(runView(new SparkplugNodeStreamView(state, groupId, edgeNodeId), core.ticker, emit));
	},
	'connection:traffic': ({ connectionId }, core, emit) => {
		const tree = core.trees.get(connectionId);
		if (!tree) return unknownConnection(connectionId);
		const view = new TrafficView(tree, core.frames.get(connectionId), emit.receiver);
		return ok(runView(view, core.ticker, emit));
	},
	'broker:stats': ({ connectionId, ...ranking }, core, emit) => {
		const stats = core.brokerStats.get(connectionId);
		if (!stats) return unknownConnection(connectionId);
		const view = new BrokerStatsStreamView(stats, ranking);
		return ok(
			runView<BrokerStatsView, ParamsOf<'broker:stats'>>(
				{
					snapshot: () => view.snapshot(),
					poll: () => view.poll(),
					update: ({ connectionId: _id, ...next }) => view.update(next),
				},
				core.ticker,
				emit,
			),
		);
	},
	'frames:window': (params, core, emit) => {
		const log = core.frames.get(params.connectionId);
		if (!log) return unknownConnection(params.connectionId);
		return ok(runView(new FramesWindowView(log, params), core.ticker, emit));
	},
	'subscriptions:state': ({ connectionId }, core, emit) => {
		const connection = core.connections.get(connectionId);
		if (!connection) return unknownConnection(connectionId);
		return ok(runView(new SubscriptionsStreamView(connection), core.ticker, emit));
	},
	'publish:state': ({ connectionId }, core, emit) => {
		const publisher = core.publishing.publisher(connectionId);
		if (!publisher) return unknownConnection(connectionId);
		return ok(runView(new PublishStreamView(publisher), core.ticker, emit));
	},
	'retained:list': ({ connectionId, ...window }, core, emit) => {
		const retained = core.publishing.retained(connectionId);
		if (!retained) return unknownConnection(connectionId);
		return ok(runView(new RetainedStreamView(retained, window), core.ticker, emit));
	},
	'history:job': ({ jobId }, core, emit) => {
		if (!core.history.ok) return core.history;
		const job = core.history.value.jobs.get(jobId);
		if (!job) return err('not-found', 'There is no such history job.');
		return ok(runView(new JobView(job), core.ticker, emit));
	},
	'history:stats': (_params, core, emit) => {
		if (!core.history.ok) return core.history;
		return ok(runView(new HistoryStatsView(core.history.value.recorder), core.ticker, emit));
	},
	'broker:check-progress': ({ checkId }, core, emit) => {
		const run = core.checks.get(checkId);
		if (!run) return err('not-found', 'There is no such broker check.');
		return ok(runView(new CheckStreamView(run), core.ticker, emit));
	},
} satisfies StreamHandlers;
