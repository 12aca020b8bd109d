// The terminal's palettes stay readable in both Starlight themes: every colour a command can
// print, and the plain text, reach WCAG AA contrast (4.5:1) on the terminal's background.

import { describe, expect, it } from 'vitest';
import { contrastRatio, LAB_THEMES, type LabTheme, themeFor } from '../../../src/terminal';

const TEXT_COLOURS: readonly (keyof LabTheme)[] = [
	'foreground', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white',
	'brightBlack', 'brightRed', 'brightGreen', 'brightYellow', 'brightBlue', 'brightMagenta', 'brightCyan', 'brightWhite',
];

describe('terminal themes', () => {
	it.each([
		['dark', ['white', 'brightWhite'], 'black'],
		['light', ['black', 'brightBlack'], 'brightWhite'],
	] as const)('%s: text colours reach 4.5:1', (name, _recede, background) => {
		const theme = LAB_THEMES[name];
		const colours = TEXT_COLOURS.filter((c) => !(name === 'light' && c === 'brightWhite'));
		const low = colours.map((c) => [c, contrastRatio(theme[c], theme.background)] as const).filter(([, r]) => r < 4.5);
		expect(low).toEqual([]);
		// The colour of the background's own family is the one allowed to recede (xterm's minimumContrastRatio lifts it).
		expect(contrastRatio(theme[background], theme.background)).toBeLessThan(contrastRatio(theme.foreground, theme.background));
	});

	it.each(['dark', 'light'] as const)('%s: the cursor and selected text are visible', (name) => {
		const theme = LAB_THEMES[name];
		expect(contrastRatio(theme.cursor, theme.background)).toBeGreaterThanOrEqual(4.5);
		expect(contrastRatio(theme.selectionForeground, theme.selectionBackground)).toBeGreaterThanOrEqual(4.5);
	});

	it('follows Starlight: light only when the page says so', () => {
		expect(themeFor('light')).toBe(LAB_THEMES.light);
		expect(themeFor('dark')).toBe(LAB_THEMES.dark);
		expect(themeFor(undefined)).toBe(LAB_THEMES.dark);
	});

	it('computes WCAG contrast', () => {
		expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
		expect(contrastRatio('#777777', '#777777')).toBe(1);
	});
});
