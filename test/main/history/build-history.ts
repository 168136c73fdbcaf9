/** Builds history files for tests fast: the writer's direct path, thousands of rows per transaction. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { HistorySource } from '../../../main/history/batch-codec';
import { openHistoryDb } from '../../../main/history/history-db';
import { HistoryWriter, type StoredMessage } from '../../../main/history/history-writer';

export interface TestHistory {
	readonly path: string;
	readonly db: Database.Database;
	readonly writer: HistoryWriter;
	source(source: Partial<HistorySource> & { key: string }): number;
	add(
		connectionId: number,
		messages: readonly (Partial<StoredMessage> & { topic: string; text?: string })[],
	): void;
}

export function createTestHistory(
	dir = mkdtempSync(join(tmpdir(), 'topicscope-test-history-')),
): TestHistory {
	const path = join(dir, 'history.sqlite');
	const db = openHistoryDb(path);
	if (!db.ok) throw new Error(db.error.message);
	const writer = new HistoryWriter(db.value);
	return {
		path,
		db: db.value,
		writer,
		source: (source) => writer.sourceId({ name: source.key, kind: 'live', ...source }),
		add(connectionId, messages) {
			writer.writeMessages(
				connectionId,
				messages.map((m) => ({
					topic: m.topic,
					timeUs: m.timeUs ?? 0,
					flags: m.flags ?? 0,
					payload: m.payload ?? new TextEncoder().encode(m.text ?? ''),
					propertiesJson: m.propertiesJson ?? null,
				})),
			);
		},
	};
}
