/** A long history task (export, import, replay) as the `history:job` stream reports it. */
export interface HistoryJob {
	readonly id: string;
	readonly kind: 'export' | 'import' | 'replay';
	readonly state: 'running' | 'done' | 'failed' | 'cancelled';
	/** Messages done so far. */
	readonly done: number;
	/** Messages in all, when known. */
	readonly total: number | null;
	/** What happened, in words: the file written, the problem met. */
	readonly message: string;
	/** The export's file name (in the data folder's exports/). */
	readonly fileName?: string;
	readonly bytes?: number;
}
