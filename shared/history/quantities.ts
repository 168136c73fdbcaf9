/**
 * Durations (`90s`, `15m`, `12h`, `7d`, `2w`) and sizes (`500M`, `2G`, `1024`) as people write
 * them for retention, time ranges and limits: the command line and the app read them alike.
 */

const DURATION = /^(\d+(?:\.\d+)?)(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = {
	s: 1000,
	m: 60_000,
	h: 3_600_000,
	d: 86_400_000,
	w: 604_800_000,
};

/** A duration such as `90s`, `15m`, `12h`, `7d`, `2w`, in milliseconds. */
export function parseDurationMs(text: string): number | undefined {
	const match = DURATION.exec(text);
	if (match === null) return undefined;
	return Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
}

const SIZE = /^(\d+(?:\.\d+)?)([KMGT]?)B?$/i;

/** A size such as `500M`, `2G`, `1024` (bytes). */
export function parseBytes(text: string): number | undefined {
	const match = SIZE.exec(text);
	if (match === null) return undefined;
	const power = ['', 'K', 'M', 'G', 'T'].indexOf((match[2] ?? '').toUpperCase());
	return Math.round(Number(match[1]) * 1024 ** power);
}

/** A duration in the largest unit that writes it whole: 86,400,000 ms → `1d`. */
export function formatDurationMs(ms: number): string {
	for (const unit of ['w', 'd', 'h', 'm', 's']) {
		const size = UNIT_MS[unit] ?? 1;
		if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
	}
	return `${ms / 1000}s`;
}

/** A size in the largest unit that writes it whole: 2,147,483,648 → `2G`. */
export function formatSize(bytes: number): string {
	for (const [unit, power] of [
		['T', 4],
		['G', 3],
		['M', 2],
		['K', 1],
	] as const) {
		const size = 1024 ** power;
		if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
	}
	return String(bytes);
}
