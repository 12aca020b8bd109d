// A small model of xterm's screen for tests: autowrap with the pending-wrap flag, wide characters
// that never straddle the margin, CR, LF, BS, CUU/CUD/CUF/CUB/CHA/CUP, EL 0 and ED 0/2/3. It lets
// a test check what the learner would see after a stream of writes, and records where each
// printed character landed, so the renderer can be compared with plain printing.

import { codePointWidth } from '../../../src/terminal';

export interface Cell {
	readonly row: number;
	readonly col: number;
}

export class Screen {
	private grid: string[][] = [];
	row = 0;
	col = 0;
	private pendingWrap = false;
	/** Where each printed cluster went, in order. */
	readonly landed: Cell[] = [];

	constructor(public columns: number) {}

	private line(r: number): string[] {
		while (this.grid.length <= r) this.grid.push([]);
		return this.grid[r] as string[];
	}

	write(data: string): void {
		let i = 0;
		const chars = [...data];
		while (i < chars.length) {
			const ch = chars[i] as string;
			if (ch === '\x1b') {
				i = this.escape(chars, i);
				continue;
			}
			i++;
			if (ch === '\r') {
				this.col = 0;
				this.pendingWrap = false;
			} else if (ch === '\n') {
				this.row++;
				this.pendingWrap = false;
			} else if (ch === '\b') {
				this.col = Math.max(0, this.col - 1);
				this.pendingWrap = false;
			} else if (ch === '\t') {
				this.col = Math.min(this.columns - 1, (Math.floor(this.col / 8) + 1) * 8);
				this.pendingWrap = false;
			} else if (ch === '\x07') {
				// bell
			} else if ((ch.codePointAt(0) as number) < 0x20) {
				throw new Error(`control ${JSON.stringify(ch)} reached the screen`);
			} else this.print(ch);
		}
	}

	private print(ch: string): void {
		const w = codePointWidth(ch.codePointAt(0) as number);
		if (w === 0) {
			const r = this.line(this.row);
			const c = this.pendingWrap ? this.col : Math.max(0, this.col - 1);
			r[c] = (r[c] ?? ' ') + ch;
			return;
		}
		if (this.pendingWrap || this.col + w > this.columns) {
			this.row++;
			this.col = 0;
			this.pendingWrap = false;
		}
		const r = this.line(this.row);
		r[this.col] = ch;
		if (w === 2) r[this.col + 1] = '';
		this.landed.push({ row: this.row, col: this.col });
		this.col += w;
		if (this.col >= this.columns) {
			this.col = this.columns - 1;
			this.pendingWrap = true;
		}
	}

	private escape(chars: string[], at: number): number {
		if (chars[at + 1] !== '[') throw new Error(`unexpected escape ${JSON.stringify(chars.slice(at, at + 3).join(''))}`);
		let j = at + 2;
		let params = '';
		while (j < chars.length && /[0-9;?]/.test(chars[j] as string)) params += chars[j++];
		const final = chars[j] as string;
		const n = params === '' ? 1 : Number(params.split(';')[0]);
		this.pendingWrap = final === 'm' || final === 'h' ? this.pendingWrap : false;
		switch (final) {
			case 'A':
				this.row = Math.max(0, this.row - n);
				break;
			case 'B':
				this.row += n;
				break;
			case 'C':
				this.col = Math.min(this.columns - 1, this.col + n);
				break;
			case 'D':
				this.col = Math.max(0, this.col - n);
				break;
			case 'G':
				this.col = Math.min(this.columns - 1, n - 1);
				break;
			case 'H': {
				const [r = 1, c = 1] = params.split(';').map((p) => (p === '' ? 1 : Number(p)));
				this.row = r - 1;
				this.col = c - 1;
				break;
			}
			case 'K':
				this.line(this.row).splice(this.col);
				break;
			case 'J':
				if (params === '' || params === '0') {
					this.line(this.row).splice(this.col);
					this.grid.splice(this.row + 1);
				} else this.grid = [];
				break;
			case 'm':
			case 'h':
				break;
			default:
				throw new Error(`unexpected CSI ${params}${final}`);
		}
		return j + 1;
	}

	/** Rows as text (wide characters once, empty cells as spaces, trailing spaces trimmed). */
	rows(from = 0): string[] {
		return this.grid.slice(from).map((r) => Array.from({ length: r.length }, (_, i) => r[i] ?? ' ').join('').trimEnd());
	}

	/** One row's text from a column on (wide characters once, empty cells as spaces, trimmed). */
	rowText(row: number, fromCol = 0): string {
		const r = this.grid[row] ?? [];
		let s = '';
		for (let i = fromCol; i < r.length; i++) s += r[i] ?? ' ';
		return s.trimEnd();
	}

	get height(): number {
		return this.grid.length;
	}

	/** The cursor waits at the margin (VT100's last-column flag). */
	get wrapPending(): boolean {
		return this.pendingWrap;
	}

	get cursor(): Cell {
		return { row: this.row, col: this.col };
	}
}
