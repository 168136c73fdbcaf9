/**
 * The IPC contract: every request channel and stream, with runtime schemas for what the renderer
 * sends (main validates everything: a renderer is untrusted) and types for what main answers.
 */
import * as v from 'valibot';
import { BindingSchema } from '../decode/binding';
import { DecodeChoiceSchema, type DecodedPayload } from '../decode/decoder';
import { MAX_PROTO_FILE_CHARS, ProtoFileName, type DecoderSettings } from '../decode/settings';
import {
	desktopRequests,
	desktopStreams,
	type DesktopResponses,
	type DesktopStreamMessages,
} from './desktop-contract';
import type { ConnectionSummary } from '../model/connection';
import {
	FRAME_TYPES,
	type FrameDetail,
	type FrameType,
	type FramesView,
	type PublishLookup,
} from '../model/frames';
import {
	MAX_PAYLOAD_PAGE_BYTES,
	MAX_PREVIEW_BYTES,
	type MessageView,
	type PayloadPage,
} from '../model/message';
import {
	IMPORT_FORMATS,
	ImportChoicesSchema,
	ProfileSchema,
	SecretUpdatesSchema,
	type ProfileImportResult,
	SubscriptionSchema,
	type ProfilesOverview,
	type ProfileView,
} from '../model/profile';
import {
	PublishDraftSchema,
	REPEAT_LIMITS,
	SavedMessageInputSchema,
	type PublishDraft,
	type PublishHistoryEntry,
	type PublishPanelView,
	type PublishReport,
	type RepeatRunView,
	type SavedMessage,
} from '../model/publish-draft';
import type { RequestReplyView } from '../model/request-reply';
import type {
	RetainedClearPlan,
	RetainedListView,
	RetainedOperationReport,
} from '../model/retained';
import type { SubscriptionsEditReport, SubscriptionsView } from '../model/subscription';
import type { SparkplugNodeView } from '../model/sparkplug';
import type { TrafficStats } from '../model/traffic';
import {
	TREE_SORTS,
	type TreeExpandBelow,
	type TreePatch,
	type TreeRowLocation,
	type TreeShape,
	type TreeSort,
} from '../tree/patch';
import type { BrokerPast, BrokerStatsView, SysWatch } from '../model/broker';
import type {
	HistoryInfo,
	HistoryItem,
	HistoryPage,
	HistorySearchPage,
	RetentionPolicy,
} from '../model/history';
import type { HistoryJob } from '../model/history-job';
import type { HistorySeries } from '../history/series';
import type { BrokerCheckView } from '../model/broker-check';

const ConnectionId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const ProfileId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const Seq = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const Count = Seq;
/** Microseconds since the epoch. */
const TimeUs = Seq;
const TopicPath = v.pipe(v.string(), v.maxLength(65_535));

const Empty = v.strictObject({});
const ExpandedPaths = v.pipe(v.array(TopicPath), v.maxLength(10_000));
/** Sort, filter, `$SYS` and retained-only of a tree view (shared/tree/patch.ts TreeShape). */
const TreeShapeSchema = v.strictObject({
	sort: v.picklist(TREE_SORTS as unknown as readonly [TreeSort, ...TreeSort[]]),
	filter: v.nullable(
		v.strictObject({
			kind: v.picklist(['text', 'topic-filter']),
			text: v.pipe(v.string(), v.maxLength(65_535)),
		}),
	),
	hideSys: v.boolean(),
	retainedOnly: v.boolean(),
}) satisfies v.GenericSchema<TreeShape>;
/**
 * Which message of a topic: its `receivedAtUs` and `messageCount` from the MessageView (several
 * messages of one socket read share a stamp, the count tells them apart). Absent: the last one.
 */
const MessageOfTopic = {
	connectionId: ConnectionId,
	topic: TopicPath,
	receivedAtUs: v.optional(Count),
	messageCount: v.optional(Count),
};
const Int = (min: number, max: number) =>
	v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const ConnectionOnly = v.strictObject({ connectionId: ConnectionId });

