// What xterm sends for each key, decoded into editing commands with readline's default emacs
// bindings (bash(1), READLINE, "Commands for Moving" and "Killing and Yanking").
//
// xterm emits every key's sequence whole in one onData call (see xterm.js's Keyboard evaluation),
// so a chunk is decoded on its own: a lone ESC at the end of a chunk is the Escape key, not the
// start of a sequence still on its way. The one thing that spans calls is a bracketed paste
// (ESC [ 200 ~ … ESC [ 201 ~, enabled by the controller with DECSET 2004), which is buffered here
// until it ends.

import type { KeyAction, SimpleKey } from './types';

const PASTE_START = '\x1b[200~';
const PASTE_END = '\x1b[201~';

/** A paste larger than this is cut: the line editor caps lines far below it anyway. */
export const MAX_PASTE = 256 * 1024;

/** Control characters, as readline binds them (C-a … C-_ and DEL). */
const CONTROL: Readonly<Record<string, SimpleKey>> = {
	'\x01': 'home', // C-a beginning-of-line
	'\x02': 'left', // C-b backward-char
	'\x03': 'interrupt', // C-c: the tty's VINTR
	'\x04': 'eof', // C-d delete-char, or end of file on an empty line
	'\x05': 'end', // C-e end-of-line
	'\x06': 'right', // C-f forward-char
	'\x07': 'abort', // C-g abort
	'\x08': 'backspace', // C-h (xterm sends it for Ctrl-Backspace)
	'\x09': 'tab', // C-i complete
	'\x0a': 'enter', // C-j accept-line
	'\x0b': 'kill-to-end', // C-k kill-line
	'\x0c': 'clear-screen', // C-l clear-screen
	'\x0d': 'enter', // C-m accept-line: xterm's Enter
	'\x0e': 'down', // C-n next-history
	'\x10': 'up', // C-p previous-history
	'\x12': 'reverse-search', // C-r reverse-search-history
	'\x14': 'transpose', // C-t transpose-chars
	'\x15': 'kill-to-start', // C-u unix-line-discard
	'\x17': 'kill-word-back', // C-w unix-word-rubout
	'\x19': 'yank', // C-y yank
	'\x7f': 'backspace', // DEL: xterm's Backspace
};

/** ESC followed by a character: readline's meta bindings. */
const META: Readonly<Record<string, SimpleKey>> = {
	b: 'word-left', // M-b backward-word
	B: 'word-left',
	f: 'word-right', // M-f forward-word
	F: 'word-right',
	d: 'kill-word-forward', // M-d kill-word
	D: 'kill-word-forward',
	'\x7f': 'kill-alnum-back', // M-DEL backward-kill-word
	'\x08': 'kill-alnum-back',
};

/** Final byte of a CSI sequence without a `~`: cursor keys (ECMA-48 CUU… and xterm's Home/End). */
const CSI_FINAL: Readonly<Record<string, SimpleKey>> = { A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end' };

/** `CSI n ~` keys (VT220 editing keypad). */
const CSI_TILDE: Readonly<Record<string, SimpleKey>> = { '1': 'home', '7': 'home', '3': 'delete', '4': 'end', '8': 'end' };

/** xterm's modifier parameter is 1 + (shift 1 | alt 2 | ctrl 4): Ctrl- and Alt-arrows move by word. */
function modified(key: SimpleKey, modifier: number): SimpleKey {
	const bits = modifier - 1;
	if (bits > 0 && (bits & 6) !== 0) {
		if (key === 'left') return 'word-left';
		if (key === 'right') return 'word-right';
	}
	return key;
}

function csi(params: string, final: string): SimpleKey | undefined {
	const [first = '', mod = '1'] = params.split(';');
	if (final === '~') {
		const key = CSI_TILDE[first];
		return key === undefined ? undefined : modified(key, Number(mod));
	}
	const key = CSI_FINAL[final];
	if (key === undefined || (first !== '' && first !== '1')) return undefined;
	return modified(key, Number(mod));
}

/** A printable run: not C0, not DEL, not C1. */
const PRINTABLE = /^[^\x00-\x1f\x7f-\x9f]+/;
const CSI_SEQUENCE = /^\x1b\[([0-?]*)[ -/]*([@-~])/;

export class KeyDecoder {
	/** Text of a bracketed paste whose end has not arrived yet. */
	private paste: string | undefined;

	/** Decodes one onData chunk. Unknown sequences (F-keys, PageUp, mouse reports) are dropped. */
	feed(data: string): KeyAction[] {
		const out: KeyAction[] = [];
		let rest = data;
		while (rest.length > 0) {
			if (this.paste !== undefined) {
				const end = rest.indexOf(PASTE_END);
				const part = end < 0 ? rest : rest.slice(0, end);
				if (this.paste.length < MAX_PASTE) this.paste = (this.paste + part).slice(0, MAX_PASTE);
				if (end < 0) return out;
				out.push({ kind: 'paste', text: this.paste });
				this.paste = undefined;
				rest = rest.slice(end + PASTE_END.length);
				continue;
			}
			if (rest.startsWith(PASTE_START)) {
				this.paste = '';
				rest = rest.slice(PASTE_START.length);
				continue;
			}
			const printable = PRINTABLE.exec(rest);
			if (printable !== null) {
				out.push({ kind: 'insert', text: printable[0] });
				rest = rest.slice(printable[0].length);
				continue;
			}
			const c = rest[0] as string;
			if (c !== '\x1b') {
				const key = CONTROL[c];
				if (key !== undefined) out.push({ kind: key });
				rest = rest.slice(1);
				continue;
			}
			rest = this.escape(rest, out);
		}
		return out;
	}

	/** True while a bracketed paste is still arriving. */
	get pasting(): boolean {
		return this.paste !== undefined;
	}

	/** Decodes the sequence at the start of `rest` (which begins with ESC); returns what follows it. */
	private escape(rest: string, out: KeyAction[]): string {
		const seq = CSI_SEQUENCE.exec(rest);
		if (seq !== null) {
			const key = csi(seq[1] as string, seq[2] as string);
			if (key !== undefined) out.push({ kind: key });
			return rest.slice(seq[0].length);
		}
		const next = rest[1];
		if (next === undefined) {
			out.push({ kind: 'escape' });
			return '';
		}
		if (next === '[') return ''; // a CSI cut short: nothing after it in this chunk is reliable
		if (next === 'O') {
			// SS3: cursor keys in application mode (DECCKM), F1-F4.
			const key = rest[2] === undefined ? undefined : CSI_FINAL[rest[2]];
			if (key !== undefined) out.push({ kind: key });
			return rest.slice(3);
		}
		const meta = META[next];
		if (meta !== undefined) {
			out.push({ kind: meta });
			return rest.slice(2);
		}
		if (next === '\x1b') {
			out.push({ kind: 'escape' });
			return rest.slice(1);
		}
		// Another meta key readline leaves unbound by default (M-x, M-Enter): nothing happens.
		return rest.slice(1 + (next.codePointAt(0) as number > 0xffff ? 2 : 1));
	}
}
