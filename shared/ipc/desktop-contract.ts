/**
 * The desktop channels (settings, About, folders, updates, copy as mosquitto_pub, find in tree,
 * the activity summary), spread into the contract (contract.ts) so they are validated and typed
 * like every other channel.
 */
import * as v from 'valibot';
import {
	APP_FOLDERS,
	type AboutInfo,
	type ActivitySample,
	type TreeFindResult,
} from '../model/desktop';
import type { PublishCommand } from '../model/mosquitto-pub';
import { SettingsPatchSchema, type AppSettings } from '../model/settings';
import type { UpdateStatus } from '../model/updates';

// The same bounds as contract.ts gives these.
const ConnectionId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const TopicPath = v.pipe(v.string(), v.maxLength(65_535));
const Count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const Empty = v.strictObject({});

export const desktopRequests = {
	'settings:get': Empty,
	'settings:update': SettingsPatchSchema,
	'app:about': Empty,
	/** Opens the log or data folder in the file manager: named by kind, never by path. */
	'app:open-folder': v.strictObject({ folder: v.picklist(APP_FOLDERS) }),
	/** A check the user asked for (background checks run by themselves). */
	'updates:check': Empty,
	/** The user agreed to download the release found. */
	'updates:download': Empty,
	'updates:install': Empty,
	/** A topic's message (its last one without stamp and count) as a mosquitto_pub command. */
	'topic:publish-command': v.strictObject({
		connectionId: ConnectionId,
		topic: TopicPath,
		receivedAtUs: v.optional(Count),
		messageCount: v.optional(Count),
	}),
	/** Topics whose path contains `text` (case-insensitive), in display order, the first `limit`. */
	'tree:find': v.strictObject({
		connectionId: ConnectionId,
		text: v.pipe(v.string(), v.minLength(1), v.maxLength(1_000)),
		limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000)),
	}),
} as const;

export interface DesktopResponses {
	'settings:get': AppSettings;
	'settings:update': AppSettings;
	'app:about': AboutInfo;
	'app:open-folder': null;
	'updates:check': UpdateStatus;
	'updates:download': UpdateStatus;
	'updates:install': null;
	'topic:publish-command': PublishCommand;
	'tree:find': TreeFindResult;
}

export const desktopStreams = {
	'updates:state': Empty,
	'activity:summary': v.strictObject({ connectionId: ConnectionId }),
} as const;

export interface DesktopStreamMessages {
	'updates:state': UpdateStatus;
	'activity:summary': ActivitySample;
}
