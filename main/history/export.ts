/**
 * Exports to a stream with constant memory: a page of rows at a time, each written before the next
 * is read, waiting whenever the stream asks to (backpressure), yielding to the event loop between
 * pages so the app stays responsive.
 *
 * NDJSON is lossless (shared/model/message-json.ts). CSV (RFC 4180: CRLF, fields quoted when they
 * hold a comma, quote or line break, quotes doubled) is for spreadsheets: one row per message, the
 * payload as text when it is UTF-8, else base64, and the properties as their JSON.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { toBase64 } from '../../shared/encoding/base64';
import {
	formatTimeUs,
	messageToJsonLine,
	propertiesToJson,
	utf8Text,
} from '../../shared/model/message-json';
import type { HistoryReader } from './history-reader';
import { selectPages, type SelectedMessage, type Selection } from './selection';

export type ExportFormat = 'ndjson' | 'csv';

export interface ExportProgress {
	readonly rows: number;
	readonly bytes: number;
}

export interface ExportOptions {
	readonly signal?: AbortSignal;
	/** Called after each page written. */
	readonly onProgress?: (progress: ExportProgress) => void;
}

export const CSV_HEADER =
	'time,connection,topic,qos,retain,direction,size,payloadEncoding,payload,properties';

function csvField(value: string): string {
	return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV row (no line end) for a message. */
export function messageToCsvRow(message: SelectedMessage): string {
	const text = utf8Text(message.payload);
	const properties = propertiesToJson(message.properties);
	return [
		formatTimeUs(message.timeUs),
		csvField(message.connection),
		csvField(message.topic),
		String(message.qos),
		String(message.retain),
		message.direction,
		String(message.payload.length),
		text === undefined ? 'base64' : 'text',
		csvField(text ?? toBase64(message.payload)),
		properties === undefined ? '' : csvField(JSON.stringify(properties)),
	].join(',');
}

/** Writes the selected messages to `out` (which the caller ends); resolves with the totals. */
export async function exportHistory(
	reader: HistoryReader,
	selection: Selection,
	format: ExportFormat,
	out: Writable,
	options: ExportOptions = {},
): Promise<ExportProgress & { readonly isCancelled: boolean }> {
	let rows = 0;
	let bytes = 0;
	const write = async (text: string): Promise<void> => {
		bytes += Buffer.byteLength(text);
		if (!out.write(text)) await once(out, 'drain');
	};
	if (format === 'csv') await write(`${CSV_HEADER}\r\n`);
	for (const page of selectPages(reader, selection)) {
		if (options.signal?.aborted) return { rows, bytes, isCancelled: true };
		if (page.length > 0) {
			const lines =
				format === 'csv'
					? page.map((message) => `${messageToCsvRow(message)}\r\n`)
					: page.map((message) => `${messageToJsonLine(message)}\n`);
			rows += page.length;
			await write(lines.join(''));
			options.onProgress?.({ rows, bytes });
		}
		// Let sockets and timers run between pages.
		await nextTurn();
	}
	return { rows, bytes, isCancelled: false };
}
