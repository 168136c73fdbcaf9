/**
 * Which stored messages an export or a replay takes: a topic filter, connections, a time range.
 * Rows are walked oldest first by id, a page at a time; the topic test is cached per topic id.
 */
import type { MessageProperties } from '../../shared/model/message';
import type { MessageRecord } from '../../shared/model/message-json';
import { matchTopic } from '../../shared/mqtt/topic';
import type { QoS } from '../../shared/mqtt/protocol';
import { FLAG_OUT, FLAG_RETAIN } from './batch-codec';
import { parseProperties, type HistoryReader, type MessageRow } from './history-reader';

export interface Selection {
	readonly topicFilter?: string;
	readonly connectionIds?: readonly number[];
	readonly sinceUs?: number;
	readonly untilUs?: number;
}

/** A selected row, whole: payload reassembled, names resolved. */
export interface SelectedMessage extends MessageRecord {
	readonly id: number;
	readonly connectionId: number;
}

const PAGE_ROWS = 1000;

/** Pages of whole selected messages, oldest first; `afterId` resumes. */
export function* selectPages(
	reader: HistoryReader,
	selection: Selection,
	afterId = 0,
): Generator<SelectedMessage[]> {
	const topicMatches = new Map<number, boolean>();
	const connections =
		selection.connectionIds === undefined ? null : new Set(selection.connectionIds);
	const isWanted = (row: MessageRow): boolean => {
		if (selection.sinceUs !== undefined && row.time_us < selection.sinceUs) return false;
		if (selection.untilUs !== undefined && row.time_us > selection.untilUs) return false;
		let isMatch = topicMatches.get(row.topic_id);
		if (isMatch === undefined) {
			const topic = reader.topic(row.topic_id);
			isMatch =
				topic !== undefined &&
				(connections === null || connections.has(topic.connectionId)) &&
				(selection.topicFilter === undefined || matchTopic(selection.topicFilter, topic.name));
			topicMatches.set(row.topic_id, isMatch);
		}
		return isMatch;
	};
	let cursor = afterId;
	for (;;) {
		const rows = reader.rowsAfter(cursor, PAGE_ROWS);
		if (rows.length === 0) return;
		const page: SelectedMessage[] = [];
		for (const row of rows) {
			if (isWanted(row)) page.push(toSelected(reader, row));
		}
		cursor = (rows.at(-1) as MessageRow).id;
		yield page;
		if (rows.length < PAGE_ROWS) return;
	}
}

/** A row made whole: payload reassembled, topic and connection names resolved. */
export function toSelected(reader: HistoryReader, row: MessageRow): SelectedMessage {
	const topic = reader.topic(row.topic_id);
	const connectionId = topic?.connectionId ?? 0;
	const properties: MessageProperties | undefined = parseProperties(row.properties);
	return {
		id: row.id,
		connectionId,
		connection: reader.connection(connectionId)?.name ?? '',
		topic: topic?.name ?? '',
		timeUs: row.time_us,
		qos: (row.flags & 3) as QoS,
		retain: (row.flags & FLAG_RETAIN) !== 0,
		direction: (row.flags & FLAG_OUT) !== 0 ? 'out' : 'in',
		payload: reader.fullPayload(row),
		properties,
	};
}
