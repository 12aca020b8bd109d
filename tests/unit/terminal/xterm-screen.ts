// Real xterm for the tests: @xterm/headless is xterm.js without the DOM renderer, parsing and
// laying out exactly as the page does. These helpers open one with the lab's character widths,
// wait for what was written to be parsed, and read the screen back as text.

import { Terminal } from '@xterm/headless';
import { clusters, textWidth, type View, widthProvider } from '../../../src/terminal';

export interface Cell {
	readonly row: number;
	readonly col: number;
}

/** A headless xterm as the lab opens it (proposed API on for its Unicode provider), tall enough that nothing scrolls off. */
export function headless(cols: number, rows = 100): Terminal {
	return new Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
}

/** A headless xterm that already uses the lab's widths, for printing text plainly. */
export function plainTerminal(cols: number, rows = 100): Terminal {
	const t = headless(cols, rows);
	t.unicode.register(widthProvider);
	t.unicode.activeVersion = widthProvider.version;
	return t;
}

/** Resolves when everything written so far has been parsed. */
export function flush(t: Terminal): Promise<void> {
	return new Promise((resolve) => t.write('', resolve));
}

export async function print(t: Terminal, data: string): Promise<void> {
	t.write(data);
	await flush(t);
}

/** A row's text, from `fromCol`, trailing blanks trimmed (absolute row: scrollback included). */
export function rowText(t: Terminal, row: number, fromCol = 0): string {
	return t.buffer.active.getLine(row)?.translateToString(true, fromCol) ?? '';
}

/** Every row up to the last one with text. */
export function screenRows(t: Terminal): string[] {
	const rows: string[] = [];
	for (let r = 0; r < t.buffer.active.length; r++) rows.push(rowText(t, r));
	while (rows.length > 0 && rows[rows.length - 1] === '') rows.pop();
	return rows;
}

/** The cursor in absolute rows; `col` is `cols` while xterm waits to wrap. */
export function cursorOf(t: Terminal): Cell {
	return { row: t.buffer.active.baseY + t.buffer.active.cursorY, col: t.buffer.active.cursorX };
}

/**
 * How xterm itself lays out the edit line when it is simply printed from `startColumn`: its rows,
 * and where the cursor belongs (on the cluster it stands before, or after the last one, never in
 * the column past the margin: a line that ends there continues on the next row, as readline does).
 */
export async function plainLayout(cols: number, line: { view: View; startColumn: number }): Promise<{ rows: string[]; cursor: Cell }> {
	const pad = ' '.repeat(line.startColumn);
	const parts = clusters(line.view.text);
	const index = clusters(line.view.text.slice(0, line.view.cursor)).length;
	const whole = plainTerminal(cols);
	await print(whole, pad + line.view.prompt + line.view.text);
	const upTo = plainTerminal(cols);
	await print(upTo, pad + line.view.prompt + parts.slice(0, index + 1).join(''));
	const at = cursorOf(upTo);
	const under = parts[index];
	const cursor = under !== undefined ? { row: at.row, col: at.col - textWidth(under) } : at.col >= cols ? { row: at.row + 1, col: 0 } : at;
	const rows = screenRows(whole);
	whole.dispose();
	upTo.dispose();
	return { rows, cursor };
}
