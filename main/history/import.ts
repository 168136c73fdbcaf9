/**
 * NDJSON into history: each distinct `connection` of the file becomes a connection of its own
 * (`<name> (imported)`), written in chunked transactions. A malformed line stops the import with
 * its line number and removes what this import wrote: nothing stored before is touched.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { messageFromJson } from '../../shared/model/message-json';
import { err, ok, type Result } from '../../shared/result';
import { messageFlags } from './batch-codec';
import { propertiesToJson } from '../../shared/model/message-json';
import type { HistoryWriter, StoredMessage } from './history-writer';

const CHUNK_ROWS = 2000;

export interface ImportReport {
	readonly rows: number;
	/** The history connections created, by the file's connection names. */
	readonly connections: readonly { readonly id: number; readonly name: string }[];
}

/** Imports lines (each one NDJSON message); empty lines are skipped. */
export async function importNdjson(
	writer: HistoryWriter,
	lines: AsyncIterable<string> | Iterable<string>,
	options: { readonly label?: string; readonly onProgress?: (rows: number) => void } = {},
): Promise<Result<ImportReport>> {
	const batchKey = randomUUID();
	const created = new Map<string, number>();
	const pending = new Map<number, (StoredMessage & { topic: string })[]>();
	let rows = 0;
	let lineNumber = 0;
	const flush = (): void => {
		for (const [connectionId, messages] of pending) writer.writeMessages(connectionId, messages);
		pending.clear();
	};
	const undo = (): void => {
		for (const id of created.values()) writer.removeConnection(id);
	};
	try {
		for await (const line of lines) {
			lineNumber++;
			if (line.trim() === '') continue;
			let value: unknown;
			try {
				value = JSON.parse(line);
			} catch (error) {
				// Bad input, reported with its line, not a bug.
				undo();
				const why = error instanceof Error ? error.message : String(error);
				return err(
					'invalid-request',
					`Line ${lineNumber} is not JSON (${why}); nothing was imported.`,
				);
			}
			const message = messageFromJson(value);
			if (!message.ok) {
				undo();
				return err(
					'invalid-request',
					`Line ${lineNumber}: ${message.error.message} Nothing was imported.`,
				);
			}
			const name = message.value.connection || 'unnamed';
			let connectionId = created.get(name);
			if (connectionId === undefined) {
				connectionId = writer.sourceId({
					key: `import:${batchKey}:${name}`,
					name: `${name} (${options.label ?? 'imported'})`,
					kind: 'import',
				});
				created.set(name, connectionId);
			}
			const properties = propertiesToJson(message.value.properties);
			const list = pending.get(connectionId) ?? [];
			list.push({
				topic: message.value.topic,
				timeUs: message.value.timeUs,
				flags: messageFlags({ ...message.value, dup: false }),
				payload: message.value.payload,
				propertiesJson: properties === undefined ? null : JSON.stringify(properties),
			});
			pending.set(connectionId, list);
			rows++;
			if (rows % CHUNK_ROWS === 0) {
				flush();
				options.onProgress?.(rows);
				await nextTurn();
			}
		}
		flush();
	} catch (error) {
		// A disk or database failure mid-way: take back what this import wrote, then report it.
		undo();
		throw error;
	}
	options.onProgress?.(rows);
	return ok({
		rows,
		connections: [...created].map(([name, id]) => ({ id, name })),
	});
}
