/**
 * `topicscope history export|search|import`: queries on a history file (one the app keeps, or one
 * `topicscope record` writes). Output is the NDJSON every Topicscope tool writes (export's keys),
 * or CSV for spreadsheets. A file that is not a history, a newer schema, a malformed NDJSON line or
 * an invalid filter is reported in words with a non-zero exit, and nothing stored is changed.
 */
import { createInterface } from 'node:readline';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { HistorySearchQuery } from '../../shared/model/history';
import { messageToJsonLine } from '../../shared/model/message-json';
import { validateTopicFilter } from '../../shared/mqtt/topic';
import { err, ok, type Result } from '../../shared/result';
import { exportHistory, type ExportFormat } from '../history/export';
import { openHistoryDb } from '../history/history-db';
import { HistoryWriter } from '../history/history-writer';
import { importNdjson } from '../history/import';
import { readIndexedUpTo } from '../history/fts-indexer';
import { HistorySearch } from '../history/search';
import { toSelected, type Selection } from '../history/selection';
import type { HistoryReader } from '../history/history-reader';
import { EXIT_USAGE, fail, openReader, parseCommandArgs, parseTimeArg } from './cli-common';

export const HISTORY_USAGE = `Usage:
  topicscope history export --db FILE [-t FILTER]… [--since T] [--until T] [--connection NAME]
                            [--format ndjson|csv] [-o FILE]
  topicscope history search --db FILE [-t FILTER] [--since T] [--until T] [--qos 0,1,2]
                            [--retain|--no-retain] [--direction in|out] [--limit N] [TEXT]
  topicscope history import --db FILE [--label TEXT] < messages.ndjson

T is an RFC 3339 time (2024-05-01T12:00:00Z) or a duration ago (30m, 2h, 7d). Export and search
print one JSON object per message: time, connection, topic, qos, retain, direction, payloadBase64,
payloadText (when UTF-8), size, properties.
`;

const SELECTION_OPTIONS = {
	db: { type: 'string' },
	topic: { type: 'string', short: 't', multiple: true },
	since: { type: 'string' },
	until: { type: 'string' },
	connection: { type: 'string', multiple: true },
	help: { type: 'boolean' },
} as const;

interface SelectionValues {
	readonly topic?: readonly string[];
	readonly since?: string;
	readonly until?: string;
	readonly connection?: readonly string[];
}

/** The selection the options describe; several -t give several exports' worth, one per filter. */
function selectionFrom(values: SelectionValues, reader: HistoryReader): Result<Selection[]> {
	const base: { -readonly [K in keyof Selection]: Selection[K] } = {};
	if (values.since !== undefined) {
		const since = parseTimeArg(values.since, '--since');
		if (!since.ok) return since;
		base.sinceUs = since.value;
	}
	if (values.until !== undefined) {
		const until = parseTimeArg(values.until, '--until');
		if (!until.ok) return until;
		base.untilUs = until.value;
	}
	if (values.connection !== undefined) {
		const all = reader.connections();
		const ids: number[] = [];
		for (const name of values.connection) {
			const found = all.filter((c) => c.name === name || c.key === name);
			if (found.length === 0) {
				return err(
					'not-found',
					`No connection named '${name}' in this history (it has: ${all.map((c) => c.name).join(', ') || 'none'}).`,
				);
			}
			ids.push(...found.map((c) => c.id));
		}
		base.connectionIds = ids;
	}
	const filters = values.topic ?? [];
	for (const filter of filters) {
		const checked = validateTopicFilter(filter);
		if (!checked.ok) return err('invalid-topic-filter', `-t '${filter}': ${checked.error.message}`);
	}
	return ok(
		filters.length === 0 ? [base] : filters.map((topicFilter) => ({ ...base, topicFilter })),
	);
}

