/**
 * Asks before subscribing to everything (`#`) on a public broker (shared/mqtt/public-broker.ts).
 * Whoever is about to subscribe awaits `confirm`; FirehoseDialog.svelte, mounted once in the app,
 * shows the question while one is pending and answers it.
 */
import { firehoseWarning } from '../../shared/mqtt/public-broker';

interface Pending {
	readonly message: string;
	readonly answer: (goOn: boolean) => void;
}

export class FirehoseGuard {
	pending = $state.raw<Pending | null>(null);

	/** True at once when there is nothing to warn about; else whatever the person answers. */
	confirm(host: string, filters: readonly string[]): Promise<boolean> {
		const message = firehoseWarning(host, filters);
		if (message === null) return Promise.resolve(true);
		// A question still open is answered "cancel": only the latest one is on screen.
		this.pending?.answer(false);
		return new Promise((resolve) => {
			this.pending = {
				message,
				answer: (goOn) => {
					this.pending = null;
					resolve(goOn);
				},
			};
		});
	}
}

/** The app's one guard (like `api`, there is one per window). */
export const firehoseGuard = new FirehoseGuard();
