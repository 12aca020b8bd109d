// The terminal's colours in Starlight's two themes. Commands print the 16 ANSI colours (the
// prompt is bold green and bold blue, our notices cyan, grep's matches red); each palette keeps
// every one of them at WCAG AA contrast (4.5:1) on its background, except the colour that *is*
// the background's family (black on dark, white on light), which programs use for text that is
// meant to recede. xterm's minimumContrastRatio (set by the page) lifts even those to 4.5:1.
// Bold text is drawn in the bright variants (xterm's drawBoldTextInBrightColors).

export type ThemeName = 'dark' | 'light';

/** The keys of xterm's ITheme we set, all `#rrggbb` (the selection takes `#rrggbbaa`). */
export interface LabTheme {
	readonly background: string;
	readonly foreground: string;
	readonly cursor: string;
	readonly cursorAccent: string;
	readonly selectionBackground: string;
	readonly selectionForeground: string;
	readonly black: string;
	readonly red: string;
	readonly green: string;
	readonly yellow: string;
	readonly blue: string;
	readonly magenta: string;
	readonly cyan: string;
	readonly white: string;
	readonly brightBlack: string;
	readonly brightRed: string;
	readonly brightGreen: string;
	readonly brightYellow: string;
	readonly brightBlue: string;
	readonly brightMagenta: string;
	readonly brightCyan: string;
	readonly brightWhite: string;
}

export const LAB_THEMES: Readonly<Record<ThemeName, LabTheme>> = {
	dark: {
		background: '#0d1117',
		foreground: '#e6edf3',
		cursor: '#e6edf3',
		cursorAccent: '#0d1117',
		selectionBackground: '#3b5070',
		selectionForeground: '#ffffff',
		black: '#484f58',
		red: '#ff7b72',
		green: '#3fb950',
		yellow: '#d29922',
		blue: '#58a6ff',
		magenta: '#bc8cff',
		cyan: '#39c5cf',
		white: '#b1bac4',
		brightBlack: '#8b949e',
		brightRed: '#ffa198',
		brightGreen: '#56d364',
		brightYellow: '#e3b341',
		brightBlue: '#79c0ff',
		brightMagenta: '#d2a8ff',
		brightCyan: '#56d4dd',
		brightWhite: '#ffffff',
	},
	light: {
		background: '#f6f8fa',
		foreground: '#1f2328',
		cursor: '#1f2328',
		cursorAccent: '#f6f8fa',
		selectionBackground: '#b6d3f7',
		selectionForeground: '#1f2328',
		black: '#24292f',
		red: '#c21c2c',
		green: '#116329',
		yellow: '#7a4b00',
		blue: '#0757b8',
		magenta: '#7340c8',
		cyan: '#116a71',
		white: '#59636e',
		brightBlack: '#57606a',
		brightRed: '#a40e26',
		brightGreen: '#1a6f33',
		brightYellow: '#633c01',
		brightBlue: '#0550ae',
		brightMagenta: '#6639ba',
		brightCyan: '#0b5c63',
		brightWhite: '#4b535d',
	},
};

/** Starlight's `<html data-theme>`: anything but `light` is dark, as Starlight's own default. */
export function themeFor(dataTheme: string | undefined): LabTheme {
	return dataTheme === 'light' ? LAB_THEMES.light : LAB_THEMES.dark;
}

function luminance(hex: string): number {
	const channel = (i: number): number => {
		const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	};
	return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
	return (hi + 0.05) / (lo + 0.05);
}
