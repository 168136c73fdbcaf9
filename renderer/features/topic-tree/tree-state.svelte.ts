/**
 * The topic tree of one connection as this window sees it: which nodes are expanded, which rows
 * are in view, the selected topic, and how rows are sorted and filtered. Main sends only the rows
 * in view; sorting and filtering run there too (a million topics never cross to the renderer).
 */
import { SvelteSet } from 'svelte/reactivity';
import { findTopicFilterProblem } from '../../../shared/mqtt/topic';
import {
	applyTreePatch,
	EMPTY_WINDOW,
	type TreePatch,
	type TreeShape,
	type TreeSort,
	type TreeWindow,
} from '../../../shared/tree/patch';
import { ok, type Result } from '../../../shared/result';
import { api } from '../../lib/api';
import { formatCount } from '../../lib/format';
import { LiveStream } from '../../lib/live-stream.svelte';
import { TreeFind } from './tree-find.svelte';
import { TreeFocus } from './tree-focus.svelte';

/** Main accepts at most this many expanded paths (shared/ipc/contract.ts). */
const MAX_EXPANDED = 10_000;
/** Nodes "Expand all" opens at once; deeper ones by hand (the tree stays light). */
const EXPAND_ALL_LIMIT = 5_000;

export type FilterKind = 'text' | 'topic-filter';

export class TreeState {
	#window = $state.raw<TreeWindow>(EMPTY_WINDOW);
	/** Expanded nodes without a filter, and with one (a filter opens its matches' ancestors). */
	readonly #expanded = new SvelteSet<string>();
	readonly #filterExpanded = new SvelteSet<string>();
	selectedTopic = $state<string | null>(null);
	sort = $state<TreeSort>('name');
	filterText = $state('');
	filterKind = $state<FilterKind>('text');
	/**
	 * `$SYS` is shown by default, as in MQTT Explorer (which subscribes to `$SYS/#` and lists it
	 * with the rest): the broker's own topics are often why people look.
	 */
	showSys = $state(true);
	retainedOnly = $state(false);
	/** A sentence about the last "Expand all" when it stopped at its bound, else ''. */
	expandNotice = $state('');
	#offset = 0;
	#limit = 80;
	readonly #stream = new LiveStream<'tree:patch'>(
		(params) => api.open('tree:patch', params, (patch) => this.#receive(patch)),
		() => ({
			connectionId: this.connectionId,
			expanded: [...this.expandedPaths],
			offset: this.#offset,
			limit: this.#limit,
			shape: this.shape,
		}),
	);

	/** Keyboard focus among the rows (the tree view pattern). */
	readonly focus: TreeFocus = new TreeFocus(this);
	/** Find in topic tree (Ctrl/Cmd+F). */
	readonly find: TreeFind = new TreeFind(this);
	/** Where the list was scrolled to, so it comes back there when shown again (not reactive). */
	scrollTop = 0;

	constructor(readonly connectionId: string) {}

	/** Why the topic filter typed cannot be used, or '' (a text filter always can). */
	get filterProblem(): string {
		if (this.filterKind !== 'topic-filter' || this.filterText === '') return '';
		return findTopicFilterProblem(this.filterText)?.message ?? '';
	}

	get isFiltering(): boolean {
		return this.shape.filter !== null || this.retainedOnly;
	}

	get shape(): TreeShape {
		const isUsable = this.filterText !== '' && this.filterProblem === '';
		return {
			sort: this.sort,
			filter: isUsable ? { kind: this.filterKind, text: this.filterText } : null,
			hideSys: !this.showSys,
			retainedOnly: this.retainedOnly,
		};
	}

	/** "Filtering… 40%", "12 topics match", or '' without a filter. */
	get filterStatus(): string {
		const progress = this.#window.filter;
		if (!this.isFiltering || progress === null) return '';
		const matches = `${formatCount(progress.matches)} topic${progress.matches === 1 ? '' : 's'} match`;
		if (progress.isDone) return progress.matches === 0 ? 'No topic matches' : matches;
		const percent =
			progress.total === 0 ? 100 : Math.floor((progress.scanned * 100) / progress.total);
		return `Filtering… ${percent}%, ${matches}`;
	}

	get #openSet(): SvelteSet<string> {
		return this.isFiltering ? this.#filterExpanded : this.#expanded;
	}

	get expandedPaths(): readonly string[] {
		return [...this.#openSet];
	}

	get window(): TreeWindow {
		this.#stream.track();
		return this.#window;
	}

	isExpanded(id: string): boolean {
		return this.#openSet.has(id);
	}

	toggle(id: string): void {
		const open = this.#openSet;
		if (!open.delete(id) && open.size < MAX_EXPANDED) open.add(id);
		this.#stream.move();
	}

	setExpanded(id: string, isOpen: boolean): void {
		if (this.isExpanded(id) !== isOpen) this.toggle(id);
	}

	/** The rows on screen changed (scroll or resize): ask main for that slice. */
	setRange(offset: number, limit: number): void {
		if (offset === this.#offset && limit === this.#limit) return;
		this.#offset = offset;
		this.#limit = limit;
		this.#stream.move();
	}

	setSort(sort: TreeSort): void {
		this.sort = sort;
		this.#stream.move();
	}

	/** A new filter: main cancels the old one's scan and streams the new one's matches. */
	setFilter(text: string, kind: FilterKind = this.filterKind): void {
		const before = JSON.stringify(this.shape.filter);
		this.filterText = text;
		this.filterKind = kind;
		if (JSON.stringify(this.shape.filter) === before) return;
		this.#filterExpanded.clear();
		this.#stream.move();
	}

	setShowSys(isShown: boolean): void {
		this.showSys = isShown;
		this.#stream.move();
	}

	setRetainedOnly(isOnly: boolean): void {
		if (this.retainedOnly === isOnly) return;
		this.retainedOnly = isOnly;
		this.#filterExpanded.clear();
		this.#stream.move();
	}

	/** Opens every node with children below `topic` ('' for the whole tree), up to a bound. */
	async expandAll(topic = ''): Promise<Result<string>> {
		const found = await api.invoke('tree:expand-below', {
			connectionId: this.connectionId,
			topic,
			limit: EXPAND_ALL_LIMIT,
		});
		if (!found.ok) {
			this.expandNotice = found.error.message;
			return found;
		}
		const open = this.#openSet;
		for (const path of found.value.paths) {
			if (open.size >= MAX_EXPANDED) break;
			open.add(path);
		}
		this.expandNotice = found.value.isComplete
			? ''
			: `Opened the first ${formatCount(found.value.paths.length)} nodes; open deeper ones by hand.`;
		this.#stream.move();
		return ok(this.expandNotice || `Expanded ${formatCount(found.value.paths.length)} nodes.`);
	}

	/** Closes every node (of the filtered view while a filter is on). */
	collapseAll(): Result<string> {
		this.#openSet.clear();
		this.expandNotice = '';
		this.focus.index = 0;
		this.#stream.move();
		return ok('Collapsed every node.');
	}

	#receive(patch: TreePatch): void {
		this.#window = applyTreePatch(this.#window, patch);
		this.focus.onWindow(this.#window);
		if (patch.expand === undefined || !this.isFiltering) return;
		// A filter's matches open their ancestors (main bounds how many it asks for).
		let isChanged = false;
		for (const path of patch.expand) {
			if (this.#filterExpanded.size >= MAX_EXPANDED) break;
			if (!this.#filterExpanded.has(path)) {
				this.#filterExpanded.add(path);
				isChanged = true;
			}
		}
		if (isChanged) this.#stream.move();
	}
}
