// Where each cluster of the prompt and the line lands on screen, as xterm places them with
// autowrap on: a cluster that does not fit in the row starts the next one, so a wide character
// never straddles the margin (the last cell of that row stays empty). Rows count from the row the
// prompt starts on.
//
// After a character lands in the last column xterm does not move yet: the cursor waits at the
// margin ("pending wrap", VT100's last-column flag) and any cursor movement first lands on that
// last cell. The renderer never leaves it there (it writes a space and a CR, as readline does), so
// the layout reports the end of such a line on the next row, column 0, and flags it.

export interface Pos {
	readonly row: number;
	readonly col: number;
}

export interface Layout {
	/** Where each item (a cluster of the prompt, then of the line) is drawn. */
	readonly at: readonly Pos[];
	/**
	 * Where the cursor stands when item i is about to be written: after item i-1. It differs from
	 * `at[i]` only when a wide item does not fit and xterm itself moves it to the next row.
	 */
	readonly before: readonly Pos[];
	/** Just after the last item, never in the column past the margin. */
	readonly end: Pos;
	/** The last item ended exactly at the margin: whoever wrote it must resolve the pending wrap. */
	readonly pendingWrap: boolean;
	/** Last cells of rows left empty because a wide character did not fit there. */
	readonly gaps: readonly Pos[];
}

/** xterm never has fewer than 2 columns worth laying out; a wide character needs 2. */
export const MIN_COLUMNS = 2;

/** Lays out items of the given cell widths (1 or 2) from `startCol` of row 0. */
export function layout(startCol: number, columns: number, widths: readonly number[]): Layout {
	const cols = Math.max(MIN_COLUMNS, Math.floor(columns));
	let row = 0;
	let col = Math.max(0, startCol) % cols;
	const at: Pos[] = [];
	const before: Pos[] = [];
	const gaps: Pos[] = [];
	for (const w of widths) {
		before.push(col === cols ? { row: row + 1, col: 0 } : { row, col });
		if (col + w > cols) {
			if (col < cols) gaps.push({ row, col });
			row++;
			col = 0;
		}
		at.push({ row, col });
		col += w;
	}
	if (col === cols) return { at, before, end: { row: row + 1, col: 0 }, pendingWrap: true, gaps };
	return { at, before, end: { row, col }, pendingWrap: false, gaps };
}

export function comparePos(a: Pos, b: Pos): number {
	return a.row !== b.row ? a.row - b.row : a.col - b.col;
}

const CSI = '\x1b[';

/** The shortest cursor motion between two cells: CUU/CUD and CHA across rows, CUB/CUF within one. */
export function moveCursor(from: Pos, to: Pos): string {
	let s = '';
	const n = (k: number): string => (k === 1 ? '' : String(k));
	if (to.row < from.row) s += `${CSI}${n(from.row - to.row)}A`;
	if (to.row > from.row) s += `${CSI}${n(to.row - from.row)}B`;
	if (to.row !== from.row) {
		if (to.col !== from.col) s += `${CSI}${to.col + 1}G`;
	} else if (to.col < from.col) s += `${CSI}${n(from.col - to.col)}D`;
	else if (to.col > from.col) s += `${CSI}${n(to.col - from.col)}C`;
	return s;
}
