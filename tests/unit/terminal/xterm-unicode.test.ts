// xterm counts cells with width.ts's function (xterm-unicode.ts), so the editor and the screen
// agree on every code point: a sweep of code points printed by real xterm, and the clusters the
// editor moves over (a letter and its marks, wide characters at the margin) as cases.

import { describe, expect, it } from 'vitest';
import { clusters, codePointWidth, textWidth, widthProvider } from '../../../src/terminal';
import { cursorOf, plainTerminal, print, rowText } from './xterm-screen';

/** Emoji blocks whole (many are newer than Unicode 11), and a stride through the rest. */
function sample(): number[] {
	const cps: number[] = [];
	for (let cp = 0x1f300; cp <= 0x1faff; cp++) cps.push(cp);
	for (let cp = 0xa0; cp <= 0xffff; cp += 5) if (cp < 0xd800 || cp > 0xdfff) cps.push(cp);
	for (let cp = 0x10000; cp <= 0x3ffff; cp += 997) cps.push(cp);
	return cps;
}

describe('xterm with the lab widths', () => {
	it('gives every sampled code point the width width.ts gives it', async () => {
		const cps = sample().filter((cp) => codePointWidth(cp) > 0);
		const wrong: string[] = [];
		for (let i = 0; i < cps.length; i += 400) {
			const batch = cps.slice(i, i + 400);
			const xterm = plainTerminal(8, batch.length + 1);
			await print(xterm, batch.map((cp) => String.fromCodePoint(cp)).join('\r\n'));
			batch.forEach((cp, row) => {
				const width = xterm.buffer.active.getLine(row)?.getCell(0)?.getWidth();
				if (width !== codePointWidth(cp)) wrong.push(`U+${cp.toString(16)}: xterm ${width}, width.ts ${codePointWidth(cp)}`);
			});
			xterm.dispose();
		}
		expect(wrong).toEqual([]);
		expect(cps.length).toBeGreaterThan(5000);
	});

	it.each([
		{ name: 'a combining accent joins its letter', text: 'cafe\u0301!', cells: 5 },
		{ name: 'several marks join one letter', text: 'a\u0301\u0323b', cells: 2 },
		{ name: 'a mark on a wide character keeps it wide', text: '中\u0301x', cells: 3 },
		{ name: 'a variation selector joins the heart', text: '\u2764\ufe0fx', cells: 2 },
		{ name: 'an emoji newer than Unicode 11', text: '🫠x', cells: 3 },
		{ name: 'Hangul syllables', text: '한국', cells: 4 },
		{ name: 'Hangul jamo: the vowel joins the initial', text: '\u1100\u1161x', cells: 3 },
		{ name: 'a zero-width joiner sequence is a cluster per emoji', text: '👩\u200d💻', cells: 4 },
	])('$name', async ({ text, cells }) => {
		expect(textWidth(text)).toBe(cells);
		const xterm = plainTerminal(40);
		await print(xterm, text);
		expect(cursorOf(xterm)).toEqual({ row: 0, col: cells });
		// What the editor steps over as one, xterm keeps in one cell.
		const line = xterm.buffer.active.getLine(0);
		const shown: string[] = [];
		for (let col = 0; col < cells; col++) {
			const cell = line?.getCell(col);
			if (cell !== undefined && cell.getWidth() > 0) shown.push(cell.getChars());
		}
		expect(shown).toEqual(clusters(text));
		xterm.dispose();
	});

	it('a cluster with marks at the margin wraps whole', async () => {
		const xterm = plainTerminal(5);
		await print(xterm, 'abcd中\u0301');
		expect([rowText(xterm, 0), rowText(xterm, 1)]).toEqual(['abcd', '中\u0301']);
		xterm.dispose();
	});

	it('the provider packs widths as xterm reads them', () => {
		const wide = widthProvider.charProperties(0x4e2d, 0);
		const mark = widthProvider.charProperties(0x301, wide);
		expect([(wide >> 1) & 3, wide & 1]).toEqual([2, 0]);
		expect([(mark >> 1) & 3, mark & 1]).toEqual([2, 1]);
		expect(widthProvider.charProperties(0x301, 0) & 1).toBe(0);
	});
});
