/**
 * The WAI-ARIA tabs pattern's keys: → and ← move along the tabs (wrapping), Home and End go to the
 * first and the last. Every tab list of the app moves by this one rule.
 */

/** The tab a key moves to from `current`, or undefined when the key is not one of the pattern's. */
export function tabAfterKey<T>(tabs: readonly T[], current: T, key: string): T | undefined {
	const at = tabs.indexOf(current);
	const last = tabs.length - 1;
	if (key === 'ArrowRight') return tabs[(at + 1) % tabs.length];
	if (key === 'ArrowLeft') return tabs[(at + last) % tabs.length];
	if (key === 'Home') return tabs[0];
	if (key === 'End') return tabs[last];
	return undefined;
}
