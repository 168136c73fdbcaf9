/**
 * The history page's state, app-wide (it outlives the page on screen): its tab, the global search,
 * the chart, export / import / replay, the settings and the writer's counters; and the ways out
 * of it into a connection's view ("Show in topic tree") and into it ("Chart this").
 */
import { createContext } from 'svelte';
import type { HistoryItem } from '../../../shared/model/history';
import type { ConnectionSummary } from '../../../shared/model/connection';
import { api } from '../../lib/api';
import { ChartsState } from './charts-state.svelte';
import { HistoryStatsState } from './history-stats.svelte';
import { SearchState } from './search-state.svelte';
import { HistorySettingsState } from './settings-state.svelte';
import { TransferState } from './transfer-state.svelte';

export type HistoryTab = 'search' | 'charts' | 'transfer' | 'settings';
export const HISTORY_TABS: readonly HistoryTab[] = ['search', 'charts', 'transfer', 'settings'];

/** What the history page needs of the app around it. */
export interface HistoryNavigation {
	/** The live connections, to find the one a stored message came from. */
	readonly connections: () => readonly ConnectionSummary[];
	/** Puts the history page on screen. */
	openPage(): void;
	/** Puts a connection's view on screen with a stored message selected in its tree and history. */
	showStored(connectionId: string, item: HistoryItem): Promise<boolean>;
}

export class HistoryAppState {
	tab = $state<HistoryTab>('search');
	/** Set by "Search history…": the search form takes the focus once, then clears it. */
	isSearchFocusPending = $state(false);
	readonly stats = new HistoryStatsState();
	readonly search = new SearchState();
	readonly charts = new ChartsState();
	readonly transfer = new TransferState();
	readonly settings = new HistorySettingsState();

	constructor(readonly navigation: HistoryNavigation) {}

	/** Puts the page on screen at `tab` (the menu, the palette, the shortcuts). */
	open(tab: HistoryTab): void {
		this.tab = tab;
		this.navigation.openPage();
		if (tab === 'search') this.isSearchFocusPending = true;
	}

	/** "Chart this": adds the series and shows the chart. Answers why it could not, or null. */
	async chartThis(
		target: { readonly connectionId: string } | { readonly historyConnectionId: number },
		connectionName: string,
		topic: string,
		path: string,
	): Promise<string | null> {
		const problem = await this.charts.add(target, connectionName, topic, path);
		if (problem !== null) return problem;
		this.tab = 'charts';
		this.navigation.openPage();
		return null;
	}

	/** The live connection a history connection belongs to, if one is open. */
	async liveConnectionOf(historyConnectionId: number): Promise<string | null> {
		for (const connection of this.navigation.connections()) {
			const id = await api.invoke('history:connection-of', { connectionId: connection.id });
			if (id.ok && id.value === historyConnectionId) return connection.id;
		}
		return null;
	}

	/** "Show in topic tree" on a search result. Answers why it could not, or null. */
	async showInTree(item: HistoryItem): Promise<string | null> {
		const connectionId = await this.liveConnectionOf(item.connectionId);
		if (connectionId === null) {
			return `${item.connectionName} is not open: connect to it to see ${item.topic} in its tree.`;
		}
		const found = await this.navigation.showStored(connectionId, item);
		return found ? null : `Message ${item.id} is no longer in ${item.topic}'s history.`;
	}
}

export const [getHistoryApp, setHistoryApp] = createContext<HistoryAppState>();
