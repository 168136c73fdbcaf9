/**
 * What one connection's view shows, kept while the app runs (see ConnectionViews): the active
 * tab, the side panel beside the tree, each panel's state, and the jumps between them.
 */
import { FramesState } from '../frames/frames-state.svelte';
import { PublishState } from '../publish/publish-state.svelte';
import { RetainedState } from '../retained/retained-state.svelte';
import { SubscriptionsState } from '../subscribe/subscriptions-state.svelte';
import { TreeState } from '../topic-tree/tree-state.svelte';
import { FilterTesterState } from '../tools/filter-tester.svelte';
import { TopicHistoryState } from '../history/topic-history.svelte';
import { BrokerCheckState } from '../tools/broker-check-state.svelte';
import { api } from '../../lib/api';
import { TrafficState } from './traffic-state.svelte';
import { BrokerState } from '../broker/broker-state.svelte';

export type ConnectionTab = 'topics' | 'retained' | 'tools' | 'frames' | 'broker';

export const CONNECTION_TABS: readonly ConnectionTab[] = [
	'topics',
	'retained',
	'tools',
	'frames',
	'broker',
];

/** The panel beside the topic tree, if one is open. */
export type SidePanel = 'subscriptions' | 'publish';

export class ConnectionViewState {
	tab = $state<ConnectionTab>('topics');
	side = $state<SidePanel | null>(null);
	readonly tree: TreeState;
	readonly frames: FramesState;
	readonly subscriptions: SubscriptionsState;
	readonly publish: PublishState;
	readonly retained: RetainedState;
	readonly tools = new FilterTesterState();
	/** The history under the message view: open or not, the topic's stored messages, the diff. */
	readonly history: TopicHistoryState;
	readonly check: BrokerCheckState;
	readonly traffic: TrafficState;
	readonly broker: BrokerState;

	/** `initialTab`: the tab the last connection view was left on (the layout setting). */
	constructor(
		readonly connectionId: string,
		initialTab: ConnectionTab = 'topics',
	) {
		this.tab = initialTab;
		this.history = new TopicHistoryState(connectionId);
		this.check = new BrokerCheckState(connectionId);
		this.tree = new TreeState(connectionId);
		this.frames = new FramesState(connectionId);
		this.subscriptions = new SubscriptionsState(connectionId);
		this.publish = new PublishState(connectionId);
		this.retained = new RetainedState(connectionId);
		this.traffic = new TrafficState(connectionId);
		this.broker = new BrokerState(connectionId);
	}

	/** Opens a side panel beside the tree, or closes it when it is the one open. */
	toggleSide(panel: SidePanel): void {
		this.tab = 'topics';
		this.side = this.side === panel ? null : panel;
	}

	/** "Check the broker" from the capabilities card: the Tools tab, the check started. */
	async runCheck(): Promise<void> {
		this.tab = 'tools';
		await this.check.start();
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

	/**
	 * "Edit and publish" on a message: the publish panel opens with that message as it arrived
	 * (whole payload, QoS, retain flag, properties), ready to change and send. Answers why it could
	 * not (a newer message replaced it), or null.
	 */
	async editAndPublish(
		topic: string,
		receivedAtUs: number,
		messageCount: number,
	): Promise<string | null> {
		const draft = await api.invoke('publish:draft-from-topic', {
			connectionId: this.connectionId,
			topic,
			receivedAtUs,
			messageCount,
		});
		if (!draft.ok) return draft.error.message;
		this.publish.load(draft.value);
		this.tab = 'topics';
		this.side = 'publish';
		return null;
	}

	/** "Edit and publish" on a history row: as for the shown message, from history by its id. */
	async editAndPublishStored(id: number): Promise<string | null> {
		const draft = await api.invoke('publish:draft-from-history', { id });
		if (!draft.ok) return draft.error.message;
		this.publish.load(draft.value);
		this.tab = 'topics';
		this.side = 'publish';
		return null;
	}

	/**
	 * "Show in topic tree" on a stored message (a search result): its topic selected in the tree,
	 * the history open under it with that message selected and shown. Answers whether it was found.
	 */
	async showStored(topic: string, id: number): Promise<boolean> {
		await this.showTopic(topic);
		this.history.isOpen = true;
		this.history.isDiffing = false;
		return this.history.lists.of(topic).pin(id);
	}
}