async function runExport(args: readonly string[]): Promise<number> {
	const parsed = parseCommandArgs(args, {
		...SELECTION_OPTIONS,
		format: { type: 'string' },
		output: { type: 'string', short: 'o' },
	});
	if (!parsed.ok)
		return fail('history export', `${parsed.error.message}\n\n${HISTORY_USAGE}`, EXIT_USAGE);
	const { values } = parsed.value;
	if (values.db === undefined)
		return fail('history export', 'say which history: --db FILE.', EXIT_USAGE);
	const format = (values.format ?? 'ndjson') as ExportFormat;
	if (format !== 'ndjson' && format !== 'csv') {
		return fail(
			'history export',
			`--format takes ndjson or csv, not '${values.format ?? ''}'.`,
			EXIT_USAGE,
		);
	}
	const reader = openReader(values.db);
	if (!reader.ok) return fail('history export', reader.error.message);
	const selections = selectionFrom(values, reader.value);
	if (!selections.ok) return fail('history export', selections.error.message, EXIT_USAGE);
	if (selections.value.length > 1) {
		return fail(
			'history export',
			'give one -t filter (use # or + to take several topics).',
			EXIT_USAGE,
		);
	}
	const out: Writable =
		values.output === undefined ? process.stdout : createWriteStream(values.output);
	const result = await exportHistory(reader.value, selections.value[0] ?? {}, format, out);
	if (out !== process.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
	reader.value.db.close();
	process.stderr.write(
		`topicscope history export: ${result.rows} messages, ${result.bytes} bytes\n`,
	);
	return 0;
}

async function runSearch(args: readonly string[]): Promise<number> {
	const parsed = parseCommandArgs(
		args,
		{
			...SELECTION_OPTIONS,
			qos: { type: 'string' },
			retain: { type: 'boolean' },
			'no-retain': { type: 'boolean' },
			direction: { type: 'string' },
			limit: { type: 'string' },
		},
		true,
	);
	if (!parsed.ok)
		return fail('history search', `${parsed.error.message}\n\n${HISTORY_USAGE}`, EXIT_USAGE);
	const { values, positionals } = parsed.value;
	if (values.db === undefined)
		return fail('history search', 'say which history: --db FILE.', EXIT_USAGE);
	if (positionals.length > 1) {
		return fail(
			'history search',
			`give one search text (quote it when it has spaces), not ${positionals.length}.`,
			EXIT_USAGE,
		);
	}
	const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
	if (!(limit > 0) || (values.limit !== undefined && !/^\d+$/.test(values.limit))) {
		return fail(
			'history search',
			`--limit takes a positive whole number, not '${values.limit ?? ''}'.`,
			EXIT_USAGE,
		);
	}
	const reader = openReader(values.db);
	if (!reader.ok) return fail('history search', reader.error.message);
	const selections = selectionFrom(values, reader.value);
	if (!selections.ok) return fail('history search', selections.error.message, EXIT_USAGE);
	if (selections.value.length > 1) return fail('history search', 'give one -t filter.', EXIT_USAGE);
	const selection = selections.value[0] ?? {};
	const query: { -readonly [K in keyof HistorySearchQuery]: HistorySearchQuery[K] } = {
		...selection,
	};
	if (positionals[0] !== undefined && positionals[0] !== '') query.text = positionals[0];
	if (values.qos !== undefined) {
		const levels = values.qos.split(',');
		if (!levels.every((level) => level === '0' || level === '1' || level === '2')) {
			return fail(
				'history search',
				`--qos takes levels such as 1 or 0,1, not '${values.qos}'.`,
				EXIT_USAGE,
			);
		}
		query.qos = levels.map((level) => Number(level) as 0 | 1 | 2);
	}
	if (values.retain === true) query.retain = true;
	if (values['no-retain'] === true) query.retain = false;
	if (values.direction !== undefined) {
		if (values.direction !== 'in' && values.direction !== 'out') {
			return fail(
				'history search',
				`--direction takes in or out, not '${values.direction}'.`,
				EXIT_USAGE,
			);
		}
		query.direction = values.direction;
	}
	const search = new HistorySearch(reader.value, query);
	const indexedUpTo = readIndexedUpTo(reader.value.db);
	let printed = 0;
	let beforeId: number | null = null;
	for (;;) {
		const page = search.page(beforeId, {
			limit: Math.min(500, limit - printed),
			maxScan: 200_000,
			previewBytes: 0,
			indexedUpTo,
		});
		const lines: string[] = [];
		for (const item of page.items) {
			const row = reader.value.row(item.id);
			if (row !== undefined) lines.push(`${messageToJsonLine(toSelected(reader.value, row))}\n`);
		}
		printed += lines.length;
		if (lines.length > 0 && !process.stdout.write(lines.join(''))) {
			await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
		}
		if (page.isDone || page.nextBeforeId === null || printed >= limit) break;
		beforeId = page.nextBeforeId;
	}
	reader.value.db.close();
	return 0;
}

async function runImport(args: readonly string[]): Promise<number> {
	const parsed = parseCommandArgs(args, { db: { type: 'string' }, label: { type: 'string' } });
	if (!parsed.ok)
		return fail('history import', `${parsed.error.message}\n\n${HISTORY_USAGE}`, EXIT_USAGE);
	const { values } = parsed.value;
	if (values.db === undefined)
		return fail('history import', 'say which history: --db FILE.', EXIT_USAGE);
	const db = openHistoryDb(values.db);
	if (!db.ok) return fail('history import', db.error.message);
	const writer = new HistoryWriter(db.value);
	const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
	const label = values.label ?? `imported ${new Date().toISOString().slice(0, 19)}Z`;
	const result = await importNdjson(writer, lines, { label });
	db.value.close();
	if (!result.ok) return fail('history import', result.error.message);
	const names = result.value.connections.map((c) => c.name).join(', ');
	process.stderr.write(
		`topicscope history import: ${result.value.rows} messages imported${names ? ` (${names})` : ''}\n`,
	);
	return 0;
}

export async function runHistory(args: readonly string[]): Promise<number> {
	const [sub, ...rest] = args;
	switch (sub) {
		case 'export':
			return runExport(rest);
		case 'search':
			return runSearch(rest);
		case 'import':
			return runImport(rest);
		case '--help':
		case undefined:
			process.stdout.write(HISTORY_USAGE);
			return sub === undefined ? EXIT_USAGE : 0;
		default:
			return fail(
				'history',
				`unknown command '${sub}': say export, search or import.\n\n${HISTORY_USAGE}`,
				EXIT_USAGE,
			);
	}
}