/** Bytes of any backing buffer (valibot's instance() would narrow the type to an ArrayBuffer's). */
const Bytes = v.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');
/** What the choice of a decoder reads from a message's MQTT 5 properties. */
const DecodeProperties = v.strictObject({
	contentType: v.optional(v.pipe(v.string(), v.maxLength(65_535))),
	payloadFormatIndicator: v.optional(v.picklist([0, 1])),
	userProperties: v.optional(
		v.pipe(
			v.array(
				v.tuple([v.pipe(v.string(), v.maxLength(65_535)), v.pipe(v.string(), v.maxLength(65_535))]),
			),
			v.maxLength(10_000),
		),
	),
});
/** A Sparkplug group or edge node id: one topic level, no wildcards ([tck-id-topic-structure]). */
const SparkplugId = v.pipe(
	v.string(),
	v.minLength(1),
	v.maxLength(1_000),
	v.regex(/^[^/+#]+$/, 'expected one topic level without / + #'),
);
// History: ids are SQLite rowids, times microseconds since the epoch.
const RowId = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER));
const HistoryFilter = v.pipe(v.string(), v.minLength(1), v.maxLength(65_535));
const JobId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const PreviewBytes = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65_536));
const HistorySelectionSchema = v.strictObject({
	topicFilter: v.optional(HistoryFilter),
	connectionIds: v.optional(v.pipe(v.array(RowId), v.maxLength(1_000))),
	sinceUs: v.optional(TimeUs),
	untilUs: v.optional(TimeUs),
});
export const HistorySearchQuerySchema = v.strictObject({
	...HistorySelectionSchema.entries,
	text: v.optional(v.pipe(v.string(), v.maxLength(1_000))),
	qos: v.optional(v.pipe(v.array(v.picklist([0, 1, 2])), v.maxLength(3))),
	retain: v.optional(v.boolean()),
	direction: v.optional(v.picklist(['in', 'out'])),
});
const RetentionLimitsSchema = v.strictObject({
	maxAgeMs: v.optional(
		v.pipe(v.number(), v.integer(), v.minValue(1_000), v.maxValue(Number.MAX_SAFE_INTEGER)),
	),
	maxBytes: v.optional(
		v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
	),
	maxRows: v.optional(
		v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
	),
	keepPerTopic: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000))),
});
export const RetentionPolicySchema = v.strictObject({
	global: RetentionLimitsSchema,
	connections: v.pipe(
		v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(500)), RetentionLimitsSchema),
		v.check((record) => Object.keys(record).length <= 1_000, 'at most 1,000 connections'),
	),
});

