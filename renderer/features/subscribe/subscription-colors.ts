/**
 * Each subscription's colour, chosen from its filter so it stays the same across edits, restarts
 * and views. Always shown beside the filter text: the colour helps the eye, it never carries the
 * meaning alone. Eight hues per theme (renderer/app/theme.css, --subscription-1…8), each at least
 * 4.5:1 against the surfaces it is drawn on (test/renderer/app/theme-contrast.test.ts).
 */
export const SUBSCRIPTION_COLORS = [
	'var(--subscription-1)',
	'var(--subscription-2)',
	'var(--subscription-3)',
	'var(--subscription-4)',
	'var(--subscription-5)',
	'var(--subscription-6)',
	'var(--subscription-7)',
	'var(--subscription-8)',
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
