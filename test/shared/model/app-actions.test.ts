import { describe, expect, it } from 'vitest';
import {
	ACTION_IDS,
	ACTIONS,
	formatShortcut,
	matchesShortcut,
	type KeyPress,
} from '../../../shared/model/app-actions';

function press(key: string, code: string, mods: Partial<KeyPress> = {}): KeyPress {
	return { key, code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods };
}

describe('app actions', () => {
	it('names each action once, and no two share a shortcut', () => {
		expect(ACTIONS.map((action) => action.id).sort()).toEqual([...ACTION_IDS].sort());
		const shortcuts = ACTIONS.flatMap((action) =>
			[action.shortcut, action.altShortcut].filter((s) => s !== undefined),
		);
		expect(new Set(shortcuts).size).toBe(shortcuts.length);
	});

	it.each<[string, KeyPress, boolean, boolean]>([
		['CmdOrCtrl+K', press('k', 'KeyK', { ctrlKey: true }), false, true],
		['CmdOrCtrl+K', press('k', 'KeyK', { metaKey: true }), true, true],
		['CmdOrCtrl+K', press('k', 'KeyK', { metaKey: true }), false, false],
		['CmdOrCtrl+K', press('K', 'KeyK', { ctrlKey: true, shiftKey: true }), false, false],
		['CmdOrCtrl+Shift+P', press('P', 'KeyP', { ctrlKey: true, shiftKey: true }), false, true],
		// A non-Latin layout: the physical key counts.
		['CmdOrCtrl+F', press('а', 'KeyF', { ctrlKey: true }), false, true],
		['CmdOrCtrl+Enter', press('Enter', 'Enter', { metaKey: true }), true, true],
		['CmdOrCtrl+Alt+=', press('≠', 'Equal', { metaKey: true, altKey: true }), true, true],
		['CmdOrCtrl+1', press('1', 'Digit1', { ctrlKey: true }), false, true],
		['CmdOrCtrl+1', press('1', 'Digit1', { ctrlKey: true, altKey: true }), false, false],
	])('%s matches %o on macOS=%s: %s', (shortcut, key, isMac, expected) => {
		expect(matchesShortcut(shortcut, key, isMac)).toBe(expected);
	});

	it.each([
		['CmdOrCtrl+Shift+P', false, 'Ctrl+Shift+P'],
		['CmdOrCtrl+Shift+P', true, '⇧⌘P'],
		['CmdOrCtrl+Enter', false, 'Ctrl+Enter'],
		['CmdOrCtrl+Enter', true, '⌘↩'],
		['CmdOrCtrl+Alt+=', false, 'Ctrl+Alt+='],
		['CmdOrCtrl+,', true, '⌘,'],
	] as const)('writes %s on macOS=%s as %s', (shortcut, isMac, expected) => {
		expect(formatShortcut(shortcut, isMac)).toBe(expected);
	});
});
