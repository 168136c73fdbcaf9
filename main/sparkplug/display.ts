/** Sparkplug metric values as short text for tables: exact integers, quoted strings, hex bytes. */

const MAX_CHARS = 200;

function clip(text: string): string {
	return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}

function hex(bytes: Uint8Array): string {
	const shown = [...bytes.subarray(0, 32)].map((byte) => byte.toString(16).padStart(2, '0'));
	return `${shown.join(' ')}${bytes.length > 32 ? ` … (${bytes.length} bytes)` : ''}`;
}

/** JSON with bigints as numbers and bytes as hex strings, for DataSets, Templates and arrays. */
function toJson(value: unknown): string {
	return JSON.stringify(value, (_key, item: unknown) => {
		if (typeof item === 'bigint') return item.toString();
		if (item instanceof Uint8Array) return hex(item);
		return item;
	});
}

export function metricValueText(value: unknown, isNull = false): string {
	if (isNull) return 'null';
	if (value === null || value === undefined) return '—';
	if (typeof value === 'string') return clip(JSON.stringify(value));
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
		return String(value);
	}
	if (value instanceof Uint8Array) return clip(hex(value));
	return clip(toJson(value));
}

/** A uint64 (a millisecond timestamp, a seq) as a number, or null when absent or beyond 2^53. */
export function timestampMs(value: bigint | null): number | null {
	if (value === null || value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
	return Number(value);
}
