/**
 * Export, import and replay in the app: each a form, a job followed to its end with progress and
 * a stop button. A finished export downloads in browser mode (the file is in the data folder's
 * exports/ either way); an import is an uploaded NDJSON file.
 */
import type { HistoryJob } from '../../../shared/model/history-job';
import { api } from '../../lib/api';
import { downloadExport } from './export-download';
import { JobState } from './job-state.svelte';
import {
	EMPTY_REPLAY,
	EMPTY_SELECTION,
	toReplayRequest,
	toSelection,
	type ReplayForm,
	type SelectionForm,
} from './transfer-form';

/** The largest NDJSON upload taken (the contract's limit on `history:import`). */
export const MAX_IMPORT_CHARS = 50_000_000;

type Status = { readonly text: string; readonly isError: boolean } | null;

export class TransferState {
	exportForm = $state<SelectionForm & { format: 'ndjson' | 'csv' }>({
		...EMPTY_SELECTION,
		format: 'ndjson',
	});
	replayForm = $state<{ -readonly [K in keyof ReplayForm]: ReplayForm[K] }>({ ...EMPTY_REPLAY });
	readonly exportJob = new JobState();
	readonly importJob = new JobState();
	readonly replayJob = new JobState();
	exportStatus = $state.raw<Status>(null);
	importStatus = $state.raw<Status>(null);
	replayStatus = $state.raw<Status>(null);
	/** The last finished export's file, to download again. */
	exportedFile = $state<string | null>(null);
	#shell: Promise<string> | null = null;

	#shellKind(): Promise<string> {
		this.#shell ??= api.invoke('app:info', {}).then((info) => (info.ok ? info.value.shell : ''));
		return this.#shell;
	}

	async startExport(nowMs = Date.now()): Promise<void> {
		const selection = toSelection(this.exportForm, nowMs);
		if (!selection.ok) {
			this.exportStatus = { text: selection.error.message, isError: true };
			return;
		}
		this.exportStatus = null;
		this.exportedFile = null;
		const started = await api.invoke('history:export', {
			selection: selection.value,
			format: this.exportForm.format,
		});
		if (!started.ok) {
			this.exportJob.failed(started.error);
			return;
		}
		const { fileName } = started.value;
		this.exportJob.follow(started.value.jobId, (job) => void this.#exported(job, fileName));
	}

	async #exported(job: HistoryJob, fileName: string): Promise<void> {
		if (job.state !== 'done') return;
		this.exportedFile = fileName;
		// The desktop app leaves the file where the job's message says; a browser downloads it.
		if ((await this.#shellKind()) === 'browser') await this.download();
	}

	async download(): Promise<void> {
		const fileName = this.exportedFile;
		if (fileName === null) return;
		this.exportStatus = { text: `Downloading ${fileName}…`, isError: false };
		const result = await downloadExport(fileName);
		this.exportStatus = result.ok
			? { text: result.value, isError: false }
			: { text: result.error.message, isError: true };
	}

	async startImport(file: File, onImported: () => void): Promise<void> {
		if (file.size > MAX_IMPORT_CHARS) {
			this.importStatus = {
				text: `${file.name} is larger than 50 MB: import it with \`topicscope history import\` instead.`,
				isError: true,
			};
			return;
		}
		this.importStatus = { text: `Reading ${file.name}…`, isError: false };
		const text = await file.text();
		const label = file.name.replace(/\.[^.]*$/, '').slice(0, 200) || 'upload';
		const started = await api.invoke('history:import', { text, label });
		this.importStatus = null;
		if (!started.ok) {
			this.importJob.failed(started.error);
			return;
		}
		this.importJob.follow(started.value.jobId, (job) => {
			if (job.state === 'done') onImported();
		});
	}

	async startReplay(nowMs = Date.now()): Promise<void> {
		const request = toReplayRequest(this.replayForm, nowMs);
		if (!request.ok) {
			this.replayStatus = { text: request.error.message, isError: true };
			return;
		}
		this.replayStatus = null;
		const started = await api.invoke('history:replay', request.value);
		if (!started.ok) {
			this.replayJob.failed(started.error);
			return;
		}
		this.replayJob.follow(started.value.jobId);
	}
}