export const requests = {
	'app:info': Empty,
	...desktopRequests,
	'connections:connect': v.strictObject({ profile: ProfileSchema }),
	'connections:disconnect': v.strictObject({ connectionId: ConnectionId }),
	'connections:remove': v.strictObject({ connectionId: ConnectionId }),
	/** Opens a closed or failed connection again: same tab, same tree and frames. */
	'connections:reconnect': v.strictObject({ connectionId: ConnectionId }),
	'connections:list': Empty,
	'local-broker:connect': Empty,
	'profiles:list': Empty,
	'profiles:save': v.strictObject({
		id: v.optional(ProfileId),
		profile: ProfileSchema,
		secrets: SecretUpdatesSchema,
	}),
	'profiles:duplicate': v.strictObject({ id: ProfileId }),
	'profiles:remove': v.strictObject({ id: ProfileId }),
	'profiles:move': v.strictObject({ id: ProfileId, folder: v.pipe(v.string(), v.maxLength(500)) }),
	'profiles:connect': v.strictObject({ id: ProfileId }),
	'profiles:export': v.strictObject({
		ids: v.pipe(v.array(ProfileId), v.maxLength(10_000)),
		passphrase: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(1_024))),
	}),
	'frames:get': v.strictObject({ connectionId: ConnectionId, seq: Seq }),
	'frames:export-pcapng': v.strictObject({ connectionId: ConnectionId }),
	/** The PUBLISH that carried a message: its topic and its `receivedAtUs` (the frame's stamp). */
	'frames:find-publish': v.strictObject({
		connectionId: ConnectionId,
		topic: TopicPath,
		receivedAtUs: TimeUs,
	}),
	/** The row index of a topic with these nodes expanded (to scroll to a row not in the window). */
	'tree:locate': v.strictObject({
		connectionId: ConnectionId,
		expanded: ExpandedPaths,
		topic: TopicPath,
		shape: v.optional(TreeShapeSchema),
	}),
	/**
	 * "Expand all below": the nodes with children under `topic` ('' for the whole tree), breadth
	 * first, at most `limit` of them (the renderer's expanded set is bounded).
	 */
	'tree:expand-below': v.strictObject({
		connectionId: ConnectionId,
		topic: TopicPath,
		limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
	}),
	/** Type-ahead: the next visible row at or after `fromIndex` whose segment starts with `prefix`. */
	'tree:find-prefix': v.strictObject({
		connectionId: ConnectionId,
		expanded: ExpandedPaths,
		fromIndex: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER)),
		prefix: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
		shape: v.optional(TreeShapeSchema),
	}),
	'topic:payload': v.strictObject({
		...MessageOfTopic,
		offset: Count,
		length: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_PAYLOAD_PAGE_BYTES)),
	}),
	'topic:save-payload': v.strictObject(MessageOfTopic),
	/**
	 * Decodes a message of a topic: `payload` is the whole payload when the renderer holds it all
	 * (never more than a preview), else main reads the message named by its stamp and count.
	 */
	'payload:decode': v.strictObject({
		...MessageOfTopic,
		choice: DecodeChoiceSchema,
		payload: v.optional(v.pipe(Bytes, v.maxLength(MAX_PREVIEW_BYTES))),
		properties: v.optional(DecodeProperties),
		/** A message from history (a row of the history panel): main reads it from there. */
		historyId: v.optional(RowId),
	}),
	'decoders:settings': Empty,
	'decoders:bind': BindingSchema,
	'decoders:unbind': v.strictObject({
		filter: v.pipe(v.string(), v.minLength(1), v.maxLength(65_535)),
	}),
	'decoders:save-proto': v.strictObject({
		name: ProtoFileName,
		text: v.pipe(v.string(), v.maxLength(MAX_PROTO_FILE_CHARS)),
	}),
	'decoders:remove-proto': v.strictObject({ name: ProtoFileName }),
	/** The broker panel opened: subscribes to `$SYS/#` unless a subscription already covers it. */
	'broker:watch-sys': ConnectionOnly,
	/** The `$SYS` values this connection's broker stored in history between two times. */
	'broker:past': v.pipe(
		v.strictObject({
			connectionId: ConnectionId,
			fromMs: Int(0, 8_640_000_000_000_000),
			toMs: Int(0, 8_640_000_000_000_000),
		}),
		v.check((range) => range.fromMs <= range.toMs, 'the range must start before it ends'),
	),
	/** Publishes the Rebirth NCMD to a Sparkplug edge node. */
	'sparkplug:rebirth': v.strictObject({
		connectionId: ConnectionId,
		groupId: SparkplugId,
		edgeNodeId: SparkplugId,
	}),
	'profiles:import': v.strictObject({
		format: v.picklist(IMPORT_FORMATS),
		text: v.pipe(v.string(), v.maxLength(50_000_000)),
		passphrase: v.optional(v.pipe(v.string(), v.maxLength(1_024))),
		/** Absent: when some profiles are already saved, nothing is written and they are listed. */
		choices: v.optional(ImportChoicesSchema),
	}),
	/** Replaces the wanted subscriptions; only the difference is sent. Saved in the profile, if any. */
	'subscriptions:set': v.strictObject({
		connectionId: ConnectionId,
		subscriptions: v.pipe(v.array(SubscriptionSchema), v.maxLength(1_000)),
	}),
	'publish:send': v.strictObject({ connectionId: ConnectionId, draft: PublishDraftSchema }),
	'publish:repeat-start': v.strictObject({
		connectionId: ConnectionId,
		draft: PublishDraftSchema,
		intervalMs: Int(REPEAT_LIMITS.minIntervalMs, REPEAT_LIMITS.maxIntervalMs),
		count: Int(1, REPEAT_LIMITS.maxCount),
	}),
	'publish:repeat-stop': ConnectionOnly,
	/**
	 * A topic's message as a draft, whole payload included ("Edit and publish"); `not-found` when a
	 * newer message replaced the one shown.
	 */
	'publish:draft-from-topic': v.strictObject(MessageOfTopic),
	'publish:history': v.strictObject({
		limit: Int(1, 500),
		beforeId: v.optional(Int(1, Number.MAX_SAFE_INTEGER)),
	}),
	'publish:history-clear': Empty,
	'publish:saved-list': Empty,
	'publish:saved-save': SavedMessageInputSchema,
	'publish:saved-remove': v.strictObject({
		id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
	}),
	/** Request/response: publish and wait for the matching reply. */
	'publish:request': v.strictObject({
		connectionId: ConnectionId,
		draft: PublishDraftSchema,
		/** Generated when absent (MQTT 5); required on 3.1 / 3.1.1. */
		responseTopic: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(65_535))),
		timeoutMs: Int(100, 600_000),
	}),
	/** The dry run of a clear: the topics seen as retained at or below `below` ('' for all). */
	'retained:plan': v.strictObject({ connectionId: ConnectionId, below: TopicPath }),
	'retained:clear': v.strictObject({
		connectionId: ConnectionId,
		below: TopicPath,
		topics: v.pipe(v.array(TopicPath), v.minLength(1), v.maxLength(100_000)),
		/** The count the user confirmed: must equal the number of topics. */
		confirmedCount: Int(1, 100_000),
	}),
	'retained:undo': v.strictObject({
		connectionId: ConnectionId,
		snapshotId: Int(1, Number.MAX_SAFE_INTEGER),
	}),
	/** Where history is, how big, the retention in force, the writer's backlog and shed count. */
	'history:info': Empty,
	/** A topic's messages newest first, by live connection or history connection, paged by key. */
	'history:page': v.pipe(
		v.strictObject({
			connectionId: v.optional(ConnectionId),
			historyConnectionId: v.optional(RowId),
			topic: v.pipe(v.string(), v.minLength(1), v.maxLength(65_535)),
			beforeId: v.optional(RowId),
			limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000)),
			previewBytes: v.optional(PreviewBytes),
		}),
		v.check(
			(page) => (page.connectionId === undefined) !== (page.historyConnectionId === undefined),
			'give connectionId or historyConnectionId',
		),
	),
	/** One stored message with a 64 KiB preview. */
	'history:message': v.strictObject({ id: RowId }),
	/** A slice of a stored payload (at most 4 MiB), for the paged hex/text viewer. */
	'history:payload': v.strictObject({
		id: RowId,
		offset: Count,
		length: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4 * 1024 * 1024)),
	}),
	/** Saves a stored payload's exact bytes where the user says (or lets the renderer download it). */
	'history:save-payload': v.strictObject({ id: RowId }),
	/** Starts a search and answers its first page; `history:search-more` continues it. */
	'history:search': v.strictObject({
		query: HistorySearchQuerySchema,
		limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)),
		previewBytes: v.optional(PreviewBytes),
	}),
	'history:search-more': v.strictObject({
		searchId: JobId,
		beforeId: RowId,
		limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(500)),
		previewBytes: v.optional(PreviewBytes),
	}),
	/** Forgets a search: further pages of it are refused. */
	'history:search-cancel': v.strictObject({ searchId: JobId }),
	'history:set-retention': v.strictObject({ policy: RetentionPolicySchema }),
	/** Starts an export to the data folder's exports/; follow it on `history:job`. */
	'history:export': v.strictObject({
		selection: HistorySelectionSchema,
		format: v.picklist(['ndjson', 'csv']),
	}),
	/** Imports NDJSON (an upload) as connections of its own; follow it on `history:job`. */
	'history:import': v.strictObject({
		text: v.pipe(v.string(), v.maxLength(50_000_000)),
		label: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
	}),
	/** Replays stored messages through a live connection's broker; follow it on `history:job`. */
	'history:replay': v.strictObject({
		selection: HistorySelectionSchema,
		connectionId: ConnectionId,
		speed: v.union([v.pipe(v.number(), v.minValue(0.01), v.maxValue(10_000)), v.literal('max')]),
		rewrite: v.optional(
			v.strictObject({
				from: v.pipe(v.string(), v.maxLength(65_535)),
				to: v.pipe(v.string(), v.maxLength(65_535)),
			}),
		),
		stripRetain: v.boolean(),
		dryRun: v.boolean(),
	}),
	'history:job-cancel': v.strictObject({ jobId: JobId }),
	/**
	 * A chart series: a topic's numeric values (the payload, or a JSON path such as `data.temp`)
	 * down-sampled in the database to `buckets` min/max buckets; no range: the topic's whole span.
	 */
	'history:series': v.pipe(
		v.strictObject({
			connectionId: v.optional(ConnectionId),
			historyConnectionId: v.optional(RowId),
			topic: v.pipe(v.string(), v.minLength(1), v.maxLength(65_535)),
			path: v.pipe(v.string(), v.maxLength(1_000)),
			sinceUs: v.optional(TimeUs),
			untilUs: v.optional(TimeUs),
			buckets: Int(1, 4_000),
		}),
		v.check(
			(series) =>
				(series.connectionId === undefined) !== (series.historyConnectionId === undefined),
			'give connectionId or historyConnectionId',
		),
		v.check(
			(series) =>
				series.sinceUs === undefined ||
				series.untilUs === undefined ||
				series.sinceUs < series.untilUs,
			'sinceUs must be before untilUs',
		),
	),
	/** The history connection a live connection's messages are filed under (null: none yet). */
	'history:connection-of': ConnectionOnly,
	/** A page of a finished export's file, for browser mode to download (names from `history:export`). */
	'history:export-read': v.strictObject({
		fileName: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
		offset: Count,
		length: Int(1, 4 * 1024 * 1024),
	}),
	/** A stored message as a draft, whole payload included ("Edit and publish" on a history row). */
	'publish:draft-from-history': v.strictObject({ id: RowId }),
	/**
	 * Probes the broker of a connection (its address, TLS and credentials, with client ids of the
	 * check's own); follow it on `broker:check-progress`. A check already running is answered.
	 */
	'broker:check': ConnectionOnly,
} as const;

