// Go's text/tabwriter, which kubectl prints every table and every `describe` through. Cells are
// the tab-terminated pieces of a line; a line's last piece is not a cell and is never padded.
// Columns are aligned per "column block": consecutive lines that all have a cell in that column.
// A cell's column is as wide as its widest cell plus `padding`, and at least `minwidth`.
// (Go's src/text/tabwriter/tabwriter.go, format(); kubectl uses minwidth 0, padding 2 for
// describe and minwidth 6, padding 3 for tables.)

export interface TabOptions {
	readonly minwidth: number;
	readonly padding: number;
}

/** Aligns `text` (lines separated by '\n', cells by '\t') as tabwriter.Flush would print it. */
export function tabwrite(text: string, o: TabOptions): string {
	const ends = text.endsWith('\n');
	const lines = (ends ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
	const out: string[] = new Array<string>(lines.length).fill('');
	const widths: number[] = [];

	const write = (line0: number, line1: number): void => {
		for (let i = line0; i < line1; i++) {
			const cells = lines[i] as string[];
			let s = '';
			cells.forEach((c, j) => {
				s += j < widths.length && j < cells.length - 1 ? c.padEnd(widths[j] as number) : c;
			});
			out[i] = s;
		}
	};

	const format = (line0: number, line1: number): void => {
		const column = widths.length;
		let start = line0;
		for (let i = line0; i < line1; i++) {
			if (column >= (lines[i] as string[]).length - 1) continue;
			// A block begins at line i: print what came before it with the widths known so far.
			write(start, i);
			start = i;
			let width = o.minwidth;
			let j = i;
			for (; j < line1; j++) {
				const cells = lines[j] as string[];
				if (column >= cells.length - 1) break;
				width = Math.max(width, [...(cells[column] as string)].length + o.padding);
			}
			widths.push(width);
			format(start, j);
			widths.pop();
			start = j;
			i = j - 1;
		}
		write(start, line1);
	};

	format(0, lines.length);
	return out.join('\n') + (ends ? '\n' : '');
}
