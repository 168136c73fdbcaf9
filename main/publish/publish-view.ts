/** The publish panel's live part for one connection (the repeat run), sent when it changes. */
import type { PublishPanelView } from '../../shared/model/publish-draft';
import type { StreamView } from '../core/stream-view';
import type { Publisher } from './publisher';

export class PublishStreamView implements StreamView<PublishPanelView, never> {
	#sentVersion = -1;

	constructor(readonly publisher: Publisher) {}

	snapshot(): PublishPanelView {
		this.#sentVersion = this.publisher.version;
		return this.publisher.view();
	}

	poll(): PublishPanelView | null {
		return this.publisher.version === this.#sentVersion ? null : this.snapshot();
	}
}
