/**
 * The publish panel's side in main for one connection: single publishes and the repeat run, each
 * message's variables expanded at its own sending, every publish recorded in the history.
 */
import { randomUUID } from 'node:crypto';
import type {
	PublishDraft,
	PublishHistoryEntry,
	PublishPanelView,
	PublishReport,
	RepeatRunView,
} from '../../shared/model/publish-draft';
import { err, ok, type Result } from '../../shared/result';
import type { Connection } from '../connections/connection';
import { checkPublish } from '../connections/publish-check';
import { toPublishRequest } from './draft';
import { RepeatRun } from './repeat-run';

export type HistoryRecorder = (
	entry: Omit<PublishHistoryEntry, 'id' | 'payloadOmittedBytes'>,
) => void;

export class Publisher {
	#counter = 0;
	#run: RepeatRun | null = null;
	/** Bumped whenever `view()` would answer differently. */
	version = 0;
	readonly #stopWatching: () => void;

	constructor(
		readonly connection: Connection,
		readonly record: HistoryRecorder,
	) {
		this.#stopWatching = connection.onStateChange(() => {
			if (connection.state.kind !== 'connected') this.#run?.connectionLost();
		});
	}

	get connectionName(): string {
		const p = this.connection.profile;
		return p.name || `${p.host}:${p.port}`;
	}

	/** The next `{{counter}}` value, taken (a request/response publish counts too). */
	nextCounter(): number {
		this.#counter += 1;
		return this.#counter;
	}

	/** Publishes one message of `draft` and records it. */
	async send(draft: PublishDraft): Promise<Result<PublishReport>> {
		const counter = ++this.#counter;
		const request = toPublishRequest(draft, { nowMs: Date.now(), uuid: randomUUID, counter });
		const outcome = await this.connection.publish(request);
		const atMs = Date.now();
		const connectionName = this.connectionName;
		if (!outcome.ok) {
			this.record({
				atMs,
				connectionName,
				draft,
				result: { kind: 'failed', message: outcome.error.message },
			});
			return outcome;
		}
		const value = outcome.value;
		this.record({
			atMs,
			connectionName,
			draft,
			result:
				value.kind === 'sent'
					? { kind: 'sent', topic: request.topic }
					: { ...value, topic: request.topic },
		});
		return ok({ topic: request.topic, sizeBytes: request.payload.length, outcome: value, counter });
	}

	/**
	 * Starts publishing `count` messages of `draft`, one every `intervalMs`. Refused when a run is
	 * going, when not connected, or when the first message would be refused (the reason given).
	 */
	startRepeat(draft: PublishDraft, intervalMs: number, count: number): Result<RepeatRunView> {
		if (this.#run?.isRunning) {
			return err('invalid-request', 'A repeat run is going on this connection: stop it first.');
		}
		const capabilities = this.connection.capabilities;
		if (this.connection.state.kind !== 'connected' || capabilities === null) {
			return err('not-connected', 'Not connected: start repeating once the connection is up.');
		}
		const first = toPublishRequest(draft, {
			nowMs: Date.now(),
			uuid: randomUUID,
			counter: this.#counter + 1,
		});
		const problem = checkPublish(first, capabilities);
		if (problem) return { ok: false, error: problem };
		const run = new RepeatRun({
			topic: first.topic,
			qos: draft.qos,
			intervalMs,
			count,
			send: () => {
				const counter = ++this.#counter;
				return this.connection.publish(
					toPublishRequest(draft, { nowMs: Date.now(), uuid: randomUUID, counter }),
				);
			},
			onChange: () => {
				this.version += 1;
			},
			onEnd: (view) =>
				this.record({
					atMs: Date.now(),
					connectionName: this.connectionName,
					draft,
					result: {
						kind: 'repeat',
						count: view.count,
						intervalMs: view.intervalMs,
						sent: view.sent,
						failed: view.failed,
					},
				}),
		});
		this.#run = run;
		this.version += 1;
		run.start();
		return ok(run.view());
	}

	/** Stops the repeat run; answers how far it got (null when there was none). */
	stopRepeat(): Result<RepeatRunView | null> {
		const run = this.#run;
		run?.stop();
		return ok(run === null ? null : run.view());
	}

	view(): PublishPanelView {
		return { repeat: this.#run === null ? null : this.#run.view() };
	}

	dispose(): void {
		this.#run?.stop();
		this.#stopWatching();
	}
}