export interface AppInfo {
	readonly version: string;
	readonly shell: 'electron' | 'browser' | 'test';
	readonly platform: string;
}

export interface Responses extends DesktopResponses {
	'app:info': AppInfo;
	'connections:connect': ConnectionSummary;
	'connections:disconnect': ConnectionSummary;
	'connections:remove': null;
	'connections:reconnect': ConnectionSummary;
	'connections:list': readonly ConnectionSummary[];
	'local-broker:connect': ConnectionSummary;
	'profiles:list': ProfilesOverview;
	'profiles:save': ProfileView;
	'profiles:duplicate': ProfileView;
	'profiles:remove': null;
	'profiles:move': ProfileView;
	'profiles:connect': ConnectionSummary;
	'profiles:export': { readonly json: string; readonly fileName: string };
	'profiles:import': ProfileImportResult;
	'frames:get': FrameDetail;
	'frames:export-pcapng': {
		readonly bytes: Uint8Array;
		readonly fileName: string;
		readonly frameCount: number;
	};
	/** Null when the topic is unknown or an ancestor is collapsed. */
	'tree:locate': TreeRowLocation | null;
	/** Null when no visible row matches. */
	'tree:find-prefix': TreeRowLocation | null;
	'tree:expand-below': TreeExpandBelow;
	'frames:find-publish': PublishLookup;
	/** Bytes of a topic's message; `not-found` when that message has been replaced since. */
	'topic:payload': PayloadPage;
	/**
	 * `download`: this shell has no save dialog, the renderer downloads the bytes itself (browser
	 * mode); otherwise the shell asked the user where to save them.
	 */
	'topic:save-payload': { readonly outcome: 'saved' | 'cancelled' | 'download' };
	'subscriptions:set': SubscriptionsEditReport;
	'publish:send': PublishReport;
	'publish:repeat-start': RepeatRunView;
	/** Null when no run was made on this connection. */
	'publish:repeat-stop': RepeatRunView | null;
	'publish:draft-from-topic': PublishDraft;
	'publish:history': readonly PublishHistoryEntry[];
	'publish:history-clear': null;
	'publish:saved-list': readonly SavedMessage[];
	'publish:saved-save': SavedMessage;
	'publish:saved-remove': null;
	'publish:request': RequestReplyView;
	'retained:plan': RetainedClearPlan;
	'retained:clear': RetainedOperationReport;
	'retained:undo': RetainedOperationReport;
	'payload:decode': DecodedPayload;
	'decoders:settings': DecoderSettings;
	'decoders:bind': DecoderSettings;
	'decoders:unbind': DecoderSettings;
	'decoders:save-proto': DecoderSettings;
	'decoders:remove-proto': DecoderSettings;
	'broker:watch-sys': SysWatch;
	'broker:past': BrokerPast;
	/** The NCMD's topic. */
	'sparkplug:rebirth': { readonly topic: string };
	'history:info': HistoryInfo;
	'history:page': HistoryPage;
	'history:message': HistoryItem;
	'history:payload': {
		readonly bytes: Uint8Array;
		readonly sizeBytes: number;
		readonly offset: number;
	};
	/**
	 * `download`: no save dialog in this shell; the renderer downloads the bytes itself, reading
	 * `history:payload` page by page (browser mode). Otherwise the user was asked where to save.
	 */
	'history:save-payload': {
		readonly outcome: 'saved' | 'cancelled' | 'download';
		readonly fileName: string;
		readonly sizeBytes: number;
	};
	'history:search': { readonly searchId: string; readonly page: HistorySearchPage };
	'history:search-more': HistorySearchPage;
	'history:search-cancel': null;
	'history:set-retention': RetentionPolicy;
	'history:export': { readonly jobId: string; readonly fileName: string };
	'history:import': { readonly jobId: string };
	'history:replay': { readonly jobId: string };
	'history:job-cancel': null;
	'history:series': HistorySeries;
	'history:connection-of': number | null;
	'history:export-read': {
		readonly bytes: Uint8Array;
		readonly sizeBytes: number;
		readonly offset: number;
	};
	'publish:draft-from-history': PublishDraft;
	'broker:check': { readonly checkId: string };
}

