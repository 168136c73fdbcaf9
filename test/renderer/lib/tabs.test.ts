import { describe, expect, it } from 'vitest';
import { tabAfterKey } from '../../../renderer/lib/tabs';

const TABS = ['topics', 'retained', 'tools', 'frames', 'broker'] as const;

describe('tabAfterKey', () => {
	it('moves right and left, wrapping at both ends', () => {
		expect(tabAfterKey(TABS, 'retained', 'ArrowRight')).toBe('tools');
		expect(tabAfterKey(TABS, 'broker', 'ArrowRight')).toBe('topics');
		expect(tabAfterKey(TABS, 'tools', 'ArrowLeft')).toBe('retained');
		expect(tabAfterKey(TABS, 'topics', 'ArrowLeft')).toBe('broker');
	});

	it('goes to the first and the last with Home and End', () => {
		expect(tabAfterKey(TABS, 'frames', 'Home')).toBe('topics');
		expect(tabAfterKey(TABS, 'retained', 'End')).toBe('broker');
	});

	it('leaves other keys to the page', () => {
		expect(tabAfterKey(TABS, 'tools', 'ArrowDown')).toBeUndefined();
		expect(tabAfterKey(TABS, 'tools', 'Enter')).toBeUndefined();
	});
});
