/**
 * What a connection's view lets the menu, the palette and the shortcuts do while it is on screen:
 * connect or disconnect it, close it, switch its tab, toggle its panes and side panels, find in
 * its tree, expand or collapse it all, show or hide `$SYS`, check its broker, open the selected
 * topic's history.
 */
import type { ConnectionSummary } from '../../../shared/model/connection';
import type { ActionRegistry } from '../../app/actions.svelte';
import type { ConnectionsState } from '../../state/connections.svelte';
import type { SettingsState } from '../../state/settings.svelte';
import type { ConnectionViewState } from './connection-view-state.svelte';

export function isLiveConnection(connection: ConnectionSummary): boolean {
	const kind = connection.state.kind;
	return kind === 'connected' || kind === 'reconnecting' || kind === 'connecting';
}

/** Registers the view's actions; returns the function that takes them back. */
export function registerConnectionActions(
	actions: ActionRegistry,
	connections: ConnectionsState,
	settings: SettingsState,
	view: ConnectionViewState,
	current: () => ConnectionSummary,
): () => void {
	const id = view.connectionId;
	const isLive = () => isLiveConnection(current());
	const onTopics = () => view.tab === 'topics';
	const toggle = (pane: 'isTreePaneVisible' | 'isMessagePaneVisible') => {
		const layout = settings.value.layout;
		void settings.update({ layout: { ...layout, [pane]: !layout[pane] } });
	};
	return actions.registerAll({
		'connection.disconnect': { run: () => connections.disconnect(id), isEnabled: isLive },
		'connection.connect': { run: () => connections.reconnect(id), isEnabled: () => !isLive() },
		'connection.close': { run: () => connections.remove(id), isEnabled: () => !isLive() },
		'view.topics': { run: () => (view.tab = 'topics') },
		'view.frames': { run: () => (view.tab = 'frames') },
		'view.broker': { run: () => (view.tab = 'broker') },
		'view.toggle-tree': { run: () => toggle('isTreePaneVisible'), isEnabled: onTopics },
		'view.toggle-message': { run: () => toggle('isMessagePaneVisible'), isEnabled: onTopics },
		'view.toggle-subscriptions': { run: () => view.toggleSide('subscriptions') },
		'view.toggle-publish': { run: () => view.toggleSide('publish') },
		'view.toggle-history': {
			run: () => {
				view.tab = 'topics';
				view.history.toggle();
				// The history sits under the message: a hidden message pane would hide it too.
				if (view.history.isOpen && !settings.value.layout.isMessagePaneVisible) {
					toggle('isMessagePaneVisible');
				}
			},
		},
		'broker.check': {
			run: () => void view.runCheck(),
			isEnabled: () => current().state.kind === 'connected' && !view.check.isRunning,
		},
		'tree.find': {
			run: () => {
				if (!settings.value.layout.isTreePaneVisible) toggle('isTreePaneVisible');
				view.tree.find.open();
			},
			isEnabled: onTopics,
		},
		'tree.expand-all': { run: () => view.tree.expandAll(), isEnabled: onTopics },
		'tree.collapse-all': { run: () => view.tree.collapseAll(), isEnabled: onTopics },
		'tree.toggle-sys': {
			run: () => view.tree.setShowSys(!view.tree.showSys),
			isEnabled: onTopics,
		},
	});
}