export const streams = {
	'connections:state': Empty,
	...desktopStreams,
	'tree:patch': v.strictObject({
		connectionId: ConnectionId,
		expanded: v.pipe(v.array(TopicPath), v.maxLength(10_000)),
		offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
		limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000)),
		shape: v.optional(TreeShapeSchema),
	}),
	'topic:message': v.strictObject({ connectionId: ConnectionId, topic: TopicPath }),
	/** One Sparkplug edge node's session, seq and metrics table. */
	'sparkplug:node': v.strictObject({
		connectionId: ConnectionId,
		groupId: SparkplugId,
		edgeNodeId: SparkplugId,
	}),
	/** The status bar: messages and bytes per second, and what pacing this window coalesced or shed. */
	'connection:traffic': v.strictObject({ connectionId: ConnectionId }),
	/** The broker panel: `$SYS` tiles, rates, and the busiest topics and subtrees at `depth`. */
	'broker:stats': v.strictObject({
		connectionId: ConnectionId,
		depth: Int(1, 32),
		rankBy: v.picklist(['messages', 'bytes']),
		limit: Int(1, 200),
	}),
	'frames:window': v.strictObject({
		connectionId: ConnectionId,
		offset: v.pipe(v.number(), v.integer(), v.minValue(0)),
		limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000)),
		/** Keep the window on the newest frames as they arrive (offset is then ignored). */
		follow: v.boolean(),
		/** Paused: only frames before this sequence number, rows kept in place (FramesView.frozen). */
		untilSeq: v.optional(Seq),
		/** The paused list's row count as last received, so its rows stay put if the stream reopens. */
		frozenRows: v.optional(Count),
		filter: v.strictObject({
			types: v.optional(
				v.pipe(
					v.array(v.picklist(FRAME_TYPES as readonly [FrameType, ...FrameType[]])),
					v.maxLength(20),
				),
			),
			direction: v.optional(v.picklist(['in', 'out'])),
			topicFilter: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(65_535))),
		}),
	}),
	'subscriptions:state': ConnectionOnly,
	'publish:state': ConnectionOnly,
	'retained:list': v.strictObject({
		connectionId: ConnectionId,
		below: TopicPath,
		offset: Int(0, Number.MAX_SAFE_INTEGER),
		limit: Int(1, 1_000),
	}),
	/** A history job's progress (export, import, replay) until it ends. */
	'history:job': v.strictObject({ jobId: JobId }),
	/** The writer's counters (backlog, shed, written), when they change. */
	'history:stats': Empty,
	/** A broker check's steps as they finish, then its report. */
	'broker:check-progress': v.strictObject({ checkId: JobId }),
} as const;

