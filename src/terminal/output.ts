// What commands print, made ready for xterm. A command's output uses Unix newlines; a terminal in
// raw mode needs CR LF (the tty's ONLCR does this on a real system). Colours and cursor motions
// (CSI … m, CSI … H) pass through, but nothing that reaches beyond the text does: OSC (window
// title, OSC 8 links, OSC 52 clipboard), DCS/SOS/PM/APC strings, 8-bit C1 controls, terminal
// resets and mode changes (which would turn off bracketed paste or turn on mouse reports), and
// status requests whose replies would arrive as keys. A `?run=` link can make `printf` print any
// bytes; those bytes must not be able to do more than colour the screen.
//
// The filter also follows the column the output ends at, wrapping as xterm does (a wide character
// that does not fit starts the next row), so the next prompt is drawn where bash would draw it:
// right after output that did not end with a newline.

import { codePointWidth } from './width';

type State = 'text' | 'esc' | 'csi' | 'string' | 'string-esc';

/** Final bytes of CSI sequences that are dropped: SM/RM and DECSET/DECRST, DSR, DA, window ops, DECSTR, DECSCUSR. */
const DROPPED_CSI = new Set(['h', 'l', 'n', 'c', 't', 'p', 'q']);

/** ESC + one of these starts a control string that runs until ST (ESC \ or BEL). */
const STRING_START = new Set([']', 'P', 'X', '^', '_']);

/** Two-character escapes that only move the cursor: DECSC, DECRC, IND, NEL, RI. */
const KEPT_ESC = new Set(['7', '8', 'D', 'E', 'M']);

const MAX_SEQUENCE = 64;

export class OutputFilter {
	private state: State = 'text';
	private seq = '';
	private lastWasCR = false;
	/** The cursor's column; equal to `columns` while xterm waits to wrap. */
	column = 0;

	constructor(
		/** The terminal's width; the controller updates it on resize. */
		public columns = 80,
	) {}

	/** Transforms one chunk; sequences cut between chunks are completed by the next one. */
	feed(text: string): string {
		let out = '';
		for (const ch of text) {
			const cp = ch.codePointAt(0) as number;
			switch (this.state) {
				case 'text':
					out += this.text(ch, cp);
					break;
				case 'esc':
					out += this.afterEsc(ch, cp);
					break;
				case 'csi':
					out += this.inCsi(ch, cp);
					break;
				case 'string':
					if (ch === '\x07' || cp === 0x9c) this.state = 'text';
					else if (ch === '\x1b') this.state = 'string-esc';
					break;
				case 'string-esc':
					this.state = ch === '\\' ? 'text' : ch === '\x1b' ? 'string-esc' : 'string';
					break;
			}
		}
		return out;
	}

	private text(ch: string, cp: number): string {
		if (ch === '\n') {
			const s = this.lastWasCR ? '\n' : '\r\n';
			this.lastWasCR = false;
			this.column = 0;
			return s;
		}
		this.lastWasCR = ch === '\r';
		if (ch === '\r') {
			this.column = 0;
			return ch;
		}
		if (ch === '\x1b') {
			this.state = 'esc';
			this.seq = ch;
			return '';
		}
		if (ch === '\b') {
			this.column = Math.max(0, Math.min(this.column, this.columns - 1) - 1);
			return ch;
		}
		if (ch === '\t') {
			this.column = Math.min(this.columns - 1, (Math.floor(this.column / 8) + 1) * 8);
			return ch;
		}
		if (ch === '\x07') return ch;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return ''; // SO/SI would switch charsets; C1 are 8-bit sequences
		if (cp >= 0xd800 && cp <= 0xdfff) return '';
		const w = codePointWidth(cp);
		if (w > 0 && this.column + w > this.columns) this.column = 0;
		this.column += w;
		return ch;
	}

	private afterEsc(ch: string, cp: number): string {
		this.lastWasCR = false;
		if (ch === '[') {
			this.state = 'csi';
			this.seq += ch;
			return '';
		}
		if (STRING_START.has(ch)) {
			this.state = 'string';
			return '';
		}
		if (cp >= 0x20 && cp <= 0x2f) {
			// ESC ( B and other charset designations: intermediates, then a final byte; all dropped.
			this.seq += ch;
			if (this.seq.length > MAX_SEQUENCE) this.state = 'text';
			return '';
		}
		this.state = 'text';
		const kept = this.seq === '\x1b' && KEPT_ESC.has(ch);
		return kept ? `\x1b${ch}` : '';
	}

	private inCsi(ch: string, cp: number): string {
		this.seq += ch;
		if (cp >= 0x40 && cp <= 0x7e) {
			this.state = 'text';
			return this.csiDone(this.seq, ch);
		}
		if (cp < 0x20 || cp > 0x3f || this.seq.length > MAX_SEQUENCE) {
			// Not a CSI sequence after all: drop it.
			this.state = 'text';
		}
		return '';
	}

	private csiDone(seq: string, final: string): string {
		if (DROPPED_CSI.has(final)) return '';
		const params = seq.slice(2, -1);
		const nums = params.split(';').map((p) => (/^\d+$/.test(p) ? Number(p) : 0));
		const n = Math.max(1, nums[0] ?? 0);
		const last = this.columns - 1;
		if (final === 'G' || final === '`') this.column = Math.min(last, n - 1);
		else if (final === 'H' || final === 'f') this.column = Math.min(last, Math.max(1, nums[1] ?? 0) - 1);
		else if (final === 'C') this.column = Math.min(last, this.column + n);
		else if (final === 'D') this.column = Math.max(0, Math.min(this.column, last) - n);
		return seq;
	}
}
