// Cell widths as xterm (with its Unicode 11 tables) counts them, clusters, and cleaning of text.

import { describe, expect, it } from 'vitest';
import { clusters, codePointWidth, sanitize, sanitizePrompt, textWidth, visibleWidths } from '../../../src/terminal';

const cp = (s: string): number => s.codePointAt(0) as number;

describe('codePointWidth', () => {
	it.each([
		{ name: 'ASCII letter', ch: 'a', width: 1 },
		{ name: 'Latin-1 é (precomposed)', ch: 'é', width: 1 },
		{ name: 'soft hyphen takes a cell', ch: '\u00ad', width: 1 },
		{ name: 'combining acute', ch: '\u0301', width: 0 },
		{ name: 'zero width joiner', ch: '\u200d', width: 0 },
		{ name: 'variation selector 16', ch: '\ufe0f', width: 0 },
		{ name: 'Hangul final consonant', ch: '\u11a8', width: 0 },
		{ name: 'CJK ideograph', ch: '中', width: 2 },
		{ name: 'CJK punctuation', ch: '，', width: 2 },
		{ name: 'ideographic space', ch: '\u3000', width: 2 },
		{ name: 'Hiragana', ch: 'あ', width: 2 },
		{ name: 'Hangul syllable', ch: '한', width: 2 },
		{ name: 'fullwidth A', ch: 'Ａ', width: 2 },
		{ name: 'halfwidth katakana', ch: 'ｱ', width: 1 },
		{ name: 'CJK extension B', ch: '𠀀', width: 2 },
		{ name: 'emoji with emoji presentation', ch: '👍', width: 2 },
		{ name: 'heart (text presentation by default)', ch: '❤', width: 1 },
		{ name: 'box drawing', ch: '─', width: 1 },
		{ name: 'Greek', ch: 'λ', width: 1 },
	])('$name', ({ ch, width }) => {
		expect(codePointWidth(cp(ch))).toBe(width);
	});
});

describe('clusters', () => {
	it.each([
		{ name: 'ASCII', text: 'abc', clusters: ['a', 'b', 'c'] },
		{ name: 'decomposed é stays one cluster', text: 'e\u0301x', clusters: ['e\u0301', 'x'] },
		{ name: 'heart with VS16', text: '❤\ufe0f!', clusters: ['❤\ufe0f', '!'] },
		{ name: 'leading combining mark is dropped', text: '\u0301ab', clusters: ['a', 'b'] },
		{ name: 'surrogate pairs stay whole', text: '𠀀👍', clusters: ['𠀀', '👍'] },
		{ name: 'ZWJ sequence: one cluster per visible code point, as xterm draws it', text: '👨\u200d👩', clusters: ['👨\u200d', '👩'] },
	])('$name', ({ text, clusters: expected }) => {
		expect(clusters(text)).toEqual(expected);
	});

	it('widths add up per code point', () => {
		expect(textWidth('ab中文👍')).toBe(8);
		expect(textWidth('e\u0301')).toBe(1);
	});
});

describe('sanitize', () => {
	it.each([
		{ name: 'keeps text', text: 'iptables -t nat -S', out: 'iptables -t nat -S' },
		{ name: 'drops C0 and DEL', text: 'a\x00b\x1b[31mc\x7fd', out: 'ab[31mcd' },
		{ name: 'drops C1 (8-bit CSI, OSC)', text: 'a\x9b2Jb\x9d0;x', out: 'a2Jb0;x' },
		{ name: 'tab becomes a space', text: 'a\tb', out: 'a b' },
		{ name: 'newlines go', text: 'a\r\nb', out: 'ab' },
		{ name: 'lone surrogates become U+FFFD', text: 'a\ud800b\udc00', out: 'a\ufffdb\ufffd' },
		{ name: 'keeps CJK and emoji', text: '中文 👍', out: '中文 👍' },
	])('$name', ({ text, out }) => {
		expect(sanitize(text)).toBe(out);
	});

	it('a prompt keeps its colours and loses every other sequence', () => {
		expect(sanitizePrompt('\x1b[01;32mroot@h\x1b[00m:\x1b]0;title\x07/tmp# ')).toBe('\x1b[01;32mroot@h\x1b[00m:]0;title/tmp# ');
	});

	it('visible widths skip SGR', () => {
		expect(visibleWidths('\x1b[01;32mab\x1b[00m中')).toEqual([1, 1, 2]);
	});
});
