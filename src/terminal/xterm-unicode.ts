// xterm's character widths from width.ts, so the line editor's cursor arithmetic and xterm's
// screen are computed by one function and cannot disagree. (@xterm/addon-unicode11 carries its
// own Unicode 11 tables: on 791 code points, the marks and emoji added since Unicode 11, they
// differ from the tables of the JavaScript engine that width.ts reads, and the cursor drifted on
// each of them. It also weighed 11 KB gzip of the lab's budget.)
//
// xterm asks a provider two things for each printed code point: its width, and its "properties"
// given the previous code point's properties: one number holding whether it joins the cell
// before it (bit 0), its width (bits 1-2) and a grapheme class (bits 3 and up, unused here; see
// UnicodeCharProperties in xterm's src/common/services/Services.ts). A zero-width code point after
// one that took room joins it, and the joined cell keeps the width of what it joined, which is
// exactly a cluster of width.ts.

import { codePointWidth } from './width';

/** xterm's IUnicodeVersionProvider. */
export interface UnicodeProvider {
	readonly version: string;
	wcwidth(codepoint: number): 0 | 1 | 2;
	charProperties(codepoint: number, preceding: number): number;
}

const JOINS = 1;
const widthOf = (properties: number): number => (properties >>> 1) & 3;
const properties = (width: number, joins: boolean): number => (width << 1) | (joins ? JOINS : 0);

/** The version name the addon registers and makes active. */
export const WIDTH_VERSION = 'sidecar-lab';

export const widthProvider: UnicodeProvider = {
	version: WIDTH_VERSION,
	wcwidth: codePointWidth,
	charProperties(codepoint, preceding) {
		const width = codePointWidth(codepoint);
		const before = widthOf(preceding);
		if (width === 0 && preceding !== 0 && before !== 0) return properties(before, true);
		return properties(width, false);
	},
};
