/**
 * Each subscription's colour, chosen from its filter so it stays the same across edits, restarts
 * and views. Always shown beside the filter text: the colour helps the eye, it never carries the
 * meaning alone. Eight hues readable on the dark surfaces (at least 4.5:1 against --surface).
 */
export const SUBSCRIPTION_COLORS = [
	'#6cb6ff',
	'#f0a35e',
	'#7bd88f',
	'#e28ad9',
	'#e6d36b',
	'#5fd3d3',
	'#ff8f8f',
	'#b9a2ff',
] as const;

/** The colour of the subscription with this filter. */
export function colorOf(filter: string): string {
	// FNV-1a: small, stable, spreads similar filters ('a/1', 'a/2') apart.
	let hash = 0x811c9dc5;
	for (let i = 0; i < filter.length; i++) {
		hash ^= filter.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return SUBSCRIPTION_COLORS[hash % SUBSCRIPTION_COLORS.length] ?? SUBSCRIPTION_COLORS[0];
}
