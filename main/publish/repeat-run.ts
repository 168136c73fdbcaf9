/**
 * Repeat publishing: `count` messages, one every `intervalMs` (down to 1 ms), run by a timer in
 * main so the renderer only watches. Message i is due at start + i × interval (no drift); when the
 * timer is late, the messages due are sent together, at most a burst per turn of the event loop.
 *
 * QoS 1 and 2 messages are not awaited one by one (that would bound the rate by the round trip),
 * but at most MAX_AWAITING may wait for their acknowledgement: beyond that the run waits, so a
 * slow broker slows the run instead of filling memory.
 */
import type { PublishOutcome } from '../../shared/model/publish';
import type { RepeatRunView } from '../../shared/model/publish-draft';
import type { QoS } from '../../shared/mqtt/protocol';
import type { Result } from '../../shared/result';

/** Messages sent but not yet acknowledged before the run waits. */
export const MAX_AWAITING = 1_000;
/** Messages sent in one turn of the event loop when the timer is behind. */
const MAX_BURST = 500;

export interface RepeatOptions {
	readonly topic: string;
	readonly qos: QoS;
	readonly intervalMs: number;
	readonly count: number;
	/** Sends message `index` (0-based). */
	readonly send: (index: number) => Promise<Result<PublishOutcome>>;
	/** Called whenever the counts or the state change. */
	readonly onChange: () => void;
	/** Called once when the run ends (all answered, stopped or failed). */
	readonly onEnd: (view: RepeatRunView) => void;
}

export class RepeatRun {
	#state: RepeatRunView['state'] = 'running';
	#next = 0;
	#sent = 0;
	#acknowledged = 0;
	#failed = 0;
	#awaiting = 0;
	#lastError: string | null = null;
	#timer: NodeJS.Timeout | null = null;
	#endedAt: number | null = null;
	#isEndReported = false;
	readonly #startedAt = Date.now();

	constructor(readonly options: RepeatOptions) {}

	start(): void {
		this.#pump();
	}

	/** Stops sending: what is not sent yet never will be; answers still on their way are counted. */
	stop(reason: 'stopped' | 'failed' = 'stopped', message?: string): void {
		if (this.#state !== 'running') return;
		this.#clearTimer();
		this.#state = reason;
		if (message !== undefined) this.#lastError = message;
		this.#endedAt = Date.now();
		this.options.onChange();
		this.#reportEnd();
	}

	get isRunning(): boolean {
		return this.#state === 'running';
	}

	view(): RepeatRunView {
		const { topic, qos, intervalMs, count } = this.options;
		return {
			topic,
			qos,
			intervalMs,
			count,
			state: this.#state,
			sent: this.#sent,
			acknowledged: this.#acknowledged,
			failed: this.#failed,
			awaiting: this.#awaiting,
			remaining: count - this.#next,
			lastError: this.#lastError,
			startedAt: this.#startedAt,
			endedAt: this.#endedAt,
		};
	}

	#clearTimer(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
	}

	/** Sends what is due, then sleeps until the next message is. */
	#pump(): void {
		this.#timer = null;
		const { intervalMs, count } = this.options;
		let burst = 0;
		while (this.#state === 'running' && this.#next < count) {
			if (this.#awaiting >= MAX_AWAITING) return; // an answer resumes the pump
			const dueAt = this.#startedAt + this.#next * intervalMs;
			const wait = dueAt - Date.now();
			if (wait > 0 || burst >= MAX_BURST) {
				this.#timer = setTimeout(() => this.#pump(), Math.max(wait, 0));
				return;
			}
			this.#sendOne(this.#next);
			this.#next += 1;
			burst += 1;
		}
		this.#finishIfDone();
	}

	#sendOne(index: number): void {
		this.#awaiting += 1;
		void this.options.send(index).then((result) => {
			this.#awaiting -= 1;
			if (result.ok) {
				this.#sent += 1;
				if (result.value.kind === 'acknowledged') this.#acknowledged += 1;
			} else {
				this.#failed += 1;
				this.#lastError = result.error.message;
				// Refused before anything was sent, or handed over and then lost.
				if (result.error.code !== 'not-connected' && result.error.reasonCode !== undefined) {
					this.#sent += 1;
				}
				if (result.error.code === 'not-connected') {
					this.stop('failed', this.#lostMessage());
				}
			}
			this.options.onChange();
			// The pump stops without a timer only when too many answers were awaited: resume it.
			const isIdle = this.#state === 'running' && this.#timer === null;
			if (isIdle && this.#next < this.options.count) this.#pump();
			else this.#finishIfDone();
		});
		this.options.onChange();
	}

	/** Why the run stopped when the connection went away, with what became of every message. */
	#lostMessage(): string {
		const never = this.options.count - this.#next;
		return `The connection was lost: ${never.toLocaleString('en-US')} message${never === 1 ? ' was' : 's were'} never sent.`;
	}

	/** The connection went away while the run was going (told by the publisher). */
	connectionLost(): void {
		if (this.#state !== 'running') return;
		const waiting = this.#awaiting;
		const note =
			waiting > 0
				? ` ${waiting.toLocaleString('en-US')} sent were still waiting for their acknowledgement: they are sent again when the connection comes back, and counted then.`
				: '';
		this.stop('failed', `${this.#lostMessage()}${note}`);
	}

	#finishIfDone(): void {
		if (this.#state === 'running' && this.#next >= this.options.count && this.#awaiting === 0) {
			this.#state = 'done';
			this.#endedAt = Date.now();
			this.options.onChange();
		}
		if (this.#state !== 'running') this.#reportEnd();
	}

	#reportEnd(): void {
		if (this.#isEndReported) return;
		this.#isEndReported = true;
		this.options.onEnd(this.view());
	}
}
