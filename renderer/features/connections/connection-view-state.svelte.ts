/**
 * What one connection's view shows, kept while the app runs (see ConnectionViews): the active
 * tab, the topic tree's state and the frames' state, and the jumps between them.
 */
import { FramesState } from '../frames/frames-state.svelte';
import { TreeState } from '../topic-tree/tree-state.svelte';

export type ConnectionTab = 'topics' | 'frames';

export const CONNECTION_TABS: readonly ConnectionTab[] = ['topics', 'frames'];

export class ConnectionViewState {
	tab = $state<ConnectionTab>('topics');
	readonly tree: TreeState;
	readonly frames: FramesState;

	constructor(readonly connectionId: string) {
		this.tree = new TreeState(connectionId);
		this.frames = new FramesState(connectionId);
	}

	/** "Show frame" on a message: the PUBLISH that carried it (topic and stamp) in the frames tab. */
	async showFrameOf(topic: string, receivedAtUs: number): Promise<void> {
		this.tab = 'frames';
		await this.frames.showPublishOf(topic, receivedAtUs);
	}

	/** "Show in topic tree" on a frame: the topic's row, scrolled to, selected and focused. */
	async showTopic(topic: string): Promise<void> {
		this.tab = 'topics';
		await this.tree.focus.show(topic);
	}
}
