/**
 * The broker check in the Tools tab: starts a check of the connection's broker in main, follows
 * its steps to the report, and exports the report as JSON (a download: the renderer names no path).
 */
import { brokerCheckToJson, type BrokerCheckView } from '../../../shared/model/broker-check';
import { api } from '../../lib/api';

/** A file name for the export: the broker's address made safe, and the time of the check. */
export function exportFileName(target: string, startedAt: string): string {
	const where = target
		.replace(/^[a-z]+:\/\//, '')
		.replace(/[^\w.-]+/g, '_')
		.slice(0, 60);
	const when = startedAt.replace(/[:.]/g, '-').slice(0, 19);
	return `broker-check-${where}-${when}.json`;
}

export class BrokerCheckState {
	view = $state.raw<BrokerCheckView | null>(null);
	/** Why the check could not start (the connection was closed…). */
	error = $state<string | null>(null);
	isStarting = $state(false);
	#close: (() => void) | null = null;

	constructor(readonly connectionId: string) {}

	get isRunning(): boolean {
		return this.isStarting || this.view?.state === 'running';
	}

	/** Starts a check (or joins the one main is running for this connection). */
	async start(): Promise<void> {
		if (this.isRunning) return;
		this.isStarting = true;
		this.error = null;
		const started = await api.invoke('broker:check', { connectionId: this.connectionId });
		this.isStarting = false;
		if (!started.ok) {
			this.error = started.error.message;
			return;
		}
		this.#close?.();
		this.#close = null;
		let isEnded = false;
		let close: (() => void) | null = null;
		const end = (): void => {
			isEnded = true;
			this.#close = null;
			// Closing from inside the stream's own callback: let the callback return first.
			if (close !== null) queueMicrotask(close);
		};
		close = api.subscribe(
			'broker:check-progress',
			{ checkId: started.value.checkId },
			(view) => {
				this.view = view;
				// The report is whole: nothing more will come on this stream.
				if (view.state !== 'running') end();
			},
			(error) => {
				this.error = error.message;
				end();
			},
		);
		if (isEnded) close();
		else this.#close = close;
	}

	/** The report as a JSON download. */
	exportJson(): void {
		const report = this.view?.report;
		if (!report) return;
		const url = URL.createObjectURL(
			new Blob([brokerCheckToJson(report)], { type: 'application/json' }),
		);
		const link = document.createElement('a');
		link.href = url;
		link.download = exportFileName(report.target, report.startedAt);
		link.click();
		// The download has taken its copy once click() returns.
		URL.revokeObjectURL(url);
	}
}
