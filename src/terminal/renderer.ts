// Draws the edit line (prompt, text, cursor) and keeps it in step with the editor using the fewest
// writes it can: typing at the end writes the character and nothing else; an edit in the middle
// rewrites from the first cluster that changed, erases what the old line had beyond (ED 0) and
// moves back; a cursor motion is a motion. The renderer tracks where the terminal's cursor is
// relative to the prompt's first row (layout.ts), so it never asks the terminal.

import { comparePos, layout, type Layout, moveCursor, MIN_COLUMNS, type Pos } from './layout';
import type { Output, View } from './types';
import { clusters, textWidth, visibleWidths } from './width';

const ERASE_BELOW = '\x1b[J';

interface Shown {
	readonly view: View;
	readonly text: readonly string[];
	readonly promptItems: number;
	readonly layout: Layout;
	readonly cursor: Pos;
}

/**
 * Whether rewriting from `from` leaves old cells showing: the old line reached further than the
 * new one, or a wide character of the new one skips a last cell the old line had written.
 */
function needsErase(old: Layout, next: Layout, from: Pos): boolean {
	if (comparePos(old.end, next.end) > 0) return true;
	return next.gaps.some((g) => comparePos(g, from) >= 0 && comparePos(g, old.end) < 0);
}

export class LineRenderer {
	private columns: number;
	private shown: Shown | undefined;
	/** The terminal's cursor, in the coordinates of `shown.layout`. */
	private at: Pos = { row: 0, col: 0 };
	/** Column the prompt started at: bash prints it right after output without a final newline. */
	private startCol = 0;

	constructor(
		private readonly out: Output,
		columns: number,
	) {
		this.columns = Math.max(MIN_COLUMNS, Math.floor(columns));
	}

	get active(): boolean {
		return this.shown !== undefined;
	}

	get width(): number {
		return this.columns;
	}

	/** What is drawn now and the column its prompt starts at, if a line is shown. */
	get shownLine(): { readonly view: View; readonly startColumn: number } | undefined {
		return this.shown === undefined ? undefined : { view: this.shown.view, startColumn: this.startCol };
	}

	private model(view: View): Shown {
		const text = clusters(view.text);
		const prompt = visibleWidths(view.prompt);
		const lay = layout(this.startCol, this.columns, [...prompt, ...text.map(textWidth)]);
		let index = 0;
		for (let at = 0; index < text.length && at + (text[index] as string).length <= view.cursor; index++) at += (text[index] as string).length;
		return { view, text, promptItems: prompt.length, layout: lay, cursor: lay.at[prompt.length + index] ?? lay.end };
	}

	/** Shows a fresh prompt and line with the cursor at `startColumn` (where output left it). */
	begin(view: View, startColumn = 0): void {
		this.startCol = Math.max(0, startColumn) % this.columns;
		const next = this.model(view);
		this.at = { row: 0, col: this.startCol };
		this.shown = next;
		const drawn = this.writeFrom(next, this.at, view.prompt + view.text);
		const s = drawn + moveCursor(this.at, next.cursor);
		this.at = next.cursor;
		if (s !== '') this.out.write(s);
	}

	/** Brings the screen from the last view to this one. */
	update(view: View): void {
		const old = this.shown;
		if (old === undefined) {
			this.begin(view);
			return;
		}
		const next = this.model(view);
		let s = '';
		if (view.prompt !== old.view.prompt) {
			const origin = { row: 0, col: this.startCol };
			s += moveCursor(this.at, origin);
			this.at = origin;
			if (needsErase(old.layout, next.layout, origin)) s += ERASE_BELOW;
			s += this.writeFrom(next, origin, view.prompt + view.text);
		} else {
			let i = 0;
			while (i < old.text.length && i < next.text.length && old.text[i] === next.text[i]) i++;
			if (i < old.text.length || i < next.text.length) {
				const target = next.layout.before[next.promptItems + i] ?? next.layout.end;
				s += moveCursor(this.at, target);
				this.at = target;
				if (needsErase(old.layout, next.layout, target)) s += ERASE_BELOW;
				s += this.writeFrom(next, target, next.text.slice(i).join(''));
			}
		}
		s += moveCursor(this.at, next.cursor);
		this.at = next.cursor;
		this.shown = next;
		if (s !== '') this.out.write(s);
	}

	/** Writes `data` from `from` to the end of the line, resolving a pending wrap; updates `at`. */
	private writeFrom(next: Shown, from: Pos, data: string): string {
		if (data === '') {
			this.at = from;
			return '';
		}
		this.at = next.layout.end;
		// A space makes xterm wrap now (marking the row as wrapped, so copy and reflow keep the line
		// whole); CR brings the cursor back over it. The next character typed overwrites the space.
		return next.layout.pendingWrap ? `${data} \r` : data;
	}

	/**
	 * Leaves the line: the cursor goes after its end, `suffix` is written there (Ctrl-C's `^C`), and
	 * a new row starts unless the line already ended on a fresh one. The next line needs `begin`.
	 */
	end(suffix = ''): void {
		const shown = this.shown;
		if (shown === undefined) {
			this.out.write(`${suffix}\r\n`);
			return;
		}
		const atFreshRow = shown.layout.end.col === 0 && shown.layout.end.row > 0;
		this.out.write(moveCursor(this.at, shown.layout.end) + suffix + (suffix === '' && atFreshRow ? '' : '\r\n'));
		this.shown = undefined;
	}

	/** Leaves the line with the cursor after its end, on the same row; returns that column. */
	endInPlace(): number {
		const shown = this.shown;
		if (shown === undefined) return 0;
		const s = moveCursor(this.at, shown.layout.end);
		if (s !== '') this.out.write(s);
		this.shown = undefined;
		return shown.layout.end.col;
	}

	/** Forgets the line without writing (the screen was cleared under it). */
	detach(): void {
		this.shown = undefined;
	}

	/**
	 * The terminal changed width. xterm does not reflow the cursor's line (its reflowCursorLine
	 * option stays off), so the old rows are still rows: go back to the prompt's first row, erase,
	 * and draw again at the new width, as bash does on SIGWINCH.
	 */
	resize(columns: number): void {
		const cols = Math.max(MIN_COLUMNS, Math.floor(columns));
		const shown = this.shown;
		this.columns = cols;
		if (shown === undefined) return;
		let s = this.at.row > 0 ? `\x1b[${this.at.row === 1 ? '' : this.at.row}A` : '';
		s += '\r';
		if (this.startCol >= cols) {
			s += '\r\n';
			this.startCol = 0;
		} else if (this.startCol > 0) s += `\x1b[${this.startCol + 1}G`;
		s += ERASE_BELOW;
		this.at = { row: 0, col: this.startCol };
		const next = this.model(shown.view);
		s += this.writeFrom(next, this.at, shown.view.prompt + shown.view.text);
		s += moveCursor(this.at, next.cursor);
		this.at = next.cursor;
		this.shown = next;
		this.out.write(s);
	}
}
