/**
 * The history beside a connection's message view: open or not, the selected topic's list, and
 * whether the message pane shows the selected row or its diff.
 */
import { HistoryLists } from './history-list.svelte';

export class TopicHistoryState {
	isOpen = $state(false);
	/** The message pane shows the diff of the selected row (with the marked one or its previous). */
	isDiffing = $state(false);
	readonly lists: HistoryLists;

	constructor(readonly connectionId: string) {
		this.lists = new HistoryLists({ connectionId });
	}

	toggle(): void {
		this.isOpen = !this.isOpen;
	}

	/** Back to the topic's live message: no row selected, no diff. */
	showLive(): void {
		const list = this.lists.current;
		if (list !== null) {
			list.selectedId = null;
			list.compareId = null;
		}
		this.isDiffing = false;
	}
}
