// The key decoder: what xterm sends for each key (normal and application cursor mode, modifier
// parameters, meta as ESC prefix) and bracketed paste, one table row per sequence.

import { describe, expect, it } from 'vitest';
import { KeyDecoder, type KeyAction } from '../../../src/terminal';

const k = (kind: string): KeyAction => ({ kind }) as KeyAction;

const CASES: readonly { name: string; data: string; actions: KeyAction[] }[] = [
	{ name: 'printable run is one insert', data: 'ls -l', actions: [{ kind: 'insert', text: 'ls -l' }] },
	{ name: 'IME commit of CJK text', data: '你好世界', actions: [{ kind: 'insert', text: '你好世界' }] },
	{ name: 'emoji (surrogate pair)', data: '👍', actions: [{ kind: 'insert', text: '👍' }] },
	{ name: 'Enter (CR)', data: '\r', actions: [k('enter')] },
	{ name: 'C-j (LF) accepts too', data: '\n', actions: [k('enter')] },
	{ name: 'Backspace (DEL)', data: '\x7f', actions: [k('backspace')] },
	{ name: 'Ctrl-Backspace / C-h', data: '\x08', actions: [k('backspace')] },
	{ name: 'Tab', data: '\t', actions: [k('tab')] },
	{ name: 'arrows', data: '\x1b[A\x1b[B\x1b[C\x1b[D', actions: [k('up'), k('down'), k('right'), k('left')] },
	{ name: 'arrows in application cursor mode (SS3)', data: '\x1bOA\x1bOB\x1bOC\x1bOD', actions: [k('up'), k('down'), k('right'), k('left')] },
	{ name: 'Home and End: CSI H/F, SS3 H/F, CSI 1~/4~, 7~/8~', data: '\x1b[H\x1b[F\x1bOH\x1bOF\x1b[1~\x1b[4~\x1b[7~\x1b[8~', actions: [k('home'), k('end'), k('home'), k('end'), k('home'), k('end'), k('home'), k('end')] },
	{ name: 'Delete', data: '\x1b[3~', actions: [k('delete')] },
	{ name: 'Ctrl-Left/Right move by word', data: '\x1b[1;5D\x1b[1;5C', actions: [k('word-left'), k('word-right')] },
	{ name: 'Alt-Left/Right move by word', data: '\x1b[1;3D\x1b[1;3C', actions: [k('word-left'), k('word-right')] },
	{ name: 'Shift-Left is a plain left', data: '\x1b[1;2D', actions: [k('left')] },
	{ name: 'Ctrl-Up is a plain up', data: '\x1b[1;5A', actions: [k('up')] },
	{ name: 'Alt-b, Alt-f, Alt-d', data: '\x1bb\x1bf\x1bd', actions: [k('word-left'), k('word-right'), k('kill-word-forward')] },
	{ name: 'Alt-Backspace', data: '\x1b\x7f', actions: [k('kill-alnum-back')] },
	{ name: 'C-a C-e C-b C-f', data: '\x01\x05\x02\x06', actions: [k('home'), k('end'), k('left'), k('right')] },
	{ name: 'C-u C-w C-k C-y C-t', data: '\x15\x17\x0b\x19\x14', actions: [k('kill-to-start'), k('kill-word-back'), k('kill-to-end'), k('yank'), k('transpose')] },
	{ name: 'C-l C-c C-d C-r C-g', data: '\x0c\x03\x04\x12\x07', actions: [k('clear-screen'), k('interrupt'), k('eof'), k('reverse-search'), k('abort')] },
	{ name: 'C-p C-n walk history', data: '\x10\x0e', actions: [k('up'), k('down')] },
	{ name: 'lone Escape', data: '\x1b', actions: [k('escape')] },
	{ name: 'Escape Escape', data: '\x1b\x1b', actions: [k('escape'), k('escape')] },
	{ name: 'F-keys, PageUp, Insert, Shift-Tab are dropped', data: '\x1bOP\x1b[15~\x1b[5~\x1b[2~\x1b[Z', actions: [] },
	{ name: 'unbound meta keys are dropped', data: '\x1bx\x1b\r', actions: [] },
	{ name: 'unbound controls are dropped', data: '\x00\x0f\x11\x13\x16\x1a\x1c\x1f', actions: [] },
	{ name: 'C1 controls never become text', data: 'a\x9b31mb\x85', actions: [{ kind: 'insert', text: 'a' }, { kind: 'insert', text: '31mb' }] },
	{ name: 'CSI cut short drops the rest of the chunk', data: 'a\x1b[', actions: [{ kind: 'insert', text: 'a' }] },
	{ name: 'mouse-style CSI with parameters is dropped whole', data: '\x1b[<0;3;4Mx', actions: [{ kind: 'insert', text: 'x' }] },
	{ name: 'typing mixed with keys keeps order', data: 'ab\x1b[Dc\r', actions: [{ kind: 'insert', text: 'ab' }, k('left'), { kind: 'insert', text: 'c' }, k('enter')] },
	{ name: 'non-bracketed multi-line paste is typing and Enters', data: 'echo 1\recho 2\r', actions: [{ kind: 'insert', text: 'echo 1' }, k('enter'), { kind: 'insert', text: 'echo 2' }, k('enter')] },
	{ name: 'bracketed paste is one action, newlines kept', data: '\x1b[200~echo 1\recho 2\r\x1b[201~', actions: [{ kind: 'paste', text: 'echo 1\recho 2\r' }] },
	{ name: 'controls inside a paste stay in its text (the editor cleans it)', data: '\x1b[200~a\x03b\x1b[Dc\x1b[201~x', actions: [{ kind: 'paste', text: 'a\x03b\x1b[Dc' }, { kind: 'insert', text: 'x' }] },
];

describe('KeyDecoder', () => {
	it.each(CASES)('$name', ({ data, actions }) => {
		expect(new KeyDecoder().feed(data)).toEqual(actions);
	});

	it('a bracketed paste may arrive in several chunks', () => {
		const d = new KeyDecoder();
		expect(d.feed('\x1b[200~first li')).toEqual([]);
		expect(d.pasting).toBe(true);
		expect(d.feed('ne\rsecond')).toEqual([]);
		expect(d.feed(' line\x1b[201~\r')).toEqual([{ kind: 'paste', text: 'first line\rsecond line' }, k('enter')]);
		expect(d.pasting).toBe(false);
	});

	it('a paste is capped at MAX_PASTE characters', () => {
		const d = new KeyDecoder();
		const big = 'x'.repeat(300 * 1024);
		const [action] = d.feed(`\x1b[200~${big}\x1b[201~`);
		expect(action?.kind).toBe('paste');
		expect(action?.kind === 'paste' ? action.text.length : 0).toBe(256 * 1024);
	});
});