export interface StreamMessages extends DesktopStreamMessages {
	/** The full list of connections, every time one changes (it is small). */
	'connections:state': { readonly connections: readonly ConnectionSummary[] };
	'tree:patch': TreePatch;
	/** The selected topic's last message, or null before one arrives. */
	'topic:message': { readonly message: MessageView | null };
	/** Null while no message of that node was received. */
	'sparkplug:node': { readonly node: SparkplugNodeView | null };
	/** At most once a second, when something changed. */
	'connection:traffic': TrafficStats;
	/** At most once a second, when something changed. */
	'broker:stats': BrokerStatsView;
	/** The visible window of a connection's frames, at most once per flush when it changed. */
	'frames:window': FramesView;
	/** A connection's subscriptions with the broker's answers and live counts. */
	'subscriptions:state': SubscriptionsView;
	/** The publish panel's repeat run. */
	'publish:state': PublishPanelView;
	/** A window of the topics seen with a retained message, and the clears that can be undone. */
	'retained:list': RetainedListView;
	'history:job': HistoryJob;
	'history:stats': HistoryStats;
	'broker:check-progress': BrokerCheckView;
}

/** What the UI shows beside history: writer lag and loss, never silent. */
export interface HistoryStats {
	readonly written: number;
	readonly backlogMessages: number;
	readonly backlogBytes: number;
	readonly shed: number;
	readonly failed: number;
}

export type RequestChannel = keyof typeof requests;
export type StreamChannel = keyof typeof streams;
export type RequestOf<C extends RequestChannel> = v.InferOutput<(typeof requests)[C]>;
export type ParamsOf<S extends StreamChannel> = v.InferOutput<(typeof streams)[S]>;

/** What crosses the transport for a stream: main numbers every message from 0. */
export interface StreamEnvelope<T> {
	readonly seq: number;
	readonly data: T;
}

type SymmetricDifference<A, B> = Exclude<A, B> | Exclude<B, A>;
type AssertNever<T extends never> = T;
// A channel declared on one side only fails to compile here.
export type SameRequestChannels = AssertNever<
	SymmetricDifference<keyof typeof requests, keyof Responses>
>;
export type SameStreamChannels = AssertNever<
	SymmetricDifference<keyof typeof streams, keyof StreamMessages>
>;

export function isRequestChannel(channel: string): channel is RequestChannel {
	return Object.hasOwn(requests, channel);
}

export function isStreamChannel(channel: string): channel is StreamChannel {
	return Object.hasOwn(streams, channel);
}
