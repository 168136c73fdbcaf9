/**
 * Retention: what to delete (a pure decision per row) and pruning in small chunks, oldest first,
 * so it never holds the write lock long enough to stall ingest.
 *
 * A message goes when its connection or the whole history is over a row or byte limit, or when it
 * is older than the smallest maximum age that applies, unless its topic would be left with fewer
 * than `keepPerTopic` newer messages. Counters (rows, bytes per connection) are kept by the writer,
 * so deciding needs no COUNT(*).
 */
import type Database from 'better-sqlite3';
import type { RetentionLimits, RetentionPolicy } from '../../shared/model/history';
import { PAYLOAD_INLINE_BYTES, rowBytes } from './history-writer';

export interface ConnectionTotals {
	readonly id: number;
	readonly key: string;
	readonly rows: number;
	readonly bytes: number;
}

/** What must go, per connection and overall, at one moment. */
export interface RetentionPlan {
	/** Rows and bytes over the limit for each connection id (absent: within limits). */
	readonly excess: Map<number, { rows: number; bytes: number }>;
	readonly globalExcess: { rows: number; bytes: number };
	/** Messages older than this (µs) go, per connection id (absent: no age limit). */
	readonly cutoffUs: Map<number, number>;
	readonly keepPerTopic: Map<number, number>;
	readonly isIdle: boolean;
}

function over(limit: number | undefined, value: number): number {
	return limit === undefined ? 0 : Math.max(0, value - limit);
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
	if (a === undefined) return b;
	if (b === undefined) return a;
	return Math.min(a, b);
}

/** Decides what the policy asks of these totals now; pure. */
export function planRetention(
	policy: RetentionPolicy,
	totals: readonly ConnectionTotals[],
	nowUs: number,
): RetentionPlan {
	const excess = new Map<number, { rows: number; bytes: number }>();
	const cutoffUs = new Map<number, number>();
	const keepPerTopic = new Map<number, number>();
	let rows = 0;
	let bytes = 0;
	for (const connection of totals) {
		rows += connection.rows;
		bytes += connection.bytes;
		const own: RetentionLimits = policy.connections[connection.key] ?? {};
		const connectionExcess = {
			rows: over(own.maxRows, connection.rows),
			bytes: over(own.maxBytes, connection.bytes),
		};
		if (connectionExcess.rows > 0 || connectionExcess.bytes > 0)
			excess.set(connection.id, connectionExcess);
		const maxAgeMs = minDefined(own.maxAgeMs, policy.global.maxAgeMs);
		if (maxAgeMs !== undefined) cutoffUs.set(connection.id, nowUs - maxAgeMs * 1000);
		const keep = Math.max(own.keepPerTopic ?? 0, policy.global.keepPerTopic ?? 0);
		if (keep > 0) keepPerTopic.set(connection.id, keep);
	}
	const globalExcess = {
		rows: over(policy.global.maxRows, rows),
		bytes: over(policy.global.maxBytes, bytes),
	};
	const isIdle =
		excess.size === 0 && globalExcess.rows === 0 && globalExcess.bytes === 0 && cutoffUs.size === 0;
	return { excess, globalExcess, cutoffUs, keepPerTopic, isIdle };
}

/** Whether this row is one the plan wants gone (before the keep-per-topic check). */
export function isDue(plan: RetentionPlan, connectionId: number, timeUs: number): boolean {
	const own = plan.excess.get(connectionId);
	if (own !== undefined && (own.rows > 0 || own.bytes > 0)) return true;
	if (plan.globalExcess.rows > 0 || plan.globalExcess.bytes > 0) return true;
	const cutoff = plan.cutoffUs.get(connectionId);
	return cutoff !== undefined && timeUs < cutoff;
}

/** Counts a deleted row against the plan's excess. */
function settle(plan: RetentionPlan, connectionId: number, bytes: number): void {
	const own = plan.excess.get(connectionId);
	if (own !== undefined) {
		own.rows = Math.max(0, own.rows - 1);
		own.bytes = Math.max(0, own.bytes - bytes);
	}
	plan.globalExcess.rows = Math.max(0, plan.globalExcess.rows - 1);
	plan.globalExcess.bytes = Math.max(0, plan.globalExcess.bytes - bytes);
}

interface Candidate {
	readonly id: number;
	readonly topic_id: number;
	readonly connection_id: number;
	readonly time_us: number;
	readonly size: number;
	readonly properties_length: number;
}

