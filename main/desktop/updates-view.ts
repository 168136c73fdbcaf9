/** The update status as a stream: sent whole (it is small) whenever it changes. */
import type { UpdateStatus } from '../../shared/model/updates';
import type { StreamView } from '../core/stream-view';
import type { UpdateService } from './update-service';

export class UpdatesView implements StreamView<UpdateStatus, never> {
	#isDirty = false;
	readonly #stop: () => void;

	constructor(readonly updates: UpdateService) {
		this.#stop = updates.onChange(() => {
			this.#isDirty = true;
		});
	}

	snapshot(): UpdateStatus {
		this.#isDirty = false;
		return this.updates.status;
	}

	poll(): UpdateStatus | null {
		return this.#isDirty ? this.snapshot() : null;
	}

	dispose(): void {
		this.#stop();
	}
}
