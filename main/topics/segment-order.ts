/**
 * The tree's display order of sibling segments: natural order as `Intl.Collator('en', { numeric:
 * true })` gives it ('2' before '10', 'a' before 'B'), ties (such as '01' and '1') broken by code
 * units so the order is total and the same on every run.
 *
 * The collator is slow for sorting thousands of siblings: the 100,000 children of one node took
 * 0.4–0.9 s on our loaded build machine, two to four times what this takes. Most segments are lower-case ASCII, digits and punctuation, where the collator's
 * order is simple: punctuation < digits < letters, each run of digits compared as one number
 * (leading zeros ignored), everything else one character at a time by the collator's own weights.
 * `compareSegments` does that itself and asks the collator only when a segment holds anything
 * else (an upper-case letter, a non-ASCII character); equal leading characters are skipped at
 * once (siblings often share a prefix: `device-17`, `device-42`). segment-order.test.ts checks the
 * two agree with the collator on every pair it draws.
 */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Primary weight of each fast-path character (ASCII 32–126 but 'A'–'Z'); 0 = not fast-path. */
const WEIGHTS = new Uint8Array(128);
{
	const fast: string[] = [];
	for (let code = 32; code < 127; code++) {
		if (code >= 0x41 && code <= 0x5a) continue;
		fast.push(String.fromCharCode(code));
	}
	// The collator says how these characters order; digits share one weight (runs compare by value).
	fast.sort((a, b) => collator.compare(a, b));
	let weight = 0;
	let digitWeight = 0;
	for (const char of fast) {
		const code = char.charCodeAt(0);
		if (isDigit(code)) {
			// Digits share one weight: runs of them compare by value.
			digitWeight ||= ++weight;
			WEIGHTS[code] = digitWeight;
		} else {
			WEIGHTS[code] = ++weight;
		}
	}
}

/** Whether `segment` orders on the fast path (every character has a weight). */
export function isFastSegment(segment: string): boolean {
	for (let i = 0; i < segment.length; i++) {
		const code = segment.charCodeAt(i);
		if (code >= 128 || WEIGHTS[code] === 0) return false;
	}
	return true;
}

function byCodeUnits(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

function isDigit(code: number): boolean {
	return code >= 0x30 && code <= 0x39;
}

/** The collator's order on two fast-path segments, ties broken by code units. */
function compareFast(a: string, b: string): number {
	const aLength = a.length;
	const bLength = b.length;
	// Equal leading characters compare equal, unless a run of digits goes on past them.
	let start = 0;
	const shorter = Math.min(aLength, bLength);
	while (start < shorter && a.charCodeAt(start) === b.charCodeAt(start)) start++;
	while (start > 0 && isDigit(a.charCodeAt(start - 1))) start--;
	let i = start;
	let j = start;
	for (;;) {
		if (i === aLength) return j === bLength ? byCodeUnits(a, b) : -1;
		if (j === bLength) return 1;
		const ca = a.charCodeAt(i);
		const cb = b.charCodeAt(j);
		if (isDigit(ca) && isDigit(cb)) {
			// Two numbers: the longer (without leading zeros) is larger, else the first digit differing.
			while (i < aLength && a.charCodeAt(i) === 0x30) i++;
			while (j < bLength && b.charCodeAt(j) === 0x30) j++;
			let aEnd = i;
			let bEnd = j;
			while (aEnd < aLength && isDigit(a.charCodeAt(aEnd))) aEnd++;
			while (bEnd < bLength && isDigit(b.charCodeAt(bEnd))) bEnd++;
			if (aEnd - i !== bEnd - j) return aEnd - i - (bEnd - j);
			for (; i < aEnd; i++, j++) {
				const difference = a.charCodeAt(i) - b.charCodeAt(j);
				if (difference !== 0) return difference;
			}
			continue;
		}
		const difference = (WEIGHTS[ca] as number) - (WEIGHTS[cb] as number);
		if (difference !== 0) return difference;
		i++;
		j++;
	}
}

/**
 * Natural order of two segments (negative, zero or positive). `fastA` / `fastB` say whether each
 * is a fast-path segment (`isFastSegment`), which callers remember per segment.
 */
export function compareSegments(a: string, b: string, fastA: boolean, fastB: boolean): number {
	if (fastA && fastB) return compareFast(a, b);
	return collator.compare(a, b) || byCodeUnits(a, b);
}