export class Pruner {
	readonly #db: Database.Database;
	readonly #sql: ReturnType<typeof prepare>;
	/** Where the sweep goes on from (age-only sweeps wrap around the table). */
	#cursor = 0;

	constructor(db: Database.Database) {
		this.#db = db;
		this.#sql = prepare(db);
	}

	/**
	 * Deletes at most `maxDeletes` messages the policy wants gone, looking at most at `maxScan`
	 * rows; returns how many it deleted. Call it on a timer until it returns 0.
	 */
	pruneSome(policy: RetentionPolicy, nowUs: number, maxDeletes = 1000, maxScan = 20_000): number {
		const plan = planRetention(policy, this.#sql.totals.all(), nowUs);
		if (plan.isIdle) return 0;
		// Over a row or byte limit, the oldest go first: start from the beginning.
		const hasExcess =
			plan.excess.size > 0 || plan.globalExcess.rows > 0 || plan.globalExcess.bytes > 0;
		if (hasExcess) this.#cursor = 0;
		const doomed: Candidate[] = [];
		let scanned = 0;
		let cursor = this.#cursor;
		while (doomed.length < maxDeletes && scanned < maxScan) {
			const rows = this.#sql.candidates.all(cursor, Math.min(2000, maxScan - scanned));
			if (rows.length === 0) {
				cursor = 0;
				break;
			}
			for (const row of rows) {
				scanned++;
				cursor = row.id;
				if (!isDue(plan, row.connection_id, row.time_us)) continue;
				const keep = plan.keepPerTopic.get(row.connection_id) ?? 0;
				if (keep > 0 && this.#sql.newerInTopic.get(row.topic_id, row.id, keep - 1) === undefined)
					continue;
				doomed.push(row);
				settle(plan, row.connection_id, rowBytes(row.size, row.properties_length));
				if (doomed.length >= maxDeletes) break;
			}
		}
		this.#cursor = cursor;
		if (doomed.length > 0) this.#delete(doomed);
		return doomed.length;
	}

	#delete(rows: readonly Candidate[]): void {
		const perConnection = new Map<number, { rows: number; bytes: number }>();
		this.#db
			.transaction(() => {
				for (const row of rows) {
					this.#sql.deleteFts.run(row.id);
					if (row.size > PAYLOAD_INLINE_BYTES) this.#sql.deleteChunks.run(row.id);
					this.#sql.deleteMessage.run(row.id);
					const total = perConnection.get(row.connection_id) ?? { rows: 0, bytes: 0 };
					total.rows++;
					total.bytes += rowBytes(row.size, row.properties_length);
					perConnection.set(row.connection_id, total);
				}
				for (const [id, total] of perConnection)
					this.#sql.subtract.run(total.rows, total.bytes, id);
			})
			.immediate();
	}
}

function prepare(db: Database.Database) {
	return {
		totals: db.prepare<[], ConnectionTotals>('SELECT id, key, rows, bytes FROM connections'),
		candidates: db.prepare<[number, number], Candidate>(
			`SELECT m.id, m.topic_id, t.connection_id, m.time_us, m.size,
				coalesce(length(m.properties), 0) AS properties_length
			FROM messages m JOIN topics t ON t.id = m.topic_id WHERE m.id > ? ORDER BY m.id LIMIT ?`,
		),
		// A row may go only if `keep` newer ones remain in its topic: found through the topic index.
		newerInTopic: db.prepare<[number, number, number], { id: number }>(
			'SELECT id FROM messages WHERE topic_id = ? AND id > ? ORDER BY id LIMIT 1 OFFSET ?',
		),
		deleteFts: db.prepare<[number]>('DELETE FROM messages_fts WHERE rowid = ?'),
		deleteChunks: db.prepare<[number]>('DELETE FROM payload_chunks WHERE message_id = ?'),
		deleteMessage: db.prepare<[number]>('DELETE FROM messages WHERE id = ?'),
		subtract: db.prepare<[number, number, number]>(
			'UPDATE connections SET rows = rows - ?, bytes = bytes - ? WHERE id = ?',
		),
	};
}

const RETENTION_KEY = 'retention';

/** The policy saved in the database, if one was set. */
export function loadRetention(db: Database.Database): RetentionPolicy | undefined {
	const row = db
		.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?')
		.get(RETENTION_KEY);
	return row === undefined ? undefined : (JSON.parse(row.value) as RetentionPolicy);
}

export function saveRetention(db: Database.Database, policy: RetentionPolicy): void {
	db.prepare(
		'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
	).run(RETENTION_KEY, JSON.stringify(policy));
}
