/**
 * WCAG 2.2 AA contrast in every theme, computed from theme.css itself: 4.5:1 for text on each
 * background it is drawn on, 3:1 for control outlines and the focus ring (WCAG 1.4.3, 1.4.11).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CSS = readFileSync(join(import.meta.dirname, '../../../renderer/app/theme.css'), 'utf8');

function themeVariables(theme: string): Map<string, string> {
	const selector = theme === 'dark' ? ":root,\n[data-theme='dark']" : `[data-theme='${theme}']`;
	const start = CSS.indexOf(`${selector} {`);
	if (start < 0) throw new Error(`no block for ${theme}`);
	const block = CSS.slice(start, CSS.indexOf('}', start));
	return new Map(
		[...block.matchAll(/(--[\w-]+):\s*(#[0-9a-f]{6});/gi)].map((m) => [m[1] ?? '', m[2] ?? '']),
	);
}

function luminance(hex: string): number {
	const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
	const [r, g, b] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
	return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

function contrast(a: string, b: string): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

const BACKGROUNDS = ['--bg', '--surface', '--surface-sunken', '--hover'];
/** Text colours and every background they appear on. */
const TEXT_PAIRS: [string, string[]][] = [
	['--text', [...BACKGROUNDS, '--selection', '--danger-bg', '--warning-bg']],
	['--text-muted', BACKGROUNDS],
	['--text-muted-on-selection', ['--selection']],
	['--accent-on-selection', ['--selection']],
	['--accent', ['--bg', '--surface', '--surface-sunken']],
	['--accent-text', ['--accent']],
	['--value', ['--surface', '--hover', '--selection']],
	['--retained', ['--surface', '--hover', '--selection']],
	['--danger', ['--bg', '--surface', '--danger-bg']],
	['--warning', ['--bg', '--surface', '--warning-bg']],
	['--ok', ['--bg', '--surface', '--surface-sunken']],
	...Array.from({ length: 8 }, (_, i): [string, string[]] => [
		`--subscription-${i + 1}`,
		['--bg', '--surface', '--surface-sunken'],
	]),
];
const NON_TEXT_PAIRS: [string, string[]][] = [
	['--control-border', ['--bg', '--surface', '--surface-sunken']],
	['--accent', ['--bg', '--surface', '--surface-sunken', '--selection']],
];

describe.each(['dark', 'light', 'high-contrast'])('the %s theme', (theme) => {
	const vars = themeVariables(theme);
	const get = (name: string): string => {
		const value = vars.get(name);
		if (value === undefined) throw new Error(`${theme} does not set ${name}`);
		return value;
	};

	it('draws text at 4.5:1 or more on every background it sits on', () => {
		const failures: string[] = [];
		for (const [text, backgrounds] of TEXT_PAIRS) {
			for (const background of backgrounds) {
				const ratio = contrast(get(text), get(background));
				if (ratio < 4.5) failures.push(`${text} on ${background}: ${ratio.toFixed(2)}:1`);
			}
		}
		expect(failures).toEqual([]);
	});

	it('outlines controls and draws the focus ring at 3:1 or more', () => {
		const failures: string[] = [];
		for (const [colour, backgrounds] of NON_TEXT_PAIRS) {
			for (const background of backgrounds) {
				const ratio = contrast(get(colour), get(background));
				if (ratio < 3) failures.push(`${colour} on ${background}: ${ratio.toFixed(2)}:1`);
			}
		}
		expect(failures).toEqual([]);
	});
});

describe('components', () => {
	it('take every colour from the theme, and every font size from the text scale', () => {
		const root = join(import.meta.dirname, '../../../renderer');
		const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
			(name) => /\.(svelte|css|ts)$/.test(name) && !name.endsWith('theme.css'),
		);
		const problems: string[] = [];
		for (const name of files) {
			const text = readFileSync(join(root, name), 'utf8');
			for (const [index, line] of text.split('\n').entries()) {
				if (/#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i.test(line))
					problems.push(`${name}:${index + 1}: ${line.trim()}`);
				if (/font-size:\s*[\d.]+px/.test(line))
					problems.push(`${name}:${index + 1}: ${line.trim()}`);
			}
		}
		expect(problems).toEqual([]);
	});
});
