/**
 * The chart: its series (a topic's payload or a JSON path, from one history connection each),
 * the time range (a preset, or a zoom), and each series read from history down-sampled to the
 * chart's width in pixels, all over the same range so their buckets line up.
 */
import { seriesLabel, toSqlJsonPath } from '../../../shared/history/chart-path';
import type { HistorySeries } from '../../../shared/history/series';
import type { AppError } from '../../../shared/result';
import { api } from '../../lib/api';
import { presetRange, unionRange, zoomRange, type RangePreset, type TimeRange } from './chart-data';

export interface ChartSeries {
	/** Unique per chart: connection, topic and path. */
	readonly key: string;
	readonly historyConnectionId: number;
	readonly connectionName: string;
	readonly topic: string;
	/** SQLite JSON path (`$`, `$.data.temp`). */
	readonly path: string;
	readonly label: string;
}

/** Buckets asked for at most, whatever the width (the contract's limit). */
const MAX_BUCKETS = 4_000;

export class ChartsState {
	series = $state.raw<readonly ChartSeries[]>([]);
	preset = $state<RangePreset>('all');
	/** A range chosen by zooming; null: the preset's. */
	zoom = $state.raw<TimeRange | null>(null);
	/** The plotted width in pixels: one bucket each. */
	widthPx = $state(800);
	/** Per series, in the order of `series`; null until read. */
	data = $state.raw<readonly (HistorySeries | null)[]>([]);
	/** The range the data covers. */
	range = $state.raw<TimeRange | null>(null);
	error = $state.raw<AppError | null>(null);
	isLoading = $state(false);
	isTable = $state(false);
	#generation = 0;

	/** Adds a series (once: the same one again only shows the chart). Answers why not, or null. */
	async add(
		target: { readonly connectionId: string } | { readonly historyConnectionId: number },
		connectionName: string,
		topic: string,
		pathInput: string,
	): Promise<string | null> {
		const path = toSqlJsonPath(pathInput);
		if (!path.ok) return path.error.message;
		let historyConnectionId: number;
		if ('historyConnectionId' in target) historyConnectionId = target.historyConnectionId;
		else {
			const found = await api.invoke('history:connection-of', target);
			if (!found.ok) return found.error.message;
			if (found.value === null) return 'Nothing of this connection is stored in history yet.';
			historyConnectionId = found.value;
		}
		const key = `${historyConnectionId} ${topic} ${path.value}`;
		if (!this.series.some((one) => one.key === key)) {
			this.series = [
				...this.series,
				{
					key,
					historyConnectionId,
					connectionName,
					topic,
					path: path.value,
					label: seriesLabel(topic, path.value),
				},
			];
		}
		await this.load();
		return null;
	}

	remove(key: string): void {
		this.series = this.series.filter((one) => one.key !== key);
		void this.load();
	}

	setPreset(preset: RangePreset): void {
		this.preset = preset;
		this.zoom = null;
		void this.load();
	}

	zoomTo(range: TimeRange): void {
		if (range.untilUs - range.sinceUs < 2) return;
		this.zoom = range;
		void this.load();
	}

	/** Keyboard zoom: `factor` 0.5 in, 2 out, around the middle of what is shown. */
	zoomBy(factor: number): void {
		if (this.range !== null) this.zoomTo(zoomRange(this.range, factor));
	}

	resetZoom(): void {
		this.zoom = null;
		void this.load();
	}

	setWidth(widthPx: number): void {
		const width = Math.max(50, Math.min(MAX_BUCKETS, Math.round(widthPx)));
		if (Math.abs(width - this.widthPx) < 40) return;
		this.widthPx = width;
		void this.load();
	}

	#ask(one: ChartSeries, range: TimeRange | null) {
		return api.invoke('history:series', {
			historyConnectionId: one.historyConnectionId,
			topic: one.topic,
			path: one.path,
			buckets: this.widthPx,
			...(range === null ? {} : range),
		});
	}

	/** Reads every series again for the range in force; an answer to an older call is dropped. */
	async load(nowMs = Date.now()): Promise<void> {
		const generation = ++this.#generation;
		const series = this.series;
		if (series.length === 0) {
			this.data = [];
			this.range = null;
			return;
		}
		this.isLoading = true;
		const range = this.zoom ?? presetRange(this.preset, nowMs);
		let answers = await Promise.all(series.map((one) => this.#ask(one, range)));
		// "All stored": each series answered over its own span; ask again over their union.
		if (range === null && series.length > 1) {
			const union = unionRange(answers.flatMap((answer) => (answer.ok ? [answer.value] : [])));
			if (union !== null) answers = await Promise.all(series.map((one) => this.#ask(one, union)));
		}
		if (generation !== this.#generation) return;
		this.isLoading = false;
		const failed = answers.find((answer) => !answer.ok);
		this.error = failed !== undefined && !failed.ok ? failed.error : null;
		this.data = answers.map((answer) => (answer.ok ? answer.value : null));
		const first = this.data.find((one) => one !== null);
		this.range = first ? { sinceUs: first.sinceUs, untilUs: first.untilUs } : range;
	}
}
