// Columns on the screen. The editor's cursor arithmetic must agree cell for cell with xterm's own,
// or the cursor drifts on every CJK character. So xterm uses these very functions: the adapter
// registers codePointWidth as xterm's Unicode provider (xterm-unicode.ts). East Asian Wide and
// Fullwidth characters and emoji take 2 cells, combining marks and format characters 0,
// everything else 1, as in xterm's Unicode 11 tables but with the engine's newer Unicode data. A "cluster" here is one code point that takes
// room followed by the zero-width ones that ride on it, so the cursor never stops inside é or ❤️.

/** East Asian Width W and F blocks (UAX #11), as xterm's Unicode 11 table has them. */
const WIDE: readonly (readonly [number, number])[] = [
	[0x1100, 0x115f], // Hangul Jamo initial consonants
	[0x2329, 0x232a],
	[0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation
	[0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, CJK compatibility
	[0x3400, 0x4dbf], // CJK extension A
	[0x4e00, 0x9fff], // CJK unified ideographs
	[0xa000, 0xa4cf], // Yi
	[0xa960, 0xa97f],
	[0xac00, 0xd7a3], // Hangul syllables
	[0xf900, 0xfaff], // CJK compatibility ideographs
	[0xfe10, 0xfe19], // vertical forms
	[0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
	[0xff00, 0xff60], // fullwidth forms
	[0xffe0, 0xffe6],
	[0x16fe0, 0x16fe4],
	[0x17000, 0x18aff], // Tangut
	[0x1b000, 0x1b2ff], // Kana supplement and extended
	[0x1f200, 0x1f2ff], // enclosed ideographic supplement
	[0x20000, 0x2fffd], // CJK extensions B–F
	[0x30000, 0x3fffd],
];

const ZERO = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const EMOJI = /^\p{Emoji_Presentation}$/u;

function inRanges(cp: number, ranges: readonly (readonly [number, number])[]): boolean {
	let lo = 0;
	let hi = ranges.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const r = ranges[mid] as readonly [number, number];
		if (cp < r[0]) hi = mid - 1;
		else if (cp > r[1]) lo = mid + 1;
		else return true;
	}
	return false;
}

/** Cells one code point takes: 0, 1 or 2. Control characters never reach here (see sanitize). */
export function codePointWidth(cp: number): 0 | 1 | 2 {
	if (cp < 0x300) return cp === 0 ? 0 : 1; // Latin fast path; U+00AD SOFT HYPHEN takes a cell, as in xterm
	const ch = String.fromCodePoint(cp);
	// Hangul medial vowels and final consonants combine with the initial before them.
	if ((cp >= 0x1160 && cp <= 0x11ff) || ZERO.test(ch)) return 0;
	if (inRanges(cp, WIDE) || EMOJI.test(ch)) return 2;
	return 1;
}

/** Splits text into clusters; zero-width code points with nothing before them are dropped. */
export function clusters(text: string): string[] {
	const out: string[] = [];
	for (const ch of text) {
		const cp = ch.codePointAt(0) as number;
		if (codePointWidth(cp) !== 0) out.push(ch);
		else if (out.length > 0) out[out.length - 1] += ch;
	}
	return out;
}

/** Cells a cluster (or any text without escape sequences) takes. */
export function textWidth(text: string): number {
	let w = 0;
	for (const ch of text) w += codePointWidth(ch.codePointAt(0) as number);
	return w;
}

/** CSI (colours, cursor moves) and two-character ESC sequences: no width on screen. */
const ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;

/** Cell widths of what a prompt shows, skipping its SGR colour sequences. */
export function visibleWidths(prompt: string): number[] {
	return clusters(prompt.replace(ESCAPE, '')).map(textWidth);
}

// C0 and C1 controls, DEL, and lone surrogates: never part of a line the learner edits, since the
// renderer echoes the line and xterm would act on them (ESC ] 52 writes the clipboard, for one).
const CONTROL = /[\x00-\x1f\x7f-\x9f]|[\ud800-\udfff]/gu;

/** Text safe to echo: controls removed, tabs become one space. */
export function sanitize(text: string): string {
	return text.replace(/\t/g, ' ').replace(CONTROL, (c) => (c >= '\ud800' && c <= '\udfff' ? '\ufffd' : ''));
}

const SGR = /\x1b\[[0-9;]*m/g;

/**
 * A prompt keeps its SGR colours and loses every other control: the working directory in it is
 * a name the learner (or a `?run=` link) chose, and `mkdir $'\e]52;…'` must not reach xterm.
 */
export function sanitizePrompt(prompt: string): string {
	let out = '';
	let last = 0;
	for (const m of prompt.matchAll(SGR)) {
		out += sanitize(prompt.slice(last, m.index)) + m[0];
		last = m.index + m[0].length;
	}
	return out + sanitize(prompt.slice(last));
}
